package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.jporch.core.api.schema.FieldSchema;
import io.jporch.core.api.schema.SchemaName;
import java.util.List;

/** One entry of {@code spec.tasks}: a type plus the matching payload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Task(
    @FieldSchema(
            required = true,
            enumValues = {"init", "clone", "edit", "upgrade", "render", "push"})
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
  @SchemaName("PackageInitTaskSpec")
  @JsonClassDescription("PackageInitTaskSpec defines the package initialization task.")
  public record InitTaskSpec(
      @JsonPropertyDescription(
              "`Subpackage` is a directory path to a subpackage to initialize. If unspecified, the"
                  + " main package will be initialized.")
          String subpackage,
      @JsonPropertyDescription("`Description` is a short description of the package.")
          String description,
      @JsonPropertyDescription("`Keywords` is a list of keywords describing the package.")
          List<String> keywords,
      @JsonPropertyDescription("`Site` is a link to page with information about the package.")
          String site) {}

  /** {@code clone}: copy an upstream package into a new package. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaName("PackageCloneTaskSpec")
  public record CloneTaskSpec(
      @JsonPropertyDescription("`Upstream` is the reference to the upstream package to clone.")
          UpstreamPackage upstreamRef) {}

  /** The upstream of a clone: a registered revision, a Git location or an OCI image. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription(
      "UpstreamRepository repository may be specified directly or by referencing another"
          + " Repository resource.")
  public record UpstreamPackage(
      @JsonPropertyDescription(
              "Type of the repository (i.e. git). If empty, `upstreamRef` will be used.")
          @FieldSchema(enumValues = {"git", "oci"})
          String type,
      @JsonPropertyDescription(
              "Git upstream package specification. Required if `type` is `git`. Must be"
                  + " unspecified if `type` is not `git`.")
          GitPackage git,
      @JsonPropertyDescription(
              "OCI upstream package specification. Required if `type` is `oci`. Must be"
                  + " unspecified if `type` is not `oci`.")
          OciPackage oci,
      @JsonPropertyDescription(
              "UpstreamRef is the reference to the package from a registered repository rather"
                  + " than external package.")
          PackageRevisionRef upstreamRef) {}

  /** A package in a Git repository; repo, ref and directory are always serialised. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record GitPackage(
      @JsonPropertyDescription(
              "Address of the Git repository, for example:\n"
                  + "  `https://github.com/GoogleCloudPlatform/blueprints.git`")
          @FieldSchema(required = true)
          String repo,
      @JsonPropertyDescription(
              "`Ref` is the git ref containing the package. Ref can be a branch, tag, or commit"
                  + " SHA.")
          @FieldSchema(required = true)
          String ref,
      @JsonPropertyDescription(
              "Directory within the Git repository where the packages are stored. A subdirectory"
                  + " of this directory containing a Kptfile is considered a package.")
          @FieldSchema(required = true)
          String directory,
      @JsonPropertyDescription(
              "Reference to secret containing authentication credentials. Optional.")
          SecretRef secretRef) {}

  /** A package in an OCI registry. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription(
      "OciPackage describes a repository compatible with the Open Container Registry standard.")
  public record OciPackage(
      @JsonPropertyDescription("Image is the address of an OCI image.")
          @FieldSchema(required = true)
          String image) {}

  /** Reference to a Secret in the same namespace. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SecretRef(
      @JsonPropertyDescription(
              "Name of the secret. The secret is expected to be located in the same namespace as"
                  + " the resource containing the reference.")
          @FieldSchema(required = true)
          String name) {}

  /** Reference to a PackageRevision by object name. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription("PackageRevisionRef is a reference to a package revision.")
  public record PackageRevisionRef(
      @JsonPropertyDescription("`Name` is the name of the referenced PackageRevision resource.")
          @FieldSchema(required = true)
          String name) {}

  /** {@code edit}: new revision of the same package from a published source. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaName("PackageEditTaskSpec")
  public record EditTaskSpec(PackageRevisionRef sourceRef) {}

  /** {@code upgrade}: three-way merge onto a new upstream. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @SchemaName("PackageUpgradeTaskSpec")
  public record UpgradeTaskSpec(
      @JsonPropertyDescription(
              "`OldUpstream` is the reference to the original upstream package revision that is"
                  + " the common ancestor of the local package and the new upstream package"
                  + " revision.")
          PackageRevisionRef oldUpstreamRef,
      @JsonPropertyDescription(
              "`NewUpstream` is the reference to the new upstream package revision that the local"
                  + " package will be upgraded to.")
          PackageRevisionRef newUpstreamRef,
      @JsonPropertyDescription(
              "`LocalPackageRevisionRef` is the reference to the local package revision that"
                  + " contains all the local changes on top of the `OldUpstream` package"
                  + " revision.")
          PackageRevisionRef localPackageRevisionRef,
      @JsonPropertyDescription(STRATEGY_DOC)
          @FieldSchema(
              enumValues = {"resource-merge", "fast-forward", "force-delete-replace", "copy-merge"})
          String strategy) {
    static final String STRATEGY_DOC =
        "Defines which strategy should be used to update the package. It defaults to"
            + " 'resource-merge'.\n"
            + " * resource-merge: Perform a structural comparison of the original /\n"
            + "   updated resources, and merge the changes into the local package.\n"
            + " * fast-forward: Fail without updating if the local package was modified\n"
            + "   since it was fetched.\n"
            + " * force-delete-replace: Wipe all the local changes to the package and replace\n"
            + "   it with the remote version.\n"
            + " * copy-merge: Copy all the remote changes to the local package.";
  }
}
