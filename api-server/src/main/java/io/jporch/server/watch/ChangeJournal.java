package io.jporch.server.watch;

import io.jporch.core.api.PackageRevision;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.PackageRevisionChangeNotifier;
import io.jporch.core.cache.WatchEventType;
import io.jporch.watch.ChangeLog;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives package revisions Kubernetes resourceVersions and keeps their recent changes for watches.
 *
 * <p>Porch uses the Git commit of a revision as its resourceVersion: opaque, not ordered, and
 * unchanged by metadata-only updates. jporch numbers instead every visible change of every package
 * revision with one server-wide counter ({@link VersionSequence}, persisted so that numbers keep
 * growing across restarts): an object's resourceVersion is the number of its latest change, a
 * list's is the number of the latest change of any object, and a watch resumes after any number
 * that is still in the {@link ChangeLog}.
 *
 * <p>The journal keeps, per revision, the latest API object it was told about and the one before. A
 * change notification from the cache renders the revision and compares it with the latest object
 * (ignoring the resourceVersion): an identical object is not a change, so repeated or redundant
 * notifications neither move the version nor reach watchers, and an ADDED for a known object
 * becomes MODIFIED. The cache announces every change before readers can see it, so the read path
 * finds the version of what it rendered with {@link #lookup}: the latest state, or the one before
 * for a reader that took its snapshot just before a change. Anything else is re-read by the caller
 * and, if still unknown, {@link #record}ed as a new change.
 */
public final class ChangeJournal implements PackageRevisionChangeNotifier {
  private static final Logger log = LoggerFactory.getLogger(ChangeJournal.class);
  private static final int TOMBSTONES = 1024;

  private final VersionSequence versions;
  private final ChangeLog<PackageRevision> changes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, States> objects = new HashMap<>();
  private final Map<String, PackageRevision> deleted =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PackageRevision> eldest) {
          return size() > TOMBSTONES;
        }
      };

  /** The latest state of an object and the one before it (null if none). */
  private record States(PackageRevision latest, PackageRevision before) {}

  /** A journal numbering changes from {@code versions} and retaining {@code capacity} of them. */
  public ChangeJournal(VersionSequence versions, int capacity) {
    this.versions = Objects.requireNonNull(versions, "versions");
    this.changes = new ChangeLog<>(versions.start(), capacity);
  }

  /** The changes, for watches. */
  public ChangeLog<PackageRevision> changes() {
    return changes;
  }

  /** The version of the latest change: a list's resourceVersion. */
  public long version() {
    return changes.version();
  }

  @Override
  public int notifyPackageRevisionChange(
      WatchEventType type, io.jporch.core.repository.PackageRevision revision) {
    String id = revision.key().repository().namespace() + "/" + revision.key().objectName();
    if (type == WatchEventType.DELETED) {
      return delete(id) ? changes.subscriberCount() : 0;
    }
    PackageRevision object;
    try {
      object = revision.toApiObject();
    } catch (RuntimeException e) {
      log.warn("Cannot build package revision {}; change not journaled: {}", id, e.toString());
      return 0;
    }
    lock.lock();
    try {
      return apply(object) != null ? changes.subscriberCount() : 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code object} with its resourceVersion, if it is the latest state of that object or the one
   * before (compared without resourceVersion); empty if the journal does not know this state.
   */
  public Optional<PackageRevision> lookup(PackageRevision object) {
    String id = id(object);
    lock.lock();
    try {
      States states = objects.get(id);
      if (states != null) {
        if (same(states.latest(), object)) {
          return Optional.of(states.latest());
        }
        if (states.before() != null && same(states.before(), object)) {
          return Optional.of(states.before());
        }
        return Optional.empty();
      }
      PackageRevision last = deleted.get(id);
      return last != null && same(last, object) ? Optional.of(last) : Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records {@code object}, freshly read, as the latest state of its revision and returns it with
   * its resourceVersion: as it is if the journal already has this state, otherwise as a new change
   * (ADDED or MODIFIED) that watchers receive.
   */
  public PackageRevision record(PackageRevision object) {
    lock.lock();
    try {
      PackageRevision versioned = apply(object);
      if (versioned != null) {
        log.debug("Journaled an unannounced change of {}", id(object));
        return versioned;
      }
      return objects.get(id(object)).latest();
    } finally {
      lock.unlock();
    }
  }

  /** Journals {@code object} if it differs from the latest state; returns it versioned, or null. */
  private PackageRevision apply(PackageRevision object) {
    String id = id(object);
    States states = objects.get(id);
    PackageRevision latest = states == null ? null : states.latest();
    if (latest != null && same(latest, object)) {
      return null;
    }
    long version = versions.next();
    PackageRevision versioned = withVersion(object, version);
    objects.put(id, new States(versioned, latest));
    deleted.remove(id);
    WatchEventType type = latest == null ? WatchEventType.ADDED : WatchEventType.MODIFIED;
    changes.append(new ChangeLog.Change<>(version, type, versioned, latest));
    return versioned;
  }

  private boolean delete(String id) {
    lock.lock();
    try {
      States states = objects.remove(id);
      if (states == null) {
        return false;
      }
      PackageRevision last = states.latest();
      deleted.put(id, last);
      long version = versions.next();
      changes.append(
          new ChangeLog.Change<>(
              version, WatchEventType.DELETED, withVersion(last, version), last));
      return true;
    } finally {
      lock.unlock();
    }
  }

  private static boolean same(PackageRevision known, PackageRevision candidate) {
    return known.equals(withVersion(candidate, known.metadata().resourceVersion()));
  }

  /** {@code object} with {@code metadata.resourceVersion} set to {@code version}. */
  public static PackageRevision withVersion(PackageRevision object, long version) {
    return withVersion(object, Long.toString(version));
  }

  private static PackageRevision withVersion(PackageRevision object, String version) {
    ObjectMeta meta = object.metadata() == null ? ObjectMeta.named(null, null) : object.metadata();
    return object.withMetadata(meta.withResourceVersion(version));
  }

  private static String id(PackageRevision object) {
    ObjectMeta meta = Objects.requireNonNull(object.metadata(), "metadata");
    return meta.namespace() + "/" + meta.name();
  }
}
