package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.api.schema.Docs;
import io.jporch.core.api.schema.SchemaName;

/** porch.kpt.dev/v1alpha1 PorchPackage (resource {@code packages}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonClassDescription("Package")
public record PorchPackage(
    @JsonPropertyDescription(Docs.API_VERSION) String apiVersion,
    @JsonPropertyDescription(Docs.KIND) String kind,
    ObjectMeta metadata,
    Spec spec,
    Status status) {
  public static final String KIND = "PorchPackage";

  /** Package name (last segment) and repository. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaName("PackageSpec")
  @JsonClassDescription("PackageSpec defines the desired state of Package")
  public record Spec(
      @JsonPropertyDescription("PackageName identifies the package in the repository.")
          String packageName,
      @JsonPropertyDescription(
              "RepositoryName is the name of the Repository object containing this package.")
          String repository) {}

  /** Highest published revision, omitted when 0. */
  @JsonInclude(JsonInclude.Include.NON_DEFAULT)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaName("PackageStatus")
  @JsonClassDescription("PackageStatus defines the observed state of Package")
  public record Status(
      @JsonPropertyDescription(
              "LatestRevision identifies the package revision that is the latest published package"
                  + " revision belonging to this package. Latest is determined by comparing"
                  + " packages that have valid semantic version as their revision. In case of git"
                  + " backend, branch tracking revisions like \"main\" and in case of oci backend,"
                  + " revisions tracking \"latest\" are not considered during selection of the"
                  + " latest revision.")
          int latestRevision) {}

  public static PorchPackage of(ObjectMeta metadata, Spec spec, Status status) {
    return new PorchPackage(ApiGroups.PORCH_API_VERSION, KIND, metadata, spec, status);
  }
}
