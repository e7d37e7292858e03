package io.jporch.server.rest.config;

import io.jporch.cache.SyncStatus;
import io.jporch.cache.SyncStatusListener;
import io.jporch.core.api.config.Repository;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.util.Timestamps;
import io.jporch.server.store.RepositoryRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outcome of every background sync into the Repository's status, as Porch's repository
 * controller does ({@code status.go}): the single condition {@code Ready} (True/Ready, or
 * False/Reconciling or False/Error with the error text), {@code lastFullSyncTime}, {@code
 * nextFullSyncTime}, {@code observedGeneration}, {@code packageCount}, {@code gitCommitHash} and
 * {@code observedRunOnceAt}.
 *
 * <p>A status for an earlier incarnation of the object (another uid) is dropped, and a repository
 * that is already Ready is not shown as Reconciling while a routine sync runs (Porch flips it to
 * False for the duration of every full sync).
 */
public final class RepositorySyncStatusWriter implements SyncStatusListener {
  private static final Logger log = LoggerFactory.getLogger(RepositorySyncStatusWriter.class);
  static final String READY = "Ready";

  private final RepositoryRegistry store;

  public RepositorySyncStatusWriter(RepositoryRegistry store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void onSyncStatus(Repository repository, SyncStatus status) {
    Optional<Repository> current = store.get(repository.namespace(), repository.name());
    if (current.isEmpty()
        || !Objects.equals(current.get().metadata().uid(), repository.metadata().uid())) {
      return;
    }
    long generation = Objects.requireNonNullElse(current.get().metadata().generation(), 0L);
    try {
      store.updateStatus(
          repository.namespace(), repository.name(), old -> next(old, status, generation));
    } catch (NotFoundException e) {
      log.debug(
          "Repository {}/{} was deleted during a sync", repository.namespace(), repository.name());
    }
  }

  static Repository.Status next(Repository.Status old, SyncStatus status, long generation) {
    Repository.Condition previous = readyCondition(old);
    if (status.state() == SyncStatus.State.RECONCILING
        && previous != null
        && "True".equals(previous.status())) {
      return old;
    }
    String conditionStatus = status.ready() ? "True" : "False";
    String transition =
        previous != null && conditionStatus.equals(previous.status())
            ? previous.lastTransitionTime()
            : Timestamps.now();
    Repository.Condition ready =
        new Repository.Condition(
            READY,
            conditionStatus,
            generation,
            transition,
            status.state().reason(),
            status.message());
    return new Repository.Status(
        List.of(ready),
        Timestamps.format(status.lastFullSyncTime()),
        Timestamps.format(status.nextFullSyncTime()),
        generation,
        status.packageCount(),
        status.gitCommitHash().isEmpty() ? null : status.gitCommitHash(),
        Timestamps.format(status.observedRunOnceAt()));
  }

  private static Repository.Condition readyCondition(Repository.Status status) {
    if (status == null || status.conditions() == null) {
      return null;
    }
    return status.conditions().stream()
        .filter(c -> READY.equals(c.type()))
        .findFirst()
        .orElse(null);
  }
}
