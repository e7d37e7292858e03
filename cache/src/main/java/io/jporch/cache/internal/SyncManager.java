package io.jporch.cache.internal;

import io.jporch.cache.CronSchedule;
import io.jporch.cache.SyncOptions;
import io.jporch.cache.SyncStatus;
import io.jporch.cache.SyncStatusListener;
import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.context.UserInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one open repository in step with its remote: a virtual thread per repository that syncs at
 * once when started, then on {@code spec.sync.schedule} (cron) or every {@link
 * SyncOptions#defaultPeriod()}, additionally at {@code spec.sync.runOnceAt}, and whenever {@link
 * #syncNow()} asks. A sync is {@link CachedRepository#sync}: change detection by the adapter's
 * version, a re-list only when it changed, and a watch event for every revision added, changed or
 * removed. A failed sync is retried with exponential back-off; being one thread per repository, a
 * slow or broken remote never delays another repository. Each outcome goes to the {@link
 * SyncStatusListener}.
 *
 * <p>Port of the full-sync part of Porch's repository controller ({@code
 * controllers/repositories/pkg/controllers/repository/sync.go}), run inside the server so that what
 * sync finds reaches watchers (Porch's controller syncs with a no-op notifier).
 */
public final class SyncManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncManager.class);
  static final String READY_MESSAGE = "Repository Ready";
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final CachedRepository repository;
  private final SyncOptions options;
  private final SyncStatusListener listener;
  private final String id;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();

  // guarded by lock
  private Repository spec;
  private Schedule schedule;
  private Instant due = Instant.MIN;
  private Instant runOnceAt;
  private Instant observedRunOnceAt;
  private final Instant storedObservedRunOnceAt;
  private boolean triggered;
  private boolean stopped;
  private List<CompletableFuture<SyncStatus>> waiters = new ArrayList<>();
  private SyncStatus status;
  private Thread thread;

  public SyncManager(
      CachedRepository repository,
      Repository spec,
      SyncOptions options,
      SyncStatusListener listener) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.options = Objects.requireNonNull(options, "options");
    this.listener = listener == null ? SyncStatusListener.NOOP : listener;
    this.id = spec.namespace() + "/" + spec.name();
    this.spec = spec;
    this.schedule = Schedule.of(spec, options);
    this.runOnceAt = schedule.runOnceAt();
    this.storedObservedRunOnceAt = storedObserved(spec);
    this.observedRunOnceAt = storedObservedRunOnceAt;
  }

  /** {@code status.observedRunOnceAt} as stored with the object (a previous server's), or null. */
  private static Instant storedObserved(Repository spec) {
    String value = spec.status() == null ? null : spec.status().observedRunOnceAt();
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Repository.Sync syncOf(Repository spec) {
    return spec.spec() == null ? null : spec.spec().sync();
  }

  /** Starts the sync thread; the first sync runs at once. */
  public void start() {
    lock.lock();
    try {
      if (thread == null && !stopped) {
        thread = Thread.ofVirtual().name("jporch-sync-" + id).start(this::run);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Applies a changed {@code spec.sync} (schedule, runOnceAt) without reopening the repository: the
   * next sync is re-planned from the last one.
   */
  public void update(Repository newSpec) {
    lock.lock();
    try {
      boolean changed = !Objects.equals(syncOf(spec), syncOf(newSpec));
      spec = newSpec;
      schedule = Schedule.of(newSpec, options);
      runOnceAt = schedule.runOnceAt();
      if (changed && status != null && status.state() != SyncStatus.State.ERROR) {
        Instant last =
            status.lastFullSyncTime() == null ? Instant.now() : status.lastFullSyncTime();
        due = schedule.next(last, options);
      }
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Syncs as soon as possible (at once unless a sync is running, then right after it): the push
   * trigger. The future completes with the outcome of that sync, or is cancelled if the manager
   * stops first.
   */
  public CompletableFuture<SyncStatus> syncNow() {
    CompletableFuture<SyncStatus> result = new CompletableFuture<>();
    lock.lock();
    try {
      if (stopped) {
        result.cancel(false);
        return result;
      }
      waiters.add(result);
      triggered = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    return result;
  }

  /** The latest status, null before the first sync started. */
  public SyncStatus status() {
    lock.lock();
    try {
      return status;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the thread; a sync in flight finishes (bounded by the sync timeout) but is not reported.
   */
  @Override
  public void close() {
    Thread running;
    List<CompletableFuture<SyncStatus>> pending;
    lock.lock();
    try {
      stopped = true;
      running = thread;
      pending = waiters;
      waiters = new ArrayList<>();
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    pending.forEach(f -> f.cancel(false));
    if (running != null && running != Thread.currentThread()) {
      try {
        if (!running.join(STOP_WAIT)) {
          log.info("Sync of {} still running; it will stop after the current sync", id);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    while (true) {
      List<CompletableFuture<SyncStatus>> served;
      Instant carriedOut;
      lock.lock();
      try {
        if (!awaitDue()) {
          return;
        }
        triggered = false;
        served = waiters;
        waiters = new ArrayList<>();
        carriedOut = runOnceAt != null && !runOnceAt.isAfter(Instant.now()) ? runOnceAt : null;
        if (carriedOut != null) {
          observedRunOnceAt = carriedOut;
        }
        if (status == null) {
          publish(
              new SyncStatus(
                  SyncStatus.State.RECONCILING,
                  "Repository reconciliation in progress",
                  null,
                  null,
                  0,
                  "",
                  0));
        }
      } finally {
        lock.unlock();
      }
      SyncStatus outcome = syncOnce(carriedOut);
      served.forEach(f -> f.complete(outcome));
    }
  }

  /** Waits until a sync is due, triggered or the manager stopped; false when stopped. */
  private boolean awaitDue() {
    while (!stopped) {
      if (triggered) {
        return true;
      }
      Instant next = due;
      if (runOnceAt != null && !runOnceAt.equals(observedRunOnceAt) && runOnceAt.isBefore(next)) {
        next = runOnceAt;
      }
      Instant now = Instant.now();
      if (!next.isAfter(now)) {
        return true;
      }
      long waitNanos = Duration.between(now, next).toNanos();
      try {
        wake.awaitNanos(waitNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /**
   * One sync; {@code carriedOut} is the runOnceAt it satisfies (its time had come when it started),
   * or null.
   */
  private SyncStatus syncOnce(Instant carriedOut) {
    Instant started = Instant.now();
    RequestContext ctx =
        new RequestContext(
            new UserInfo("system:jporch:sync", List.of()),
            started.plus(options.syncTimeout()),
            "sync-" + UUID.randomUUID());
    SyncStatus next;
    try {
      CachedRepository.SyncResult result = repository.sync(ctx);
      next = succeeded(result, carriedOut);
      if (result.changed()) {
        log.info("Sync of {} found changes ({} package revisions)", id, result.packageCount());
      } else {
        log.debug("Sync of {}: no change", id);
      }
    } catch (RuntimeException e) {
      next = failed(e);
    }
    lock.lock();
    try {
      publish(next);
    } finally {
      lock.unlock();
    }
    return next;
  }

  private SyncStatus succeeded(CachedRepository.SyncResult result, Instant carriedOut) {
    lock.lock();
    try {
      // Porch's status.observedRunOnceAt: the runOnceAt done; cleared with spec.sync.runOnceAt; a
      // runOnceAt still in the future leaves the previous value (Porch would mark it observed and
      // clear it from the spec, so that it never runs: see docs/compatibility.md).
      Instant observed =
          carriedOut != null
              ? carriedOut
              : runOnceAt == null
                  ? null
                  : status == null ? storedObservedRunOnceAt : status.observedRunOnceAt();
      Instant now = Instant.now();
      due = schedule.next(now, options);
      String message =
          schedule.problem() == null ? READY_MESSAGE : READY_MESSAGE + "; " + schedule.problem();
      return new SyncStatus(
          SyncStatus.State.READY,
          message,
          now,
          due,
          result.packageCount(),
          result.gitCommitHash(),
          0,
          observed);
    } finally {
      lock.unlock();
    }
  }

  private SyncStatus failed(RuntimeException e) {
    lock.lock();
    try {
      int failures = status == null ? 1 : status.consecutiveFailures() + 1;
      Duration backoff = backoff(failures);
      Instant now = Instant.now();
      due = now.plus(backoff);
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      log.warn(
          "Sync of {} failed ({} in a row), retrying in {} s: {}",
          id,
          failures,
          backoff.toSeconds(),
          message);
      return new SyncStatus(
          SyncStatus.State.ERROR,
          message,
          status == null ? null : status.lastFullSyncTime(),
          due,
          status == null ? 0 : status.packageCount(),
          status == null ? "" : status.gitCommitHash(),
          failures,
          status == null ? null : status.observedRunOnceAt());
    } finally {
      lock.unlock();
    }
  }

  /** {@code initialBackoff × 2^(failures-1)}, capped, plus up to 20 % jitter. */
  Duration backoff(int failures) {
    long initial = options.initialBackoff().toMillis();
    long max = options.maxBackoff().toMillis();
    long millis = failures >= 31 ? max : Math.min(max, initial << Math.max(0, failures - 1));
    long jitter = (long) (millis * 0.2 * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(Math.min(max, millis + jitter));
  }

  /** Records and reports {@code next}; the caller holds the lock. Nothing after a stop. */
  private void publish(SyncStatus next) {
    if (stopped) {
      return;
    }
    status = next;
    Repository current = spec;
    lock.unlock();
    try {
      listener.onSyncStatus(current, next);
    } catch (RuntimeException e) {
      log.warn("Sync status listener failed for {}", id, e);
    } finally {
      lock.lock();
    }
  }

  /**
   * The timing part of {@code spec.sync}: a valid cron schedule or none, the runOnceAt time, and
   * the reason a given schedule or time was ignored.
   */
  record Schedule(CronSchedule cron, Instant runOnceAt, String problem) {
    static Schedule of(Repository spec, SyncOptions options) {
      Repository.Sync sync = spec.spec() == null ? null : spec.spec().sync();
      if (sync == null) {
        return new Schedule(null, null, null);
      }
      CronSchedule cron = null;
      List<String> problems = new ArrayList<>();
      if (sync.schedule() != null && !sync.schedule().isBlank()) {
        try {
          cron = CronSchedule.parse(sync.schedule(), options.zone());
          if (cron.next(Instant.now()).isEmpty()) {
            problems.add(ignored(sync.schedule(), "it never fires", options));
            cron = null;
          }
        } catch (IllegalArgumentException e) {
          problems.add(ignored(sync.schedule(), e.getMessage(), options));
        }
      }
      Instant once = null;
      if (sync.runOnceAt() != null && !sync.runOnceAt().isBlank()) {
        try {
          once = OffsetDateTime.parse(sync.runOnceAt()).toInstant();
        } catch (DateTimeParseException e) {
          problems.add(
              "spec.sync.runOnceAt \"" + sync.runOnceAt() + "\" is not an RFC 3339 time; ignored");
        }
      }
      return new Schedule(cron, once, problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static String ignored(String schedule, String why, SyncOptions options) {
      return "spec.sync.schedule \""
          + schedule
          + "\" is invalid ("
          + why
          + "); syncing every "
          + human(options.defaultPeriod())
          + " instead";
    }

    private static String human(Duration d) {
      if (d.toMillis() % 1000 != 0) {
        return d.toMillis() + "ms";
      }
      long s = d.toSeconds();
      return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** When the next periodic sync after {@code last} is due. */
    Instant next(Instant last, SyncOptions options) {
      if (cron != null) {
        return cron.next(last).orElse(last.plus(options.defaultPeriod()));
      }
      return last.plus(options.defaultPeriod());
    }
  }
}
