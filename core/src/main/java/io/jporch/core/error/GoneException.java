package io.jporch.core.error;

/** The resource is no longer served here, or a watch can no longer resume: 410. */
public final class GoneException extends PorchException {
  public GoneException(ResourceRef resource, String message) {
    super(StatusReason.GONE, resource, message, null);
  }

  public GoneException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.GONE, resource, message, cause);
  }
}
