package io.jporch.fn.starlark;

import java.util.List;

/**
 * A Starlark error: a syntax or resolution error found before execution, a runtime error (with the
 * call stack at the point of failure) or a call to {@code fail}. {@link #getMessage()} is {@code
 * file:line:col: message}; {@link #message()} is the bare message, as starlark-go's {@code
 * EvalError.Error()} reports it; {@link #backtrace()} adds the call stack.
 */
public final class StarlarkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One frame of the call stack: the function name and the position being executed. */
  public record Frame(String function, String position) {}

  private final String message;
  private transient List<Frame> stack;
  private String position;

  StarlarkException(String message) {
    super(message, null, false, false);
    this.message = message;
  }

  StarlarkException(String position, String message) {
    this(message);
    this.position = position;
  }

  /** The message without position. */
  public String message() {
    return message;
  }

  /** {@code file:line:col} of the innermost failing position, or null if unknown. */
  public String position() {
    return position;
  }

  /** The call stack, outermost first (empty for syntax errors). */
  public List<Frame> stack() {
    return stack == null ? List.of() : stack;
  }

  boolean hasStack() {
    return stack != null;
  }

  void setStack(List<Frame> frames) {
    this.stack = List.copyOf(frames);
    if (!frames.isEmpty()) {
      this.position = frames.get(frames.size() - 1).position();
    }
  }

  @Override
  public String getMessage() {
    return position == null ? message : position + ": " + message;
  }

  /** A Python-style traceback, like starlark-go's {@code EvalError.Backtrace()}. */
  public String backtrace() {
    StringBuilder sb = new StringBuilder();
    if (stack != null && !stack.isEmpty()) {
      sb.append("Traceback (most recent call last):\n");
      for (Frame f : stack) {
        sb.append("  ").append(f.position()).append(": in ").append(f.function()).append('\n');
      }
      sb.append("Error: ").append(message);
    } else {
      sb.append(getMessage());
    }
    return sb.toString();
  }
}
