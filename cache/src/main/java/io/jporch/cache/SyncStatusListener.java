package io.jporch.cache;

import io.jporch.core.api.config.Repository;

/**
 * Receives every change of a repository's {@link SyncStatus}, to be written into the Repository's
 * status. Called on the repository's sync thread, never while a cache lock is held; it should
 * return quickly and must not call back into the sync of the same repository.
 */
@FunctionalInterface
public interface SyncStatusListener {
  /** Ignores every status. */
  SyncStatusListener NOOP = (repository, status) -> {};

  /**
   * {@code repository} is the Repository object the sync ran for (its uid and generation identify
   * the incarnation the status belongs to).
   */
  void onSyncStatus(Repository repository, SyncStatus status);
}
