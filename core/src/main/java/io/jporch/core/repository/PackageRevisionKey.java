package io.jporch.core.repository;

import java.util.Objects;

/**
 * Identifies one revision of a package. Revision is 0 for drafts and proposals, N ≥ 1 once
 * published, -1 for the placeholder revision that tracks the registered branch.
 */
public record PackageRevisionKey(PackageKey packageKey, int revision, String workspace) {
  public static final int PLACEHOLDER_REVISION = -1;

  public PackageRevisionKey {
    Objects.requireNonNull(packageKey, "packageKey");
    Objects.requireNonNull(workspace, "workspace");
  }

  public RepositoryKey repository() {
    return packageKey.repository();
  }

  /** {@code <repo>.<dotted package path>.<workspace>}: the Kubernetes object name. */
  public String objectName() {
    return packageKey.objectName() + "." + workspace;
  }

  /** True for the revision that represents the package on the registered branch. */
  public boolean isPlaceholder() {
    return revision == PLACEHOLDER_REVISION
        && workspace.equals(packageKey.repository().placeholderWorkspace());
  }

  public PackageRevisionKey withRevision(int value) {
    return new PackageRevisionKey(packageKey, value, workspace);
  }
}
