package io.jporch.core.error;

/** The object (or a Repository it needs) does not exist: 404. */
public final class NotFoundException extends PorchException {
  public NotFoundException(ResourceRef resource, String message) {
    super(StatusReason.NOT_FOUND, resource, message, null);
  }

  public NotFoundException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.NOT_FOUND, resource, message, cause);
  }
}
