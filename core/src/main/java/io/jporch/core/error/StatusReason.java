package io.jporch.core.error;

/** Kubernetes status reasons with their fixed HTTP codes (k8s.io/apimachinery errors.go). */
public enum StatusReason {
  BAD_REQUEST("BadRequest", 400),
  UNAUTHORIZED("Unauthorized", 401),
  FORBIDDEN("Forbidden", 403),
  NOT_FOUND("NotFound", 404),
  METHOD_NOT_ALLOWED("MethodNotAllowed", 405),
  NOT_ACCEPTABLE("NotAcceptable", 406),
  ALREADY_EXISTS("AlreadyExists", 409),
  CONFLICT("Conflict", 409),
  GONE("Gone", 410),
  REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", 413),
  UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", 415),
  INVALID("Invalid", 422),
  TOO_MANY_REQUESTS("TooManyRequests", 429),
  INTERNAL_ERROR("InternalError", 500),
  SERVICE_UNAVAILABLE("ServiceUnavailable", 503),
  TIMEOUT("Timeout", 504);

  private final String reason;
  private final int code;

  StatusReason(String reason, int code) {
    this.reason = reason;
    this.code = code;
  }

  /** The reason string as it appears in a Kubernetes Status. */
  public String reason() {
    return reason;
  }

  /** The HTTP status code. */
  public int code() {
    return code;
  }

  /** True for 5xx reasons, which the API server logs. */
  public boolean isServerError() {
    return code >= 500;
  }
}
