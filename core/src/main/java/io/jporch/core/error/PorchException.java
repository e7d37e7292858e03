package io.jporch.core.error;

import java.util.List;

/**
 * Root of every failure jporch reports to a client. Each subclass maps to exactly one Kubernetes
 * status reason; the API server turns it into a {@code Status} in one place.
 */
public abstract sealed class PorchException extends RuntimeException
    permits NotFoundException,
        AlreadyExistsException,
        ConflictException,
        InvalidException,
        ForbiddenException,
        BadRequestException,
        MethodNotAllowedException,
        GoneException,
        UnauthorizedException,
        InternalErrorException,
        ServiceUnavailableException {
  private final StatusReason reason;
  private final ResourceRef resource;

  protected PorchException(
      StatusReason reason, ResourceRef resource, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.resource = resource;
  }

  public final StatusReason reason() {
    return reason;
  }

  /** The object the failure is about; may be null when none applies. */
  public final ResourceRef resource() {
    return resource;
  }

  /** Field-level causes ({@link InvalidException}, render failures); usually empty. */
  public List<FieldError> causes() {
    return List.of();
  }
}
