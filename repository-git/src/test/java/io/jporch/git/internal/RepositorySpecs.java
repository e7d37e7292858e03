package io.jporch.git.internal;

import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;

/** Repository objects for the tests of the Git adapter's internals. */
final class RepositorySpecs {
  private RepositorySpecs() {}

  /**
   * Repository {@code default/<name>} of type git on branch {@code main} of {@code url}, packages
   * from the top of the tree, no branch created.
   */
  static Repository onMain(String name, String url, boolean deployment) {
    return Repository.of(
        ObjectMeta.named("default", name),
        new Repository.Spec(
            null,
            deployment,
            Repository.TYPE_GIT,
            null,
            null,
            new Repository.Git(url, "main", false, "", null, null, null),
            null),
        null);
  }
}
