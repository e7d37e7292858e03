package io.jporch.core.cache;

import io.jporch.core.api.meta.ObjectMeta;
import java.util.Optional;

/**
 * Persists the Kubernetes metadata of package revisions that Git does not hold (labels,
 * annotations, finalizers, ownerReferences, creation/deletion timestamps). Standalone mode keeps it
 * in the data directory; cluster mode in PackageRev objects.
 */
public interface MetadataStore {
  Optional<ObjectMeta> get(String namespace, String name);

  void put(String namespace, String name, ObjectMeta metadata);

  /**
   * Stores metadata that can be made again if it is lost, such as the creation time given to a
   * revision found in Git: the store may skip forcing it to stable storage, so that a first listing
   * of thousands of revisions does not wait for thousands of disk flushes. After a crash it may be
   * missing (then it is made again). The default is {@link #put}.
   */
  default void putRecreatable(String namespace, String name, ObjectMeta metadata) {
    put(namespace, name, metadata);
  }

  void delete(String namespace, String name);
}
