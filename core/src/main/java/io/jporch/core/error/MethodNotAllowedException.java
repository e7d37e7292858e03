package io.jporch.core.error;

/** The verb is not supported on the resource: 405. */
public final class MethodNotAllowedException extends PorchException {
  public MethodNotAllowedException(ResourceRef resource, String message) {
    super(StatusReason.METHOD_NOT_ALLOWED, resource, message, null);
  }

  public MethodNotAllowedException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.METHOD_NOT_ALLOWED, resource, message, cause);
  }
}
