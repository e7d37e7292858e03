package io.jporch.task.internal;

/** Render stopped: the message is what kpt reports for the failing package or function. */
final class RenderFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RenderFailure(String message) {
    super(message);
  }

  RenderFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
