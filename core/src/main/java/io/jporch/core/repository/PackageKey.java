package io.jporch.core.repository;

import java.util.Objects;

/**
 * Identifies a package inside a repository by its path relative to the repository directory, e.g.
 * {@code network/istio}. The last segment is the package name.
 */
public record PackageKey(RepositoryKey repository, String path) {
  public PackageKey {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(path, "path");
  }

  /** Last path segment: the package name proper. */
  public String name() {
    int i = path.lastIndexOf('/');
    return i < 0 ? path : path.substring(i + 1);
  }

  /** Path of the enclosing directory, empty for a top-level package. */
  public String parentPath() {
    int i = path.lastIndexOf('/');
    return i < 0 ? "" : path.substring(0, i);
  }

  /** Path inside the Git tree: the repository directory joined with the package path. */
  public String fullPath() {
    return repository.path().isEmpty() ? path : repository.path() + "/" + path;
  }

  /** {@code <repo>.<dotted path>}: the PorchPackage object name. */
  public String objectName() {
    return repository.name() + "." + path.replace('/', '.');
  }
}
