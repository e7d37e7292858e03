package io.jporch.server.rest.config;

import io.jporch.core.api.config.Repository;
import io.jporch.core.cache.PackageCache;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.util.Timestamps;
import io.jporch.server.store.RepositoryRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone stand-in for Porch's repositories controller: opens each Repository through the
 * package cache and records the outcome as the {@code Ready} condition (True/Ready, or False/Error
 * with the error text). Opening never fails the API request that triggered it; the caller waits a
 * bounded time so that a quick open is already visible in its response. A failed open is retried
 * with exponential back-off (5 s doubling to 2 min) until it succeeds or the object is deleted or
 * replaced, so a fixed remote or Secret takes effect without a restart; once open, the package
 * cache's background sync keeps the status current.
 */
public final class RepositoryReconciler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RepositoryReconciler.class);
  private static final String READY = "Ready";
  private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private static final Duration MAX_RETRY = Duration.ofMinutes(2);

  private final PackageCache cache;
  private final RepositoryRegistry store;
  private final Duration openWait;
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jporch-repo-", 0).factory());
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Integer> failures = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("jporch-repo-retry").factory());

  public RepositoryReconciler(PackageCache cache, RepositoryRegistry store, Duration openWait) {
    this.cache = cache;
    this.store = store;
    this.openWait = openWait;
  }

  /** Opens the repository; returns the stored object once opened or after the wait. */
  public Repository open(Repository repository) {
    Future<?> opening = executor.submit(() -> connect(repository));
    try {
      opening.get(openWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.info("Repository {}/{} is still being opened", repository.namespace(), repository.name());
    } catch (ExecutionException e) {
      log.warn(
          "Opening repository {}/{} failed unexpectedly",
          repository.namespace(),
          repository.name(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return store.get(repository.namespace(), repository.name()).orElse(repository);
  }

  /**
   * Opens the updated spec after a change. The package cache replaces the repository's adapter
   * itself and keeps the stored metadata (labels, annotations, finalizers, creation times) of its
   * package revisions, as Porch does: a spec change is not a delete, so the old incarnation is not
   * {@linkplain #close closed}.
   */
  public Repository reopen(Repository old, Repository updated) {
    log.debug(
        "Repository {}/{} changed (generation {} -> {})",
        updated.namespace(),
        updated.name(),
        old.metadata().generation(),
        updated.metadata().generation());
    return open(updated);
  }

  /** Closes the repository in the cache (after a delete). Failures are logged only. */
  public void close(Repository repository) {
    ReentrantLock lock = lockFor(repository);
    lock.lock();
    try {
      cache.closeRepository(RequestContext.system(), repository);
    } catch (RuntimeException e) {
      log.warn(
          "Closing repository {}/{} failed: {}",
          repository.namespace(),
          repository.name(),
          e.toString());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Tries to open {@code repository} again at once, in the background (a push trigger for a
   * repository that is not open, e.g. one waiting for its next retry).
   */
  public void connectNow(Repository repository) {
    try {
      executor.submit(() -> connect(repository));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("Not opening {}: shutting down", id(repository));
    }
  }

  /** Opens every stored repository in the background (server start). */
  public List<Future<?>> openAll() {
    List<Future<?>> started = new ArrayList<>();
    for (Repository repository : store.list(null)) {
      started.add(executor.submit(() -> connect(repository)));
    }
    return started;
  }

  private void connect(Repository repository) {
    ReentrantLock lock = lockFor(repository);
    lock.lock();
    try {
      Optional<Repository> current = store.get(repository.namespace(), repository.name());
      if (current.isEmpty()
          || !Objects.equals(current.get().metadata().uid(), repository.metadata().uid())) {
        failures.remove(id(repository));
        return;
      }
      Repository.Condition condition;
      String commit = null;
      RequestContext ctx = RequestContext.system();
      try {
        var opened = cache.openRepository(ctx, current.get());
        commit = branchCommit(opened, ctx);
        condition = condition(current.get(), "True", READY, "Repository Ready");
        failures.remove(id(repository));
        log.info("Repository {}/{} is ready", repository.namespace(), repository.name());
      } catch (RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        condition = condition(current.get(), "False", "Error", message);
        Duration retry = scheduleRetry(current.get());
        log.warn(
            "Repository {}/{} cannot be opened (retrying in {} s): {}",
            repository.namespace(),
            repository.name(),
            retry.toSeconds(),
            message);
      }
      record(current.get(), condition, commit);
    } finally {
      lock.unlock();
    }
  }

  /** Opens {@code repository} again after a back-off that doubles with every failure. */
  private Duration scheduleRetry(Repository repository) {
    int failed = failures.merge(id(repository), 1, Integer::sum);
    long seconds =
        Math.min(MAX_RETRY.toSeconds(), FIRST_RETRY.toSeconds() << Math.min(failed - 1, 16));
    Duration delay = Duration.ofSeconds(seconds);
    try {
      retries.schedule(
          () -> executor.submit(() -> connect(repository)),
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("Not retrying {}: shutting down", id(repository));
    }
    return delay;
  }

  private static String id(Repository repository) {
    return repository.namespace() + "/" + repository.name();
  }

  private static String branchCommit(
      io.jporch.core.repository.Repository opened, RequestContext ctx) {
    try {
      String hash = opened.branchCommitHash(ctx);
      return hash == null || hash.isEmpty() ? null : hash;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void record(Repository repository, Repository.Condition condition, String commit) {
    try {
      store.updateStatus(
          repository.namespace(),
          repository.name(),
          old -> {
            Repository.Condition previous = readyCondition(old);
            Repository.Condition next = condition;
            if (previous != null && previous.status().equals(condition.status())) {
              next =
                  new Repository.Condition(
                      condition.type(),
                      condition.status(),
                      condition.observedGeneration(),
                      previous.lastTransitionTime(),
                      condition.reason(),
                      condition.message());
            }
            boolean ready = "True".equals(condition.status());
            return new Repository.Status(
                List.of(next),
                ready ? Timestamps.now() : old == null ? null : old.lastFullSyncTime(),
                old == null ? null : old.nextFullSyncTime(),
                condition.observedGeneration(),
                old == null ? 0 : old.packageCount(),
                commit,
                old == null ? null : old.observedRunOnceAt());
          });
    } catch (NotFoundException e) {
      log.debug(
          "Repository {}/{} was deleted while being opened",
          repository.namespace(),
          repository.name());
    }
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

  private static Repository.Condition condition(
      Repository repository, String status, String reason, String message) {
    Long generation = repository.metadata().generation();
    return new Repository.Condition(
        READY, status, generation == null ? 0 : generation, Timestamps.now(), reason, message);
  }

  private ReentrantLock lockFor(Repository repository) {
    return locks.computeIfAbsent(
        repository.namespace() + "/" + repository.name(), k -> new ReentrantLock());
  }

  @Override
  public void close() {
    retries.shutdownNow();
    executor.shutdownNow();
  }
}
