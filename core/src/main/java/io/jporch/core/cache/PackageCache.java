package io.jporch.core.cache;

import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.Repository;
import java.util.Optional;

/**
 * Keeps one open repository per Repository object, reused across requests. The repositories it
 * returns add what Git does not hold: metadata, the latest-revision flag, revision numbers on
 * publish and change notifications. Port of Porch's {@code cachetypes.Cache}.
 */
public interface PackageCache {
  /** Opens the repository, or returns the one already open for the same namespace and name. */
  Repository openRepository(RequestContext ctx, io.jporch.core.api.config.Repository spec);

  /** The open repository for namespace/name, if any. */
  Optional<Repository> getRepository(String namespace, String name);

  /** Closes the repository and forgets its metadata. */
  void closeRepository(RequestContext ctx, io.jporch.core.api.config.Repository spec);

  /**
   * Asks for an immediate sync of the open repository namespace/name (the push trigger) without
   * waiting for it; its changes reach watchers as usual. False if the repository is not open.
   */
  default boolean requestSync(String namespace, String name) {
    return false;
  }
}
