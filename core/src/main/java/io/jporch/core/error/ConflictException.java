package io.jporch.core.error;

/** A concurrent change or a stale resourceVersion: 409. */
public final class ConflictException extends PorchException {
  public ConflictException(ResourceRef resource, String message) {
    super(StatusReason.CONFLICT, resource, message, null);
  }

  public ConflictException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.CONFLICT, resource, message, cause);
  }
}
