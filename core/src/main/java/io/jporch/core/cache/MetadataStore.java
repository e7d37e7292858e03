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

  void delete(String namespace, String name);
}
