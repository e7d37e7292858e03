package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.jporch.core.api.meta.ObjectMeta;
import java.util.Map;

/** porch.kpt.dev/v1alpha1 PackageRevisionResources: the files of a package revision. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PackageRevisionResources(
    String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {
  public static final String KIND = "PackageRevisionResources";

  /** Identity of the revision plus the file map (path relative to the package root → content). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Spec(
      String packageName,
      String workspaceName,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) int revision,
      String repository,
      Map<String, String> resources) {}

  /** The result of the render run by the last update. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Status(RenderStatus renderStatus) {}

  public static PackageRevisionResources of(ObjectMeta metadata, Spec spec, Status status) {
    return new PackageRevisionResources(ApiGroups.PORCH_API_VERSION, KIND, metadata, spec, status);
  }
}
