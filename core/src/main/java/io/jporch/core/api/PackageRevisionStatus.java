package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Status of a PackageRevision. {@code publishTimestamp} is always serialised ({@code null} when
 * unset), like the Go server does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PackageRevisionStatus(
    Locator upstreamLock,
    Locator selfLock,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String publishedBy,
    @JsonInclude(JsonInclude.Include.ALWAYS) String publishTimestamp,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deployment,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Condition> conditions) {

  /** A package condition mirrored from the Kptfile's {@code status.conditions}. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Condition(String type, String status, String reason, String message) {}

  /** Where a revision lives: origin type {@code git} and a Git lock. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Locator(String type, GitLock git) {
    public static final Locator EMPTY = new Locator(null, null);

    public static Locator git(String repo, String directory, String ref, String commit) {
      return new Locator("git", new GitLock(repo, directory, ref, commit));
    }
  }

  /** A resolved Git location. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record GitLock(String repo, String directory, String ref, String commit) {}
}
