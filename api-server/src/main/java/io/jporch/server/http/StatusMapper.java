package io.jporch.server.http;

import io.jporch.core.api.meta.Status;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.PorchException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.error.StatusReason;
import io.jporch.server.rest.StatusException;
import io.jporch.server.rest.WireFailure;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes a Kubernetes {@code Status}. Messages follow the shapes of
 * k8s.io/apimachinery's error constructors ({@code Operation cannot be fulfilled on ...}, {@code
 * ... is forbidden: ...}, {@code Internal error occurred: ...}); failures that become a 5xx are
 * logged here and nowhere else.
 */
public final class StatusMapper {
  private static final Logger log = LoggerFactory.getLogger(StatusMapper.class);
  private static final String INTERNAL_PREFIX = "Internal error occurred: ";

  private StatusMapper() {}

  /** The Status for {@code failure}; logs it if it is a server error. */
  public static Status toStatus(Throwable failure) {
    return switch (failure) {
      case PorchException e -> fromPorch(e);
      case WireFailure e ->
          Status.failure(e.reason().code(), e.reason().reason(), e.getMessage(), null);
      case StatusException e -> e.status();
      default -> {
        log.error("Unexpected failure while serving a request", failure);
        String text = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        yield Status.failure(
            StatusReason.INTERNAL_ERROR.code(),
            StatusReason.INTERNAL_ERROR.reason(),
            INTERNAL_PREFIX + text,
            new Status.Details(null, null, null, List.of(new Status.Cause(null, text, null))));
      }
    };
  }

  private static Status fromPorch(PorchException e) {
    StatusReason reason = e.reason();
    ResourceRef ref = e.resource();
    if (reason.isServerError()) {
      log.warn("Request on {} failed: {}", describe(ref), e.getMessage(), e);
    }
    // Apply conflicts (with field causes) keep kube-apiserver's unprefixed message.
    String message =
        reason == StatusReason.CONFLICT && !e.causes().isEmpty()
            ? e.getMessage()
            : message(reason, ref, e.getMessage());
    return Status.failure(
        reason.code(), reason.reason(), message, details(reason, ref, e, message));
  }

  static String message(StatusReason reason, ResourceRef ref, String raw) {
    String text = raw == null ? "" : raw;
    String target =
        ref == null ? null : ref.qualifiedResource() + " \"" + nullToEmpty(ref.name()) + "\"";
    return switch (reason) {
      case NOT_FOUND -> text.isEmpty() && target != null ? target + " not found" : text;
      case ALREADY_EXISTS -> text.isEmpty() && target != null ? target + " already exists" : text;
      case CONFLICT ->
          target == null || text.startsWith("Operation cannot be fulfilled")
              ? text
              : "Operation cannot be fulfilled on " + target + ": " + text;
      case FORBIDDEN ->
          target == null || text.startsWith(target) ? text : target + " is forbidden: " + text;
      case INTERNAL_ERROR -> text.startsWith(INTERNAL_PREFIX) ? text : INTERNAL_PREFIX + text;
      default -> text;
    };
  }

  private static Status.Details details(
      StatusReason reason, ResourceRef ref, PorchException e, String message) {
    List<Status.Cause> causes = e.causes().stream().map(StatusMapper::cause).toList();
    if (reason == StatusReason.INTERNAL_ERROR && causes.isEmpty()) {
      causes = List.of(new Status.Cause(null, e.getMessage(), null));
    }
    if (ref == null) {
      return causes.isEmpty() ? null : new Status.Details(null, null, null, causes);
    }
    // Invalid names the kind (NewInvalid); every other constructor names the resource.
    String kind = reason == StatusReason.INVALID ? ref.kind() : ref.resource();
    return new Status.Details(ref.name(), ref.group(), kind, causes);
  }

  private static Status.Cause cause(FieldError error) {
    return new Status.Cause(error.type(), error.message(), error.field());
  }

  private static String describe(ResourceRef ref) {
    return ref == null ? "(no object)" : ref.qualifiedResource() + "/" + ref.name();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
