package io.jporch.core.error;

import java.util.List;
import java.util.stream.Collectors;

/** Validation of an object failed (422); carries one cause per field. */
public final class InvalidException extends PorchException {
  private final List<FieldError> causes;

  public InvalidException(ResourceRef resource, List<FieldError> causes) {
    super(StatusReason.INVALID, resource, message(resource, causes), null);
    this.causes = List.copyOf(causes);
  }

  @Override
  public List<FieldError> causes() {
    return causes;
  }

  private static String message(ResourceRef ref, List<FieldError> causes) {
    String detail = causes.stream().map(FieldError::render).collect(Collectors.joining(", "));
    if (causes.size() > 1) {
      detail = "[" + detail + "]";
    }
    String kind =
        ref == null
            ? "Object"
            : ref.group() == null || ref.group().isEmpty()
                ? ref.kind()
                : ref.kind() + "." + ref.group();
    String name = ref == null ? "" : ref.name();
    return kind + " \"" + name + "\" is invalid: " + detail;
  }
}
