package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.api.schema.Docs;

/** porch.kpt.dev/v1alpha1 PackageRevision. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonClassDescription("PackageRevision")
public record PackageRevision(
    @JsonPropertyDescription(Docs.API_VERSION) String apiVersion,
    @JsonPropertyDescription(Docs.KIND) String kind,
    ObjectMeta metadata,
    PackageRevisionSpec spec,
    PackageRevisionStatus status) {
  public static final String KIND = "PackageRevision";

  public static PackageRevision of(
      ObjectMeta metadata, PackageRevisionSpec spec, PackageRevisionStatus status) {
    return new PackageRevision(ApiGroups.PORCH_API_VERSION, KIND, metadata, spec, status);
  }

  public PackageRevision withMetadata(ObjectMeta value) {
    return new PackageRevision(apiVersion, kind, value, spec, status);
  }

  public PackageRevision withSpec(PackageRevisionSpec value) {
    return new PackageRevision(apiVersion, kind, metadata, value, status);
  }

  public PackageRevision withStatus(PackageRevisionStatus value) {
    return new PackageRevision(apiVersion, kind, metadata, spec, value);
  }
}
