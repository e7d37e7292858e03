package io.jporch.server.store;

import io.jporch.core.api.config.Repository;
import io.jporch.watch.ChangeLog;
import java.util.function.Consumer;

/**
 * Storage of config.porch.kpt.dev Repository objects, the role etcd (through kube-apiserver) plays
 * for Porch. Resource versions are monotonic decimal counters across all objects. Every method is
 * thread-safe; change listeners are called while the store is locked and must only enqueue.
 */
public interface RepositoryStore extends RepositoryRegistry {

  /**
   * Stores a new object: assigns uid, resourceVersion, generation 1 and creationTimestamp.
   *
   * @throws io.jporch.core.error.AlreadyExistsException if the name is taken
   */
  default Repository create(Repository repository) {
    return create(repository, false);
  }

  /**
   * {@link #create(Repository)}; with {@code dryRun} the same checks run and the object that would
   * be stored is returned (uid, generation and creationTimestamp set, no resourceVersion), but
   * nothing is written and no event is sent.
   */
  Repository create(Repository repository, boolean dryRun);

  /**
   * Replaces spec, labels, annotations, finalizers, owner references and managed fields; keeps the
   * status. The resourceVersion of {@code repository}, if present, must be current. Generation
   * grows when the spec changes.
   *
   * @throws io.jporch.core.error.ConflictException on a stale resourceVersion
   * @throws io.jporch.core.error.NotFoundException if the object does not exist
   */
  default Repository update(Repository repository) {
    return update(repository, false);
  }

  /** {@link #update(Repository)}; with {@code dryRun} nothing is written and no event is sent. */
  Repository update(Repository repository, boolean dryRun);

  /**
   * The {@code status} subresource: replaces the status and the managed fields only. The
   * resourceVersion of {@code repository}, if present, must be current.
   *
   * @throws io.jporch.core.error.ConflictException on a stale resourceVersion
   * @throws io.jporch.core.error.NotFoundException if the object does not exist
   */
  Repository replaceStatus(Repository repository, boolean dryRun);

  /**
   * Removes the object and returns it as it was.
   *
   * @throws io.jporch.core.error.NotFoundException if the object does not exist
   */
  default Repository delete(String namespace, String name) {
    return delete(namespace, name, r -> {}, false);
  }

  /**
   * {@link #delete(String, String)} after {@code precondition} accepted the current object (it
   * throws to refuse, e.g. a 409 for a uid mismatch); with {@code dryRun} nothing is removed.
   */
  Repository delete(
      String namespace, String name, Consumer<Repository> precondition, boolean dryRun);

  /** The resourceVersion of the latest change (the list resourceVersion). */
  String resourceVersion();

  /**
   * Every change (ADDED, MODIFIED, DELETED) under its resourceVersion, for watches. After a restart
   * the log starts at the stored version: the stored objects are exactly that state, so a watch
   * from it resumes.
   */
  ChangeLog<Repository> changes();
}
