package io.jporch.core.error;

import java.util.List;

/**
 * A concurrent change or a stale resourceVersion: 409. Server-side apply conflicts carry one cause
 * per conflicting field (cause type {@code FieldManagerConflict}) and a message that is sent as is.
 */
public final class ConflictException extends PorchException {
  private final List<FieldError> causes;

  public ConflictException(ResourceRef resource, String message) {
    this(resource, message, (Throwable) null);
  }

  public ConflictException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.CONFLICT, resource, message, cause);
    this.causes = List.of();
  }

  /** A conflict with field causes (server-side apply). */
  public ConflictException(ResourceRef resource, String message, List<FieldError> causes) {
    super(StatusReason.CONFLICT, resource, message, null);
    this.causes = List.copyOf(causes);
  }

  @Override
  public List<FieldError> causes() {
    return causes;
  }
}
