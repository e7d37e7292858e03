package io.jporch.cache.internal;

import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.MetadataStore;
import io.jporch.core.cache.PackageRevisionChangeNotifier;
import io.jporch.core.cache.WatchEventType;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.Repository;
import io.jporch.core.repository.RepositoryKey;
import io.jporch.core.util.Timestamps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A repository adapter wrapped by the cache. It keeps the list of revisions in memory, keyed by the
 * adapter's {@link Repository#version}, and re-lists only when that version changed or after its
 * own writes. Every re-list is compared with the previous one to emit exactly one change
 * notification per visible change (ADDED, MODIFIED, DELETED), including the latest-revision label
 * moving and the placeholder revision changing. Metadata the adapter does not hold comes from the
 * {@link MetadataStore}. Revision numbers are assigned here on publish. Port of {@code
 * pkg/cache/crcache/repository.go}.
 *
 * <p>All writes, re-lists and numbering run under one lock per repository; notifications are sent
 * while it is held so that watchers see the events of one repository in order.
 */
public final class CachedRepository implements Repository {
  private static final Logger log = LoggerFactory.getLogger(CachedRepository.class);
  private static final int PUBLISH_ATTEMPTS = 3;
  private static final Comparator<CachedPackageRevision> ORDER =
      Comparator.<CachedPackageRevision, String>comparing(r -> r.key().packageKey().path())
          .thenComparingInt(r -> r.key().revision())
          .thenComparing(r -> r.lifecycle().value())
          .thenComparing(CachedPackageRevision::objectName);

  private final Repository adapter;
  private final MetadataStore metadataStore;
  private final PackageRevisionChangeNotifier notifier;
  private final ReentrantLock lock = new ReentrantLock();
  private final long versionCheckNanos;
  private volatile Snapshot snapshot;
  private volatile long lastVersionCheck;
  private Map<String, CachedPackageRevision> inherited;
  private boolean reconciled; // the store was reconciled with a listing; guarded by lock

  /**
   * Wraps {@code adapter}. {@code inherited} is the state of the instance this one replaces (or
   * empty): the first listing is compared with it, so reopening does not announce every revision
   * again. Reads ask the adapter for its version at most once per {@code versionCheckInterval}
   * (zero: on every read); writes always do.
   */
  public CachedRepository(
      Repository adapter,
      MetadataStore metadataStore,
      PackageRevisionChangeNotifier notifier,
      Map<String, CachedPackageRevision> inherited,
      Duration versionCheckInterval) {
    this.versionCheckNanos =
        versionCheckInterval == null ? 0 : Math.max(0, versionCheckInterval.toNanos());
    this.adapter = Objects.requireNonNull(adapter, "adapter");
    this.metadataStore = Objects.requireNonNull(metadataStore, "metadataStore");
    this.notifier = notifier == null ? PackageRevisionChangeNotifier.NOOP : notifier;
    this.inherited = inherited == null ? Map.of() : Map.copyOf(inherited);
  }

