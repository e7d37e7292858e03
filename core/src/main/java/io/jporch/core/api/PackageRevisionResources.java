package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.api.schema.Docs;
import io.jporch.core.api.schema.SchemaName;
import java.util.Map;

/** porch.kpt.dev/v1alpha1 PackageRevisionResources: the files of a package revision. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonClassDescription("PackageRevisionResources")
public record PackageRevisionResources(
    @JsonPropertyDescription(Docs.API_VERSION) String apiVersion,
    @JsonPropertyDescription(Docs.KIND) String kind,
    ObjectMeta metadata,
    Spec spec,
    Status status) {
  public static final String KIND = "PackageRevisionResources";

  /** Identity of the revision plus the file map (path relative to the package root → content). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaName("PackageRevisionResourcesSpec")
  @JsonClassDescription(
      "PackageRevisionResourcesSpec represents resources (as ResourceList serialized as yaml"
          + " string) of the PackageRevision.")
  public record Spec(
      @JsonPropertyDescription("PackageName identifies the package in the repository.")
          String packageName,
      @JsonPropertyDescription("WorkspaceName identifies the workspace of the package.")
          String workspaceName,
      @JsonPropertyDescription("Revision identifies the version of the package.")
          @JsonInclude(JsonInclude.Include.NON_DEFAULT)
          int revision,
      @JsonPropertyDescription(
              "RepositoryName is the name of the Repository object containing this package.")
          String repository,
      @JsonPropertyDescription("Resources are the content of the package.")
          Map<String, String> resources) {}

  /** The result of the render run by the last update. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaName("PackageRevisionResourcesStatus")
  @JsonClassDescription(
      "PackageRevisionResourcesStatus represents state of the rendered package resources.")
  public record Status(
      @JsonPropertyDescription(
              "RenderStatus contains the result of rendering the package resources.")
          RenderStatus renderStatus) {}

  public static PackageRevisionResources of(ObjectMeta metadata, Spec spec, Status status) {
    return new PackageRevisionResources(ApiGroups.PORCH_API_VERSION, KIND, metadata, spec, status);
  }
}
