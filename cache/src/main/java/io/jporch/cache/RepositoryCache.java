package io.jporch.cache;

import io.jporch.cache.internal.CachedPackageRevision;
import io.jporch.cache.internal.CachedRepository;
import io.jporch.cache.internal.Locks;
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
    if (entry.repository != null && Objects.equals(entry.spec.spec(), spec.spec())) {
      entry.spec = spec;
      return entry.repository;
    }
    Map<String, CachedPackageRevision> inherited = Map.of();
    if (entry.repository != null) {
      log.info("Repository {} changed; reopening it", id);
      inherited = entry.repository.knownRevisions();
      closeQuietly(entry.repository);
      entry.repository = null;
    }
    Repository adapter = factory.open(ctx, spec);
    entry.repository =
        new CachedRepository(adapter, metadataStore, notifier, inherited, versionCheckInterval);
    entry.spec = spec;
    log.info("Opened repository {}", id);
    return entry.repository;
  }

  @Override
  public Optional<Repository> getRepository(String namespace, String name) {
    Entry entry = entries.get((namespace == null ? "" : namespace) + "/" + name);
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
  }
}