  /** The revisions currently known, by object name (empty before the first listing). */
  public Map<String, CachedPackageRevision> knownRevisions() {
    Snapshot s = snapshot;
    if (s != null) {
      return s.byName();
    }
    lock.lock();
    try {
      return inherited;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public RepositoryKey key() {
    return adapter.key();
  }

  @Override
  public List<PackageRevision> listPackageRevisions(
      RequestContext ctx, PackageRevisionFilter filter) {
    Snapshot s = current(ctx);
    PackageRevisionFilter f = filter == null ? PackageRevisionFilter.ALL : filter;
    List<PackageRevision> result = new ArrayList<>();
    for (CachedPackageRevision revision : s.revisions()) {
      try {
        if (f.matches(revision)) {
          result.add(revision);
        }
      } catch (RuntimeException e) {
        log.warn("Skipping package revision {}: cannot read it", revision.objectName(), e);
      }
    }
    return result;
  }

  @Override
  public PackageRevisionDraft createPackageRevisionDraft(
      RequestContext ctx, PackageRevisionKey key) {
    return new CachedDraft(adapter.createPackageRevisionDraft(ctx, key), true);
  }

  @Override
  public PackageRevisionDraft openPackageRevisionDraft(
      RequestContext ctx, PackageRevision revision) {
    return new CachedDraft(adapter.openPackageRevisionDraft(ctx, unwrap(revision)), false);
  }

  @Override
  public PackageRevision closePackageRevisionDraft(
      RequestContext ctx, PackageRevisionDraft draft, int version) {
    PackageRevisionDraft raw = draft instanceof CachedDraft c ? c.delegate() : draft;
    boolean created = draft instanceof CachedDraft c && c.created();
    Locks.acquire(lock, ctx, "repository " + key().name());
    try {
      reload(ctx, false);
      PackageRevision closed = closeWithNumber(ctx, raw, version);
      if (created) {
        resetMetadata(closed);
      }
      Snapshot s = reload(ctx, true);
      return resultFor(s, closed);
    } finally {
      lock.unlock();
    }
  }

  private PackageRevision closeWithNumber(
      RequestContext ctx, PackageRevisionDraft draft, int version) {
    if (draft.lifecycle() != Lifecycle.PUBLISHED || version != 0) {
      return adapter.closePackageRevisionDraft(ctx, draft, version);
    }
    String path = draft.key().packageKey().path();
    Snapshot s = snapshot;
    for (int attempt = 1; ; attempt++) {
      int next = nextNumber(ctx, s, draft.key().packageKey());
      try {
        PackageRevision published = adapter.closePackageRevisionDraft(ctx, draft, next);
        log.info("Published {} as revision {}", draft.key().objectName(), next);
        return published;
      } catch (ConflictException e) {
        s = reload(ctx, true);
        if (attempt >= PUBLISH_ATTEMPTS || nextNumber(ctx, s, draft.key().packageKey()) == next) {
          throw e;
        }
        log.info("Revision {} of {} was taken concurrently; retrying", next, path);
      }
    }
  }

  @Override
  public int highestRevisionEverPublished(RequestContext ctx, PackageKey pkg) {
    return adapter.highestRevisionEverPublished(ctx, pkg);
  }

  /**
   * The number the next publication of {@code pkg} gets: above every Published/DeletionProposed
   * revision and above every number the repository's history shows was ever published, so that the
   * number of a deleted revision is never given out again (Porch reuses the highest one).
   */
  private int nextNumber(RequestContext ctx, Snapshot s, PackageKey pkg) {
    return Math.max(
        nextRevision(s, pkg.path()), adapter.highestRevisionEverPublished(ctx, pkg) + 1);
  }

  /** 1 + the highest revision among Published/DeletionProposed revisions of the package path. */
  static int nextRevision(Snapshot s, String packagePath) {
    int highest = 0;
    for (CachedPackageRevision r : s.revisions()) {
      if (r.key().packageKey().path().equals(packagePath)
          && r.lifecycle().isPublished()
          && r.key().revision() > highest) {
        highest = r.key().revision();
      }
    }
    return highest + 1;
  }

  @Override
  public PackageRevision updateLifecycle(
      RequestContext ctx, PackageRevision revision, Lifecycle lifecycle) {
    Locks.acquire(lock, ctx, "repository " + key().name());
    try {
      reload(ctx, false);
      PackageRevision updated = adapter.updateLifecycle(ctx, unwrap(revision), lifecycle);
      return resultFor(reload(ctx, true), updated);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void deletePackageRevision(RequestContext ctx, PackageRevision revision) {
    Locks.acquire(lock, ctx, "repository " + key().name());
    try {
      reload(ctx, false);
      adapter.deletePackageRevision(ctx, unwrap(revision));
      log.info("Deleted package revision {}", revision.key().objectName());
      reload(ctx, true);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String version(RequestContext ctx) {
    return adapter.version(ctx);
  }

  @Override
  public void refresh(RequestContext ctx) {
    adapter.refresh(ctx);
    Locks.acquire(lock, ctx, "repository " + key().name());
    try {
      reload(ctx, true);
    } finally {
      lock.unlock();
    }
  }

  /**
   * One background sync: asks the adapter for its version (for Git, a fetch) and re-lists, emitting
   * change notifications, only when it changed. Returns what the Repository status reports.
   */
  public SyncResult sync(RequestContext ctx) {
    Locks.acquire(lock, ctx, "repository " + key().name());
    try {
      Snapshot before = snapshot;
      Snapshot after = reload(ctx, false);
      return new SyncResult(
          after != before, after.revisions().size(), adapter.branchCommitHash(ctx));
    } finally {
      lock.unlock();
    }
  }

  /**
   * What one {@link #sync} found.
   *
   * @param changed whether the repository's version changed (and it was re-listed)
   * @param packageCount number of package revisions
   * @param gitCommitHash head of the registered branch, empty if none
   */
  public record SyncResult(boolean changed, int packageCount, String gitCommitHash) {}

  @Override
  public String branchCommitHash(RequestContext ctx) {
    return adapter.branchCommitHash(ctx);
  }

  /** Releases the adapter; the stored metadata is kept. */
  @Override
  public void close() {
    adapter.close();
  }

  /**
   * Closes the repository for good: announces every known revision as DELETED and forgets the
   * metadata stored for the repository, then releases the adapter.
   */
  public void closeAndForget(RequestContext ctx) {
    Locks.acquire(lock, ctx, "repository " + key().name());
    try {
      List<CachedPackageRevision> removed = new ArrayList<>();
      for (CachedPackageRevision revision : knownRevisions().values()) {
        CachedPackageRevision frozen = revision.frozen();
        send(WatchEventType.DELETED, frozen);
        removed.add(frozen);
      }
      snapshot = null;
      removed.forEach(this::deleteMetadata);
      // also the entries of revisions never listed by this instance, as Porch's Close does
      reconcileMetadata(Map.of());
      inherited = Map.of();
    } finally {
      lock.unlock();
      adapter.closeAndRemoveLocalCopy();
    }
  }

  // ------------------------------------------------------------------ metadata

  ObjectMeta storedMetadata(CachedPackageRevision revision) {
    try {
      return metadataStore
          .get(revision.namespace(), repositoryName(), revision.objectName())
          .orElseGet(() -> ObjectMeta.named(revision.namespace(), revision.objectName()));
    } catch (RuntimeException e) {
      log.warn("Cannot read the metadata of {}", revision.objectName(), e);
      return ObjectMeta.named(revision.namespace(), revision.objectName());
    }
  }

  void setMetadata(RequestContext ctx, CachedPackageRevision revision, ObjectMeta metadata) {
    Objects.requireNonNull(metadata, "metadata");
    String name = revision.objectName();
    String namespace = revision.namespace();
    Locks.acquire(lock, ctx, "repository " + key().name());
    try {
      CachedPackageRevision current = reload(ctx, false).byName().get(name);
      if (current == null) {
        throw new NotFoundException(
            ResourceRef.packageRevision(name),
            "packagerevisions.porch.kpt.dev \"" + name + "\" not found");
      }
      ObjectMeta stored = metadataStore.get(namespace, repositoryName(), name).orElse(null);
      ObjectMeta next = normalize(namespace, name, metadata, stored);
      if (next.equals(stored)) {
        return;
      }
      // Announce first: a reader that renders the new metadata finds it already journaled.
      send(WatchEventType.MODIFIED, current.withFrozenMetadata(next));
      metadataStore.put(namespace, repositoryName(), name, next);
    } finally {
      lock.unlock();
    }
  }

  private static ObjectMeta normalize(
      String namespace, String name, ObjectMeta requested, ObjectMeta stored) {
    Map<String, String> labels = new LinkedHashMap<>(requested.labelsOrEmpty());
    labels.remove(ApiGroups.LATEST_REVISION_LABEL);
    String created =
        stored != null && stored.creationTimestamp() != null
            ? stored.creationTimestamp()
            : requested.creationTimestamp() != null
                ? requested.creationTimestamp()
                : Timestamps.now();
    return new ObjectMeta(
        name,
        null,
        namespace,
        null,
        null,
        null,
        created,
        requested.deletionTimestamp(),
        labels.isEmpty() ? null : labels,
        requested.annotations() == null || requested.annotations().isEmpty()
            ? null
            : new LinkedHashMap<>(requested.annotations()),
        requested.finalizers() == null || requested.finalizers().isEmpty()
            ? null
            : List.copyOf(requested.finalizers()),
        requested.ownerReferences() == null || requested.ownerReferences().isEmpty()
            ? null
            : List.copyOf(requested.ownerReferences()),
        requested.managedFields() == null || requested.managedFields().isEmpty()
            ? null
            : List.copyOf(requested.managedFields()));
  }

  private ObjectMeta freshMetadata(String namespace, String name) {
    return ObjectMeta.named(namespace, name).withCreationTimestamp(Timestamps.now());
  }

  private void resetMetadata(PackageRevision closed) {
    String namespace = closed.key().repository().namespace();
    String name = closed.key().objectName();
    try {
      metadataStore.put(namespace, repositoryName(), name, freshMetadata(namespace, name));
    } catch (RuntimeException e) {
      log.warn("Cannot store the metadata of {}", name, e);
    }
  }

  private void ensureMetadata(CachedPackageRevision revision) {
    try {
      if (metadataStore
          .get(revision.namespace(), repositoryName(), revision.objectName())
          .isEmpty()) {
        // Only a creation time: made again if lost, so not worth a disk flush per revision.
        metadataStore.putRecreatable(
            revision.namespace(),
            repositoryName(),
            revision.objectName(),
            freshMetadata(revision.namespace(), revision.objectName()));
      }
    } catch (RuntimeException e) {
      log.warn("Cannot store the metadata of {}", revision.objectName(), e);
    }
  }

  private void deleteMetadata(CachedPackageRevision revision) {
    deleteMetadata(revision.objectName());
  }

  private void deleteMetadata(String name) {
    try {
      metadataStore.delete(key().namespace(), repositoryName(), name);
    } catch (RuntimeException e) {
      log.warn("Cannot delete the metadata of {}", name, e);
    }
  }

  private String repositoryName() {
    return key().name();
  }

  /**
   * Drops the stored metadata of this repository's revisions that are not in {@code listed}: those
   * removed from Git while no sync saw them go (e.g. while the server was down), as Porch deletes a
   * {@code PackageRev} whose revision it no longer finds. Returns false if the store could not be
   * listed (tried again on the next listing).
   */
  private boolean reconcileMetadata(Map<String, CachedPackageRevision> listed) {
    Set<String> stored;
    try {
      stored = metadataStore.names(key().namespace(), repositoryName());
    } catch (RuntimeException e) {
      log.warn("Cannot list the stored metadata of repository {}", key(), e);
      return false;
    }
    for (String name : stored) {
      if (!listed.containsKey(name)) {
        log.info("Dropping the metadata of {}: the revision is no longer in the repository", name);
        deleteMetadata(name);
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ snapshot

  private Snapshot current(RequestContext ctx) {
    Snapshot s = snapshot;
    if (s != null
        && versionCheckNanos > 0
        && System.nanoTime() - lastVersionCheck < versionCheckNanos) {
      return s;
    }
    if (s != null && s.version().equals(checkVersion(ctx))) {
      return s;
    }
    Locks.acquire(lock, ctx, "repository " + key().name());
    try {
      return reload(ctx, false);
    } finally {
      lock.unlock();
    }
  }

  /** Re-lists the adapter if its version changed (or when forced) and announces the changes. */
  private Snapshot reload(RequestContext ctx, boolean force) {
    String version = checkVersion(ctx);
    Snapshot old = snapshot;
    if (!force && old != null && version.equals(old.version())) {
      return old;
    }
    List<PackageRevision> listed = adapter.listPackageRevisions(ctx, PackageRevisionFilter.ALL);
    Map<String, CachedPackageRevision> base = old != null ? old.byName() : inherited;
    Snapshot next = build(version, listed, old != null ? old.byName() : Map.of());
    inherited = Map.of();
    // Announce before publishing, so that no reader sees a revision before its change is
    // journaled; forget the metadata of removed revisions only once they are no longer visible.
    List<CachedPackageRevision> removed = announce(base, next);
    snapshot = next;
    removed.forEach(this::deleteMetadata);
    if (!reconciled) {
      reconciled = reconcileMetadata(next.byName());
    }
    return next;
  }

  private String checkVersion(RequestContext ctx) {
    String version = Objects.requireNonNullElse(adapter.version(ctx), "");
    lastVersionCheck = System.nanoTime();
    return version;
  }

  /**
   * The snapshot of {@code listed}. A revision that did not change visibly keeps its entry from
   * {@code reusable} (the previous snapshot of this adapter), so that a placeholder whose branch
   * moved without touching its package keeps rendering exactly as before.
   */
  private Snapshot build(
      String version, List<PackageRevision> listed, Map<String, CachedPackageRevision> reusable) {
    Map<String, PackageRevision> byName = new LinkedHashMap<>();
    for (PackageRevision r : listed) {
      if (byName.putIfAbsent(r.key().objectName(), r) != null) {
        log.warn("Repository {} has two package revisions named {}", key(), r.key().objectName());
      }
    }
    Map<String, Integer> latest = new HashMap<>();
    for (PackageRevision r : byName.values()) {
      if (r.lifecycle().isPublished() && r.key().revision() >= 1) {
        latest.merge(r.key().packageKey().path(), r.key().revision(), Math::max);
      }
    }
    List<CachedPackageRevision> revisions = new ArrayList<>(byName.size());
    for (PackageRevision r : byName.values()) {
      boolean isLatest =
          r.lifecycle().isPublished()
              && r.key().revision() >= 1
              && latest.get(r.key().packageKey().path()) == r.key().revision();
      CachedPackageRevision entry = new CachedPackageRevision(this, r, isLatest, null);
      CachedPackageRevision previous = reusable.get(entry.objectName());
      revisions.add(previous != null && !changed(previous, entry) ? previous : entry);
    }
    revisions.sort(ORDER);
    Map<String, CachedPackageRevision> index = new LinkedHashMap<>();
    revisions.forEach(r -> index.put(r.objectName(), r));
    return new Snapshot(version, List.copyOf(revisions), Map.copyOf(index));
  }

  /** Sends the changes from {@code before} to {@code after}; returns the removed revisions. */
  private List<CachedPackageRevision> announce(
      Map<String, CachedPackageRevision> before, Snapshot after) {
    for (CachedPackageRevision revision : after.revisions()) {
      CachedPackageRevision old = before.get(revision.objectName());
      if (old == null) {
        ensureMetadata(revision);
        send(WatchEventType.ADDED, revision);
      } else if (old != revision && changed(old, revision)) {
        // An entry build() kept did not change.
        send(WatchEventType.MODIFIED, revision);
      }
    }
    List<CachedPackageRevision> removed = new ArrayList<>();
    for (CachedPackageRevision old : before.values()) {
      if (!after.byName().containsKey(old.objectName())) {
        CachedPackageRevision frozen = old.frozen();
        send(WatchEventType.DELETED, frozen);
        removed.add(frozen);
      }
    }
    return removed;
  }

  private static boolean changed(CachedPackageRevision old, CachedPackageRevision now) {
    if (old.lifecycle() != now.lifecycle()
        || old.key().revision() != now.key().revision()
        || old.isLatestRevision() != now.isLatestRevision()) {
      return true;
    }
    if (Objects.equals(old.resourceVersion(), now.resourceVersion())) {
      return false;
    }
    if (now.key().revision() != PackageRevisionKey.PLACEHOLDER_REVISION) {
      return true;
    }
    // The placeholder follows the branch head; only its package's content matters.
    try {
      return !old.resources().equals(now.resources());
    } catch (RuntimeException e) {
      return true;
    }
  }

  private void send(WatchEventType type, CachedPackageRevision revision) {
    try {
      int sent = notifier.notifyPackageRevisionChange(type, revision);
      log.debug("Sent {} for {} to {} watchers", type, revision.objectName(), sent);
    } catch (RuntimeException e) {
      log.warn("Change notifier failed for {} {}", type, revision.objectName(), e);
    }
  }

  private CachedPackageRevision resultFor(Snapshot s, PackageRevision adapterRevision) {
    CachedPackageRevision cached = s.byName().get(adapterRevision.key().objectName());
    return cached != null ? cached : new CachedPackageRevision(this, adapterRevision, false, null);
  }

  private static PackageRevision unwrap(PackageRevision revision) {
    return revision instanceof CachedPackageRevision c ? c.delegate() : revision;
  }

  /** One listing of the adapter: sorted revisions and an index by object name. */
  record Snapshot(
      String version,
      List<CachedPackageRevision> revisions,
      Map<String, CachedPackageRevision> byName) {}
}
