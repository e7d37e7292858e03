package io.jporch.core.fn;

/** A KRM function failed or could not be run; the message names the image. */
public class FunctionException extends RuntimeException {
  public FunctionException(String message) {
    super(message);
  }

  public FunctionException(String message, Throwable cause) {
    super(message, cause);
  }
}
