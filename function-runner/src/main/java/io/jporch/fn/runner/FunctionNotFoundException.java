package io.jporch.fn.runner;

/** An evaluator does not know the image (kpt's {@code NotFoundError}); the next one is asked. */
public final class FunctionNotFoundException extends RuntimeException {
  public FunctionNotFoundException(String message) {
    super(message);
  }
}
