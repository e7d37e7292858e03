package io.jporch.core.api.config;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.api.schema.Docs;
import io.jporch.core.api.schema.FieldSchema;
import java.util.List;

/** config.porch.kpt.dev/v1alpha1 Repository: a Git (or OCI) repository registered with Porch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonClassDescription("Repository")
public record Repository(
    @JsonPropertyDescription(Docs.API_VERSION) String apiVersion,
    @JsonPropertyDescription(Docs.KIND) String kind,
    @JsonPropertyDescription(Docs.OBJECT_METADATA) ObjectMeta metadata,
    Spec spec,
    Status status) {
  public static final String KIND = "Repository";
  public static final String TYPE_GIT = "git";
  public static final String TYPE_OCI = "oci";

  public static Repository of(ObjectMeta metadata, Spec spec, Status status) {
    return new Repository(ApiGroups.CONFIG_API_VERSION, KIND, metadata, spec, status);
  }

  public Repository withMetadata(ObjectMeta value) {
    return new Repository(apiVersion, kind, value, spec, status);
  }

  public Repository withStatus(Status value) {
    return new Repository(apiVersion, kind, metadata, spec, value);
  }

  public String name() {
    return metadata.name();
  }

  public String namespace() {
    return metadata.namespace();
  }

  /** Repository spec (Porch's schema). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription(
      "RepositorySpec defines the desired state of Repository\n"
          + "\n"
          + "Notes:\n"
          + "  - deployment repository - in KRM API ConfigSync would be configured directly? (or"
          + " via this API)")
  public record Spec(
      @JsonPropertyDescription("User-friendly description of the repository") String description,
      @JsonPropertyDescription(
              "The repository is a deployment repository; final packages in this repository are"
                  + " deployment ready.")
          @JsonInclude(JsonInclude.Include.NON_DEFAULT)
          boolean deployment,
      @JsonPropertyDescription("Type of the repository (i.e. git, OCI)")
          @FieldSchema(enumValues = {"git", "oci"})
          String type,
      @JsonPropertyDescription(
              "The Content field is deprecated, please do not specify it in new manifests.\n"
                  + "For partial backward compatibility it is still recognized, but its only valid"
                  + " value is \"Package\", and if not specified its default value is also"
                  + " \"Package\".")
          @FieldSchema(defaultValue = "Package")
          String content,
      @JsonPropertyDescription("Repository sync/reconcile details") Sync sync,
      @JsonPropertyDescription(
              "Git repository details. Required if `type` is `git`. Ignored if `type` is not"
                  + " `git`.")
          Git git,
      @JsonPropertyDescription(
              "OCI repository details. Required if `type` is `oci`. Ignored if `type` is not"
                  + " `oci`.")
          Oci oci) {}

  /** Sync schedule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription("Repository sync/reconcile details")
  public record Sync(
      @JsonPropertyDescription(
              "Cron value to indicate when the repository should be synced periodically. Example:"
                  + " `*/10 * * * *` to sync every 10 minutes.")
          String schedule,
      @JsonPropertyDescription(
              "Value in metav1.Time format to trigger a one-time cache sync outside the periodic"
                  + " schedule.")
          @FieldSchema(format = "date-time")
          String runOnceAt) {}

  /** Git repository settings. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription("GitRepository describes a Git repository.")
  public record Git(
      @JsonPropertyDescription(
              "Address of the Git repository, for example:\n"
                  + "  `https://github.com/GoogleCloudPlatform/blueprints.git`")
          @FieldSchema(required = true)
          String repo,
      @JsonPropertyDescription(
              "Name of the branch containing the packages. Finalized packages will be committed to"
                  + " this branch (if the repository allows write access). If unspecified,"
                  + " defaults to \"main\".\n"
                  + "This field is immutable after creation.")
          @FieldSchema(defaultValue = "main", minLength = 1)
          String branch,
      @JsonPropertyDescription(
              "CreateBranch specifies if Porch should create the package branch if it doesn't"
                  + " exist.")
          @JsonInclude(JsonInclude.Include.NON_DEFAULT)
          boolean createBranch,
      @JsonPropertyDescription(
              "Directory within the Git repository where the packages are stored. A subdirectory"
                  + " of this directory containing a Kptfile is considered a package. If"
                  + " unspecified, defaults to root directory.\n"
                  + "This field is immutable after creation.")
          String directory,
      @JsonPropertyDescription("Reference to secret containing authentication credentials.")
          SecretRef secretRef,
      @JsonPropertyDescription("Author to use for commits") String author,
      @JsonPropertyDescription("Email to use for commits") String email) {
    /** The branch, defaulting to {@code main}. */
    public String branchOrDefault() {
      return branch == null || branch.isEmpty() ? "main" : branch;
    }

    /** The directory with leading and trailing slashes trimmed; empty for the root. */
    public String trimmedDirectory() {
      if (directory == null) {
        return "";
      }
      String d = directory;
      while (d.startsWith("/")) {
        d = d.substring(1);
      }
      while (d.endsWith("/")) {
        d = d.substring(0, d.length() - 1);
      }
      return d;
    }
  }

  /** OCI registry settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription(
      "OciRepository describes a repository compatible with the Open Container Registry"
          + " standard.")
  public record Oci(
      @JsonPropertyDescription("Registry is the address of the OCI registry")
          @FieldSchema(required = true)
          String registry,
      @JsonPropertyDescription("Reference to secret containing authentication credentials.")
          SecretRef secretRef) {}

  /** Secret reference. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SecretRef(
      @JsonPropertyDescription(
              "Name of the secret. The secret is expected to be located in the same namespace as"
                  + " the resource containing the reference.")
          @FieldSchema(required = true)
          String name) {}

  /** Repository status as the repository controller writes it. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription("RepositoryStatus defines the observed state of Repository")
  public record Status(
      @JsonPropertyDescription("Conditions describes the reconciliation state of the object.")
          List<Condition> conditions,
      @JsonPropertyDescription(
              "LastFullSyncTime is the timestamp of the last successful full repository sync.")
          @FieldSchema(format = "date-time")
          String lastFullSyncTime,
      @JsonPropertyDescription(
              "NextFullSyncTime is the timestamp when the next full sync is scheduled to occur.")
          @FieldSchema(format = "date-time")
          String nextFullSyncTime,
      @JsonPropertyDescription(
              "ObservedGeneration is the generation of the Repository spec that was last"
                  + " reconciled.")
          @JsonInclude(JsonInclude.Include.NON_DEFAULT)
          long observedGeneration,
      @JsonPropertyDescription(
              "PackageCount is the number of package revisions discovered in the repository.")
          @JsonInclude(JsonInclude.Include.NON_DEFAULT)
          int packageCount,
      @JsonPropertyDescription(
              "GitCommitHash is the commit hash of the configured branch for git repositories.\n"
                  + "Empty for OCI repositories.")
          String gitCommitHash,
      @JsonPropertyDescription(
              "ObservedRunOnceAt tracks the last observed value of spec.sync.runOnceAt.\n"
                  + "Used to detect when runOnceAt is set, updated, or cleared to prevent"
                  + " redundant syncs.")
          @FieldSchema(format = "date-time")
          String observedRunOnceAt) {
    /** A status without {@code observedRunOnceAt}. */
    public Status(
        List<Condition> conditions,
        String lastFullSyncTime,
        String nextFullSyncTime,
        long observedGeneration,
        int packageCount,
        String gitCommitHash) {
      this(
          conditions,
          lastFullSyncTime,
          nextFullSyncTime,
          observedGeneration,
          packageCount,
          gitCommitHash,
          null);
    }
  }

  /** metav1.Condition. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription(
      "Condition contains details for one aspect of the current state of this API Resource.")
  public record Condition(
      @JsonPropertyDescription("type of condition in CamelCase or in foo.example.com/CamelCase.")
          @FieldSchema(
              required = true,
              maxLength = 316,
              pattern =
                  "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
          String type,
      @JsonPropertyDescription("status of the condition, one of True, False, Unknown.")
          @FieldSchema(
              required = true,
              enumValues = {"True", "False", "Unknown"})
          String status,
      @JsonPropertyDescription(
              "observedGeneration represents the .metadata.generation that the condition was set"
                  + " based upon.\n"
                  + "For instance, if .metadata.generation is currently 12, but the"
                  + " .status.conditions[x].observedGeneration is 9, the condition is out of date\n"
                  + "with respect to the current state of the instance.")
          @FieldSchema(minimum = 0)
          @JsonInclude(JsonInclude.Include.NON_DEFAULT)
          long observedGeneration,
      @JsonPropertyDescription(
              "lastTransitionTime is the last time the condition transitioned from one status to"
                  + " another.\n"
                  + "This should be when the underlying condition changed.  If that is not known,"
                  + " then using the time when the API field changed is acceptable.")
          @FieldSchema(required = true, format = "date-time")
          String lastTransitionTime,
      @JsonPropertyDescription(
              "reason contains a programmatic identifier indicating the reason for the condition's"
                  + " last transition.\n"
                  + "Producers of specific condition types may define expected values and meanings"
                  + " for this field,\n"
                  + "and whether the values are considered a guaranteed API.\n"
                  + "The value should be a CamelCase string.\n"
                  + "This field may not be empty.")
          @FieldSchema(
              required = true,
              minLength = 1,
              maxLength = 1024,
              pattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
          String reason,
      @JsonPropertyDescription(
              "message is a human readable message indicating details about the transition.\n"
                  + "This may be an empty string.")
          @FieldSchema(required = true, maxLength = 32768)
          String message) {}
}
