package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One entry of {@code spec.tasks}: a type plus the matching payload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Task(
    String type,
    InitTaskSpec init,
    @JsonProperty("clone") CloneTaskSpec cloneSpec,
    EditTaskSpec edit,
    UpgradeTaskSpec upgrade) {
  public static final String INIT = "init";
  public static final String CLONE = "clone";
  public static final String EDIT = "edit";
  public static final String UPGRADE = "upgrade";
  public static final String RENDER = "render";
  public static final String PUSH = "push";

  public static Task init(InitTaskSpec spec) {
    return new Task(INIT, spec, null, null, null);
  }

  public static Task render() {
    return new Task(RENDER, null, null, null, null);
  }

  /** {@code init}: create a new package. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InitTaskSpec(
      String subpackage, String description, List<String> keywords, String site) {}

  /** {@code clone}: copy an upstream package into a new package. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CloneTaskSpec(UpstreamPackage upstreamRef, String strategy) {}

  /** The upstream of a clone: a registered revision, a Git location or an OCI image. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record UpstreamPackage(
      String type, GitPackage git, OciPackage oci, PackageRevisionRef upstreamRef) {}

  /** A package in a Git repository; repo, ref and directory are always serialised. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record GitPackage(String repo, String ref, String directory, SecretRef secretRef) {}

  /** A package in an OCI registry. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record OciPackage(String image) {}

  /** Reference to a Secret in the same namespace. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SecretRef(String name) {}

  /** Reference to a PackageRevision by object name. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PackageRevisionRef(String name) {}

  /** {@code edit}: new revision of the same package from a published source. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EditTaskSpec(PackageRevisionRef sourceRef) {}

  /** {@code upgrade}: three-way merge onto a new upstream. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record UpgradeTaskSpec(
      PackageRevisionRef oldUpstreamRef,
      PackageRevisionRef newUpstreamRef,
      PackageRevisionRef localPackageRevisionRef,
      String strategy) {}
}
