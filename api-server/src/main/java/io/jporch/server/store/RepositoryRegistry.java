package io.jporch.server.store;

import io.jporch.core.api.config.Repository;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The Repository objects the server works with, as the layers below the API see them: read access
 * and the status the server reports. Standalone mode keeps them itself ({@link RepositoryStore});
 * cluster mode reads them from the cluster's {@code repositories.config.porch.kpt.dev} custom
 * resources and writes their status subresource. Every method is thread-safe.
 */
public interface RepositoryRegistry {
  Optional<Repository> get(String namespace, String name);

  /** Objects in {@code namespace} (null: all namespaces), ordered by namespace and name. */
  List<Repository> list(String namespace);

  /**
   * Rewrites the status only (the repository reconciler and the sync status writer).
   *
   * @throws io.jporch.core.error.NotFoundException if the object does not exist
   */
  Repository updateStatus(String namespace, String name, UnaryOperator<Repository.Status> change);
}
