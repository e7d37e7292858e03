package io.jporch.core.error;

/** The request is malformed: 400. */
public final class BadRequestException extends PorchException {
  public BadRequestException(ResourceRef resource, String message) {
    super(StatusReason.BAD_REQUEST, resource, message, null);
  }

  public BadRequestException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.BAD_REQUEST, resource, message, cause);
  }
}
