package io.jporch.core.error;

/** The operation is not allowed on the object in its state: 403. */
public final class ForbiddenException extends PorchException {
  public ForbiddenException(ResourceRef resource, String message) {
    super(StatusReason.FORBIDDEN, resource, message, null);
  }

  public ForbiddenException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.FORBIDDEN, resource, message, cause);
  }
}
