package io.jporch.core.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.meta.ObjectMeta;
import java.util.List;

/** config.porch.kpt.dev/v1alpha1 Repository: a Git (or OCI) repository registered with Porch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Repository(
    String apiVersion, String kind, ObjectMeta metadata, Spec spec, Status status) {
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
  public record Spec(
      String description,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deployment,
      String type,
      String content,
      Sync sync,
      Git git,
      Oci oci) {}

  /** Sync schedule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Sync(String schedule, String runOnceAt) {}

  /** Git repository settings. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Git(
      String repo,
      String branch,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean createBranch,
      String directory,
      SecretRef secretRef,
      String author,
      String email) {
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
  public record Oci(String registry, SecretRef secretRef) {}

  /** Secret reference. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SecretRef(String name) {}

  /** Repository status as the repository controller writes it. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Status(
      List<Condition> conditions,
      String lastFullSyncTime,
      String nextFullSyncTime,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) long observedGeneration,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) int packageCount,
      String gitCommitHash) {}

  /** metav1.Condition. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Condition(
      String type,
      String status,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) long observedGeneration,
      String lastTransitionTime,
      String reason,
      String message) {}
}
