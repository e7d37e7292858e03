package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Spec of a PackageRevision. {@code revision} is omitted when 0, as Go's omitempty does. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PackageRevisionSpec(
    String packageName,
    String repository,
    String workspaceName,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int revision,
    ParentReference parent,
    Lifecycle lifecycle,
    List<Task> tasks,
    List<ReadinessGate> readinessGates,
    PackageMetadata packageMetadata) {

  /** Reference to a parent revision (deprecated in Porch). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ParentReference(String name) {}

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
