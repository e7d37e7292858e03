package io.jporch.core.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The Kubernetes {@code Status} object every failed request answers with. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Status(
    String apiVersion,
    String kind,
    ListMeta metadata,
    String status,
    String message,
    String reason,
    Details details,
    int code) {

  /** Details of the object concerned and the field causes. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Details(String name, String group, String kind, List<Cause> causes) {}

  /** One field cause. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Cause(String reason, String message, String field) {}

  public static Status failure(int code, String reason, String message, Details details) {
    return new Status("v1", "Status", ListMeta.EMPTY, "Failure", message, reason, details, code);
  }

  public static Status success() {
    return new Status("v1", "Status", ListMeta.EMPTY, "Success", null, null, null, 200);
  }
}
