package io.jporch.cache;

import io.jporch.cache.internal.CachedPackageRevision;
import io.jporch.cache.internal.CachedRepository;
import io.jporch.cache.internal.Locks;
import io.jporch.cache.internal.SyncManager;
import io.jporch.core.cache.MetadataStore;
import io.jporch.core.cache.PackageCache;
import io.jporch.core.cache.PackageRevisionChangeNotifier;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.Repository;
import io.jporch.core.repository.RepositoryFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The package cache: one open repository per Repository object (namespace/name), reused across
 * requests, each wrapped so that it adds metadata, the latest-revision label, revision numbers on
 * publish and change notifications. Port of Porch's CR cache ({@code pkg/cache/crcache/cache.go}),
 * with metadata in a {@link MetadataStore} instead of {@code PackageRev} objects.
 *
 * <p>{@link #openRepository} is idempotent: the same spec returns the same instance; a changed spec
 * closes the old adapter and opens a new one (stored metadata is kept). Opening one repository
 * never blocks opening another. {@link #close()} releases every adapter at shutdown without
 * forgetting metadata; {@link #closeRepository} is for a Repository that was deleted.
 */
public final class RepositoryCache implements PackageCache, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RepositoryCache.class);

  private final RepositoryFactory factory;
  private final MetadataStore metadataStore;
  private final PackageRevisionChangeNotifier notifier;
  private final Duration versionCheckInterval;
  private final SyncOptions syncOptions;
  private final SyncStatusListener syncListener;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** A cache whose reads ask each repository for its version every time (always fresh). */
  public RepositoryCache(
      RepositoryFactory factory,
      MetadataStore metadataStore,
      PackageRevisionChangeNotifier notifier) {
    this(factory, metadataStore, notifier, Duration.ZERO);
  }

  /**
   * A cache whose reads ask a repository for its version (for Git: a fetch) at most once per {@code
   * versionCheckInterval}; in between they are served from memory. Writes always check.
   */
  public RepositoryCache(
      RepositoryFactory factory,
      MetadataStore metadataStore,
      PackageRevisionChangeNotifier notifier,
      Duration versionCheckInterval) {
    this(factory, metadataStore, notifier, versionCheckInterval, null, null);
  }

  /**
   * A cache that also syncs every open repository in the background ({@code syncOptions} non-null):
   * one {@link SyncManager} per repository, started when it is opened and stopped when it is
   * closed, reporting to {@code syncListener}. Changes a sync finds are announced to {@code
   * notifier} like any other.
   */
  public RepositoryCache(
      RepositoryFactory factory,
      MetadataStore metadataStore,
      PackageRevisionChangeNotifier notifier,
      Duration versionCheckInterval,
      SyncOptions syncOptions,
      SyncStatusListener syncListener) {
    this.syncOptions = syncOptions;
    this.syncListener = syncListener == null ? SyncStatusListener.NOOP : syncListener;
    this.versionCheckInterval = versionCheckInterval == null ? Duration.ZERO : versionCheckInterval;
    this.factory = Objects.requireNonNull(factory, "factory");
    this.metadataStore = Objects.requireNonNull(metadataStore, "metadataStore");
    this.notifier = notifier == null ? PackageRevisionChangeNotifier.NOOP : notifier;
  }

  @Override
  public Repository openRepository(RequestContext ctx, io.jporch.core.api.config.Repository spec) {
    String id = id(spec);
    while (true) {
      Entry entry = entries.computeIfAbsent(id, unused -> new Entry());
      Locks.acquire(entry.lock, ctx, "repository " + id + " to open");
      try {
        if (entries.get(id) != entry) {
          continue; // closed concurrently: use the new entry
        }
        return open(ctx, id, entry, spec);
      } finally {
        entry.lock.unlock();
      }
    }
  }

  private Repository open(
      RequestContext ctx, String id, Entry entry, io.jporch.core.api.config.Repository spec) {
    if (entry.repository != null && sameStorage(entry.spec, spec)) {
      entry.spec = spec;
      if (entry.sync != null) {
        entry.sync.update(spec);
      }
      return entry.repository;
    }
    Map<String, CachedPackageRevision> inherited = Map.of();
    if (entry.repository != null) {
      log.info("Repository {} changed; reopening it", id);
      inherited = entry.repository.knownRevisions();
      stopSync(entry);
      closeQuietly(entry.repository);
      entry.repository = null;
    }
    Repository adapter = factory.open(ctx, spec);
    entry.repository =
        new CachedRepository(adapter, metadataStore, notifier, inherited, versionCheckInterval);
    entry.spec = spec;
    if (syncOptions != null) {
      entry.sync = new SyncManager(entry.repository, spec, syncOptions, syncListener);
      entry.sync.start();
    }
    log.info("Opened repository {}", id);
    return entry.repository;
  }

  /** True if only {@code spec.sync} (or nothing) differs: the adapter can stay open. */
  private static boolean sameStorage(
      io.jporch.core.api.config.Repository a, io.jporch.core.api.config.Repository b) {
    return Objects.equals(withoutSync(a.spec()), withoutSync(b.spec()));
  }

  private static io.jporch.core.api.config.Repository.Spec withoutSync(
      io.jporch.core.api.config.Repository.Spec spec) {
    return spec == null
        ? null
        : new io.jporch.core.api.config.Repository.Spec(
            spec.description(),
            spec.deployment(),
            spec.type(),
            spec.content(),
            null,
            spec.git(),
            spec.oci());
  }

  /**
   * Syncs the open repository {@code namespace/name} now (the push trigger): the future completes
   * with the outcome of that sync. Empty if the repository is not open or background sync is off.
   */
  public Optional<CompletableFuture<SyncStatus>> syncNow(String namespace, String name) {
    Entry entry = entries.get(key(namespace, name));
    SyncManager sync = entry == null ? null : entry.sync;
    return sync == null ? Optional.empty() : Optional.of(sync.syncNow());
  }

  /**
   * {@inheritDoc}
   *
   * <p>With background sync, the repository's sync thread runs the sync (right after the one in
   * flight, if any); without, a virtual thread refreshes the repository.
   */
  @Override
  public boolean requestSync(String namespace, String name) {
    if (syncNow(namespace, name).isPresent()) {
      return true;
    }
    Optional<Repository> open = getRepository(namespace, name);
    if (open.isEmpty()) {
      return false;
    }
    String id = key(namespace, name);
    Thread.ofVirtual()
        .name("jporch-refresh-" + id)
        .start(
            () -> {
              try {
                open.get().refresh(RequestContext.system());
              } catch (RuntimeException e) {
                log.warn("Refreshing repository {} failed: {}", id, e.getMessage());
              }
            });
    return true;
  }

  /** The latest background-sync status of {@code namespace/name}, if it is open and synced. */
  public Optional<SyncStatus> syncStatus(String namespace, String name) {
    Entry entry = entries.get(key(namespace, name));
    SyncManager sync = entry == null ? null : entry.sync;
    return sync == null ? Optional.empty() : Optional.ofNullable(sync.status());
  }

  private static void stopSync(Entry entry) {
    if (entry.sync != null) {
      entry.sync.close();
      entry.sync = null;
    }
  }

  private static String key(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + name;
  }

  @Override
  public Optional<Repository> getRepository(String namespace, String name) {
    Entry entry = entries.get(key(namespace, name));
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.repository);
  }

  @Override
  public void closeRepository(RequestContext ctx, io.jporch.core.api.config.Repository spec) {
    String id = id(spec);
    Entry entry = entries.get(id);
    if (entry == null) {
      return;
    }
    Locks.acquire(entry.lock, ctx, "repository " + id + " to close");
    try {
      entries.remove(id, entry);
      stopSync(entry);
      if (entry.repository != null) {
        entry.repository.closeAndForget(ctx);
        entry.repository = null;
        log.info("Closed repository {}", id);
      }
    } finally {
      entry.lock.unlock();
    }
  }

  /** Releases every open adapter (server shutdown); stored metadata is kept. */
  @Override
  public void close() {
    List<Entry> all = new ArrayList<>(entries.values());
    entries.clear();
    for (Entry entry : all) {
      entry.lock.lock();
      try {
        stopSync(entry);
        if (entry.repository != null) {
          closeQuietly(entry.repository);
          entry.repository = null;
        }
      } finally {
        entry.lock.unlock();
      }
    }
  }

  private static void closeQuietly(CachedRepository repository) {
    try {
      repository.close();
    } catch (RuntimeException e) {
      log.warn("Closing repository {} failed", repository.key().name(), e);
    }
  }

  private static String id(io.jporch.core.api.config.Repository spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.metadata() == null || spec.name() == null || spec.name().isEmpty()) {
      throw new BadRequestException(
          ResourceRef.repository(null), "repository metadata.name is required");
    }
    return (spec.namespace() == null ? "" : spec.namespace()) + "/" + spec.name();
  }

  /** One Repository object: its lock, its last spec and its open repository (null if none). */
  private static final class Entry {
    private final ReentrantLock lock = new ReentrantLock();
    private io.jporch.core.api.config.Repository spec;
    private CachedRepository repository;
    private SyncManager sync;
  }
}
