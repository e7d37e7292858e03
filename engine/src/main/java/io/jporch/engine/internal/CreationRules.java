package io.jporch.engine.internal;

import io.jporch.core.api.Task;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.repository.PackageRevision;
import java.util.List;

/**
 * Porch's checks before a new package revision is created (workspace uniqueness, clone and init
 * only for new packages, no nested packages, published upgrade sources). Port of the validation in
 * {@code pkg/engine/engine.go} and {@code pkg/repository/util.go}, comparing full package paths
 * where Porch compares only the last path segment.
 *
 * @param repository repository name
 * @param packageName {@code spec.packageName} as requested (for messages)
 * @param path the package path (slashes trimmed)
 * @param workspace the workspace name
 * @param task the creation task
 */
public record CreationRules(
    String repository, String packageName, String path, String workspace, Task task) {

  /**
   * Checks the rules against every revision of the repository.
   *
   * @throws InternalErrorException with Porch's message when a rule is broken
   */
  public void check(List<PackageRevision> repositoryRevisions) {
    List<PackageRevision> samePackage =
        repositoryRevisions.stream().filter(r -> r.key().packageKey().path().equals(path)).toList();
    for (PackageRevision r : samePackage) {
      if (r.key().workspace().equals(workspace)) {
        throw fail(
            "package revision workspaceNames must be unique; package revision with name "
                + packageName
                + " in repo "
                + repository
                + " with workspaceName "
                + workspace
                + " already exists");
      }
    }
    String type = task.type();
    if (Task.CLONE.equals(type) && !samePackage.isEmpty()) {
      throw fail(
          "`clone` cannot create a new revision for package \""
              + packageName
              + "\" that already exists in repo \""
              + repository
              + "\"; make subsequent revisions using `copy`");
    }
    if (Task.INIT.equals(type) || Task.CLONE.equals(type)) {
      checkPathOverlap(repositoryRevisions);
    }
    if (Task.UPGRADE.equals(type) && task.upgrade() != null) {
      checkUpgradeSources(samePackage, task.upgrade());
    }
  }

  private void checkPathOverlap(List<PackageRevision> revisions) {
    for (PackageRevision r : revisions) {
      if (r.key().packageKey().path().equals(path)) {
        throw fail(
            "package \"" + packageName + "\" already exists in repository \"" + repository + "\"");
      }
    }
    for (PackageRevision r : revisions) {
      String existing = r.key().packageKey().path();
      if ((existing + "/").startsWith(path + "/") || (path + "/").startsWith(existing + "/")) {
        throw fail(
            "package path \""
                + path
                + "\" conflicts with existing package \""
                + existing
                + "\": packages cannot be nested");
      }
    }
  }

  private static void checkUpgradeSources(
      List<PackageRevision> samePackage, Task.UpgradeTaskSpec upgrade) {
    List<String> sources =
        java.util.stream.Stream.of(
                upgrade.oldUpstreamRef(),
                upgrade.newUpstreamRef(),
                upgrade.localPackageRevisionRef())
            .filter(java.util.Objects::nonNull)
            .map(Task.PackageRevisionRef::name)
            .toList();
    for (PackageRevision r : samePackage) {
      if (sources.contains(r.key().objectName()) && !r.lifecycle().isPublished()) {
        throw fail(
            "all source PackageRevisions of upgrade task must be published, \""
                + r.key().objectName()
                + "\" is not");
      }
    }
  }

  private static InternalErrorException fail(String message) {
    return new InternalErrorException(null, message);
  }
}
