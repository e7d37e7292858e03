package io.jporch.watch;

import io.jporch.core.cache.WatchEventType;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans out package revision changes to registered watchers, applying each watcher's namespace and
 * filter to every event. Port of Porch's {@code pkg/engine/watchermanager.go}, with three fixes:
 *
 * <ul>
 *   <li>the filter is evaluated for live events (Porch only filters the initial list);
 *   <li>the registry lock is held only to take a snapshot of the watchers, never while a callback
 *       runs, so one slow watcher cannot stall registrations or other notifiers;
 *   <li>a watcher whose callback throws, or that stays busy for longer than the delivery timeout,
 *       is removed instead of blocking the server.
 * </ul>
 *
 * <p>A {@code DELETED} event is delivered to a watcher if the revision matches its filter, or if
 * the watcher was sent an earlier event for the same object (the object may no longer match once
 * deleted, e.g. when its metadata is already gone).
 */
public final class DefaultWatcherManager implements WatcherManager {
  private static final Logger log = LoggerFactory.getLogger(DefaultWatcherManager.class);
  private static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);

  private final ReentrantLock registryLock = new ReentrantLock();
  private final List<Slot> slots = new ArrayList<>();
  private final Duration deliveryTimeout;

  public DefaultWatcherManager() {
    this(DEFAULT_DELIVERY_TIMEOUT);
  }

  /**
   * A manager that drops a watcher which cannot accept an event within {@code deliveryTimeout}
   * because another thread is still inside its callback.
   */
  public DefaultWatcherManager(Duration deliveryTimeout) {
    this.deliveryTimeout = Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
  }

  @Override
  public Registration watch(String namespace, PackageRevisionFilter filter, ObjectWatcher watcher) {
    Objects.requireNonNull(watcher, "watcher");
    Slot slot =
        new Slot(
            namespace == null ? "" : namespace,
            filter == null ? PackageRevisionFilter.ALL : filter,
            watcher);
    int active;
    registryLock.lock();
    try {
      slots.add(slot);
      active = slots.size();
    } finally {
      registryLock.unlock();
    }
    log.debug("Added watcher for namespace '{}'; {} active watchers", slot.namespace, active);
    return () -> remove(slot, "closed by its owner");
  }

  @Override
  public int notifyPackageRevisionChange(WatchEventType type, PackageRevision revision) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(revision, "revision");
    List<Slot> snapshot;
    registryLock.lock();
    try {
      snapshot = List.copyOf(slots);
    } finally {
      registryLock.unlock();
    }
    int sent = 0;
    for (Slot slot : snapshot) {
      if (slot.removed || !slot.wants(type, revision)) {
        continue;
      }
      if (deliver(slot, type, revision)) {
        sent++;
      }
    }
    return sent;
  }

  /** Number of registered watchers (for diagnostics and tests). */
  public int watcherCount() {
    registryLock.lock();
    try {
      return slots.size();
    } finally {
      registryLock.unlock();
    }
  }

  private boolean deliver(Slot slot, WatchEventType type, PackageRevision revision) {
    boolean locked;
    try {
      locked = slot.deliveryLock.tryLock(deliveryTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (!locked) {
      remove(slot, "it did not accept an event within " + deliveryTimeout);
      return false;
    }
    try {
      if (slot.removed) {
        return false;
      }
      boolean keepGoing;
      try {
        keepGoing = slot.watcher.onPackageRevisionChange(type, revision);
      } catch (RuntimeException e) {
        log.warn("Watcher callback failed; removing the watcher", e);
        remove(slot, "its callback failed");
        return true;
      }
      slot.track(type, revision);
      if (!keepGoing) {
        remove(slot, "it asked to stop");
      }
      return true;
    } finally {
      slot.deliveryLock.unlock();
    }
  }

  private void remove(Slot slot, String why) {
    slot.removed = true;
    boolean removed;
    registryLock.lock();
    try {
      removed = slots.remove(slot);
    } finally {
      registryLock.unlock();
    }
    if (removed) {
      log.debug("Removed watcher for namespace '{}' because {}", slot.namespace, why);
    }
  }

  /** One registered watcher with its filter and the objects it has been told about. */
  private static final class Slot {
    private final String namespace;
    private final PackageRevisionFilter filter;
    private final ObjectWatcher watcher;
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile boolean removed;

    Slot(String namespace, PackageRevisionFilter filter, ObjectWatcher watcher) {
      this.namespace = namespace;
      this.filter = filter;
      this.watcher = watcher;
    }

    boolean wants(WatchEventType type, PackageRevision revision) {
      String ns = revision.key().repository().namespace();
      if (!namespace.isEmpty() && !namespace.equals(ns)) {
        return false;
      }
      if (type == WatchEventType.DELETED && seen.contains(objectId(revision))) {
        return true;
      }
      try {
        return filter.matches(revision);
      } catch (RuntimeException e) {
        // A deleted revision may no longer be readable; decide on its key alone.
        if (type == WatchEventType.DELETED) {
          return filter.matchesKey(revision.key());
        }
        log.warn(
            "Cannot evaluate a watch filter on {}; event not delivered", objectId(revision), e);
        return false;
      }
    }

    void track(WatchEventType type, PackageRevision revision) {
      if (type == WatchEventType.DELETED) {
        seen.remove(objectId(revision));
      } else {
        seen.add(objectId(revision));
      }
    }

    private static String objectId(PackageRevision revision) {
      return revision.key().repository().namespace() + "/" + revision.key().objectName();
    }
  }
}
