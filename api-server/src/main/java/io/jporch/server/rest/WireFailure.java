package io.jporch.server.rest;

import io.jporch.core.error.StatusReason;

/**
 * A failure of the HTTP exchange itself that has no {@link io.jporch.core.error.PorchException}
 * subclass: 406 Not Acceptable, 413 Request Entity Too Large and 415 Unsupported Media Type. Turned
 * into a Status by {@code StatusMapper} like every other failure.
 */
public final class WireFailure extends RuntimeException {
  private final StatusReason reason;

  public WireFailure(StatusReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public StatusReason reason() {
    return reason;
  }

  public static WireFailure notAcceptable(String message) {
    return new WireFailure(StatusReason.NOT_ACCEPTABLE, message);
  }

  public static WireFailure tooLarge(String message) {
    return new WireFailure(StatusReason.REQUEST_ENTITY_TOO_LARGE, message);
  }

  public static WireFailure unsupportedMediaType(String message) {
    return new WireFailure(StatusReason.UNSUPPORTED_MEDIA_TYPE, message);
  }
}
