package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.jporch.core.api.schema.FieldSchema;
import java.util.List;

/** Spec of a PackageRevision. {@code revision} is omitted when 0, as Go's omitempty does. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonClassDescription("PackageRevisionSpec defines the desired state of PackageRevision")
public record PackageRevisionSpec(
    @JsonPropertyDescription("PackageName identifies the package in the repository.")
        String packageName,
    @JsonPropertyDescription(
            "RepositoryName is the name of the Repository object containing this package.")
        String repository,
    @JsonPropertyDescription(
            "WorkspaceName is a short, unique description of the changes contained in this package"
                + " revision.")
        String workspaceName,
    @JsonPropertyDescription("Revision identifies the version of the package.")
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        int revision,
    @JsonPropertyDescription(
            "Deprecated. Parent references a package that provides resources to us")
        ParentReference parent,
    Lifecycle lifecycle,
    @JsonPropertyDescription(TASKS_DOC) List<Task> tasks,
    List<ReadinessGate> readinessGates,
    PackageMetadata packageMetadata) {

  static final String TASKS_DOC =
      "The task slice holds zero or more tasks that describe the operations performed on the"
          + " packagerevision. The are essentially a replayable history of the packagerevision,\n"
          + "\n"
          + "Packagerevisions that were not created in Porch may have an empty task list.\n"
          + "\n"
          + "Packagerevisions created and managed through Porch will always have either an Init,"
          + " Edit, or a Clone task as the first entry in their task list. This represent"
          + " packagerevisions created from scratch, based a copy of a different revision in the"
          + " same package, or a packagerevision cloned from another package. Each change to the"
          + " packagerevision will result in a corresponding task being added to the list of"
          + " tasks. It will describe the operation performed and will have a corresponding entry"
          + " (commit or layer) in git or oci. The task slice describes the history of the"
          + " packagerevision, so it is an append only list (We might introduce some kind of"
          + " compaction in the future to keep the number of tasks at a reasonable number).";

  /** Reference to a parent revision (deprecated in Porch). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonClassDescription("Deprecated. ParentReference is a reference to a parent package")
  public record ParentReference(
      @JsonPropertyDescription("Name is the name of the parent PackageRevision")
          @FieldSchema(required = true)
          String name) {}

  /** Readiness gate: a condition type that must be True for the package to be ready. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ReadinessGate(String conditionType) {}

  public PackageRevisionSpec withLifecycle(Lifecycle value) {
    return new PackageRevisionSpec(
        packageName,
        repository,
        workspaceName,
        revision,
        parent,
        value,
        tasks,
        readinessGates,
        packageMetadata);
  }

  public PackageRevisionSpec withRevision(int value) {
    return new PackageRevisionSpec(
        packageName,
        repository,
        workspaceName,
        value,
        parent,
        lifecycle,
        tasks,
        readinessGates,
        packageMetadata);
  }

  public PackageRevisionSpec withTasks(List<Task> value) {
    return new PackageRevisionSpec(
        packageName,
        repository,
        workspaceName,
        revision,
        parent,
        lifecycle,
        value,
        readinessGates,
        packageMetadata);
  }

  public PackageRevisionSpec withPackageMetadata(PackageMetadata value) {
    return new PackageRevisionSpec(
        packageName,
        repository,
        workspaceName,
        revision,
        parent,
        lifecycle,
        tasks,
        readinessGates,
        value);
  }
}
