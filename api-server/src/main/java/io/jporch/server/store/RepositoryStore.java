package io.jporch.server.store;

import io.jporch.core.api.config.Repository;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Storage of config.porch.kpt.dev Repository objects, the role etcd (through kube-apiserver) plays
 * for Porch. Resource versions are monotonic decimal counters across all objects. Every method is
 * thread-safe; listeners are called while the store is locked and must only enqueue.
 */
public interface RepositoryStore {
  Optional<Repository> get(String namespace, String name);

  /** Objects in {@code namespace} (null: all namespaces), ordered by namespace and name. */
  List<Repository> list(String namespace);

  /**
   * Stores a new object: assigns uid, resourceVersion, generation 1 and creationTimestamp.
   *
   * @throws io.jporch.core.error.AlreadyExistsException if the name is taken
   */
  Repository create(Repository repository);

  /**
   * Replaces spec, labels, annotations and finalizers; keeps the status. The resourceVersion of
   * {@code repository}, if present, must be current. Generation grows when the spec changes.
   *
   * @throws io.jporch.core.error.ConflictException on a stale resourceVersion
   * @throws io.jporch.core.error.NotFoundException if the object does not exist
   */
  Repository update(Repository repository);

  /** Rewrites the status only (the {@code status} subresource and the repository reconciler). */
  Repository updateStatus(String namespace, String name, UnaryOperator<Repository.Status> change);

  /**
   * Removes the object and returns it as it was.
   *
   * @throws io.jporch.core.error.NotFoundException if the object does not exist
   */
  Repository delete(String namespace, String name);

  /** The resourceVersion of the latest change (the list resourceVersion). */
  String resourceVersion();

  /**
   * Starts a watch of {@code namespace} (null: all). With an empty or {@code "0"} {@code
   * resourceVersion} the current objects are delivered first as ADDED; otherwise the retained
   * changes after that version are replayed. Then every change is delivered as it happens.
   *
   * @throws io.jporch.core.error.GoneException if the requested version is no longer retained
   */
  Registration watch(String namespace, String resourceVersion, Consumer<Event> listener);

  /** A change. */
  record Event(String type, Repository object) {}

  /** Ends a watch. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
