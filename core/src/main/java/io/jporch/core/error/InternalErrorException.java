package io.jporch.core.error;

/** An unexpected failure: 500. */
public final class InternalErrorException extends PorchException {
  public InternalErrorException(ResourceRef resource, String message) {
    super(StatusReason.INTERNAL_ERROR, resource, message, null);
  }

  public InternalErrorException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.INTERNAL_ERROR, resource, message, cause);
  }
}
