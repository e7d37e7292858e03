package io.jporch.core.repository;

import java.util.Objects;

/**
 * Identifies a registered repository: namespace and name of the Repository object, the package
 * directory inside it, and the branch (the workspace of placeholder revisions).
 */
public record RepositoryKey(
    String namespace, String name, String path, String placeholderWorkspace) {
  public RepositoryKey {
    Objects.requireNonNull(name, "name");
    namespace = namespace == null ? "" : namespace;
    path = path == null ? "" : path;
    placeholderWorkspace = placeholderWorkspace == null ? "" : placeholderWorkspace;
  }
}
