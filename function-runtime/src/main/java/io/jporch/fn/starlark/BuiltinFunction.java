package io.jporch.fn.starlark;

import java.util.List;
import java.util.Map;

/**
 * A function implemented in Java: a builtin such as {@code len}, or a method bound to its receiver
 * such as {@code "x".upper}.
 */
public final class BuiltinFunction {
  /** The implementation: receives the thread, the receiver (or null) and the arguments. */
  @FunctionalInterface
  public interface Impl {
    Object call(StarlarkThread thread, Object receiver, Args args);
  }

  /** Positional and named arguments of a call. */
  public record Args(List<Object> positional, Map<String, Object> named) {}

  private final String name;
  private final Object receiver;
  private final Impl impl;

  public BuiltinFunction(String name, Impl impl) {
    this(name, null, impl);
  }

  BuiltinFunction(String name, Object receiver, Impl impl) {
    this.name = name;
    this.receiver = receiver;
    this.impl = impl;
  }

  public String name() {
    return name;
  }

  Object receiver() {
    return receiver;
  }

  Object call(StarlarkThread thread, Args args) {
    return impl.call(thread, receiver, args);
  }
}
