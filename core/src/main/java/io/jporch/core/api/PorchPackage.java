package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.jporch.core.api.meta.ObjectMeta;

/** porch.kpt.dev/v1alpha1 PorchPackage (resource {@code packages}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PorchPackage(
    String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {
  public static final String KIND = "PorchPackage";

  /** Package name (last segment) and repository. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Spec(String packageName, String repository) {}

  /** Highest published revision, omitted when 0. */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Status(int latestRevision) {}

  public static PorchPackage of(ObjectMeta metadata, Spec spec, Status status) {
    return new PorchPackage(ApiGroups.PORCH_API_VERSION, KIND, metadata, spec, status);
  }
}
