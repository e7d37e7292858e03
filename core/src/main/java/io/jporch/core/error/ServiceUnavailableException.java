package io.jporch.core.error;

/** A dependency such as a Git remote cannot be reached: 503. */
public final class ServiceUnavailableException extends PorchException {
  public ServiceUnavailableException(ResourceRef resource, String message) {
    super(StatusReason.SERVICE_UNAVAILABLE, resource, message, null);
  }

  public ServiceUnavailableException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.SERVICE_UNAVAILABLE, resource, message, cause);
  }
}
