package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.jporch.core.api.schema.FieldSchema;
import java.util.List;

/**
 * Status of a PackageRevision. {@code publishTimestamp} is always serialised ({@code null} when
 * unset), like the Go server does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonClassDescription("PackageRevisionStatus defines the observed state of PackageRevision")
public record PackageRevisionStatus(
    @JsonPropertyDescription("UpstreamLock identifies the upstream data for this package.")
        Locator upstreamLock,
    @JsonPropertyDescription("SelfLock identifies the location of the current package's data")
        Locator selfLock,
    @JsonPropertyDescription(
            "PublishedBy is the identity of the user who approved the packagerevision.")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        String publishedBy,
    @JsonPropertyDescription("PublishedAt is the time when the packagerevision were approved.")
        @FieldSchema(format = "date-time")
        @JsonInclude(JsonInclude.Include.ALWAYS)
        String publishTimestamp,
    @JsonPropertyDescription(
            "Deployment is true if this is a deployment package (in a deployment repository).")
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        boolean deployment,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Condition> conditions) {

  /** A package condition mirrored from the Kptfile's {@code status.conditions}. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Condition(
      @FieldSchema(required = true) String type,
      @FieldSchema(
              required = true,
              enumValues = {"True", "False", "Unknown"})
          String status,
      String reason,
      String message) {}

  /** Where a revision lives: origin type {@code git} and a Git lock. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription("Locator is a resolved locator for the last fetch of the package.")
  public record Locator(
      @JsonPropertyDescription("Type is the type of origin.") String type,
      @JsonPropertyDescription("Git is the resolved locator for a package on Git.") GitLock git) {
    public static final Locator EMPTY = new Locator(null, null);

    public static Locator git(String repo, String directory, String ref, String commit) {
      return new Locator("git", new GitLock(repo, directory, ref, commit));
    }
  }

  /** A resolved Git location. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription("GitLock is the resolved locator for a package on Git.")
  public record GitLock(
      @JsonPropertyDescription(
              "Repo is the git repository that was fetched. e.g."
                  + " 'https://github.com/kubernetes/examples.git'")
          String repo,
      @JsonPropertyDescription(
              "Directory is the sub directory of the git repository that was fetched. e.g."
                  + " 'staging/cockroachdb'")
          String directory,
      @JsonPropertyDescription(
              "Ref can be a Git branch, tag, or a commit SHA-1 that was fetched. e.g. 'master'")
          String ref,
      @JsonPropertyDescription(
              "Commit is the SHA-1 for the last fetch of the package. This is set by kpt for"
                  + " bookkeeping purposes.")
          String commit) {}
}
