package io.jporch.core.error;

/** An object with that name exists already: 409. */
public final class AlreadyExistsException extends PorchException {
  public AlreadyExistsException(ResourceRef resource, String message) {
    super(StatusReason.ALREADY_EXISTS, resource, message, null);
  }

  public AlreadyExistsException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.ALREADY_EXISTS, resource, message, cause);
  }
}
