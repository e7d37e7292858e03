package io.jporch.core.error;

import java.util.List;

/** An unexpected failure: 500. */
public final class InternalErrorException extends PorchException {
  private final List<FieldError> causes;

  public InternalErrorException(ResourceRef resource, String message) {
    this(resource, message, (Throwable) null);
  }

  public InternalErrorException(ResourceRef resource, String message, Throwable cause) {
    super(StatusReason.INTERNAL_ERROR, resource, message, cause);
    this.causes = List.of();
  }

  /**
   * A failure with explicit causes for the Status details (e.g. the functions of a failed render);
   * without them the Status carries the message as its only cause.
   */
  public InternalErrorException(ResourceRef resource, String message, List<FieldError> causes) {
    super(StatusReason.INTERNAL_ERROR, resource, message, null);
    this.causes = List.copyOf(causes);
  }

  @Override
  public List<FieldError> causes() {
    return causes;
  }
}
