package io.jporch.core.error;

/** The request carries no valid credentials: 401. */
public final class UnauthorizedException extends PorchException {
  public UnauthorizedException(ResourceRef resource, String message) {
    super(StatusReason.UNAUTHORIZED, resource, message, null);
  }

  public UnauthorizedException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.UNAUTHORIZED, resource, message, cause);
  }
}
