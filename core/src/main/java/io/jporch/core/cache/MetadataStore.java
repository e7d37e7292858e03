package io.jporch.core.cache;

import io.jporch.core.api.meta.ObjectMeta;
import java.util.Optional;
import java.util.Set;

/**
 * Persists the Kubernetes metadata of package revisions that Git does not hold (labels,
 * annotations, finalizers, ownerReferences, creation/deletion timestamps). Standalone mode keeps it
 * in the data directory; cluster mode in PackageRev objects.
 *
 * <p>Every entry belongs to one repository ({@code namespace/repository}), as Porch labels each
 * {@code PackageRev} with its repository: {@link #names} lists a repository's entries, so that the
 * cache can drop those whose revisions are gone from Git, even when they disappeared while the
 * server was down.
 */
public interface MetadataStore {
  Optional<ObjectMeta> get(String namespace, String repository, String name);

  void put(String namespace, String repository, String name, ObjectMeta metadata);

  /**
   * Stores metadata that can be made again if it is lost, such as the creation time given to a
   * revision found in Git: the store may skip forcing it to stable storage, so that a first listing
   * of thousands of revisions does not wait for thousands of disk flushes. After a crash it may be
   * missing (then it is made again). The default is {@link #put}.
   */
  default void putRecreatable(
      String namespace, String repository, String name, ObjectMeta metadata) {
    put(namespace, repository, name, metadata);
  }

  void delete(String namespace, String repository, String name);

  /** The names of the entries stored for repository {@code namespace/repository}. */
  Set<String> names(String namespace, String repository);
}
