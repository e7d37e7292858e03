package io.jporch.watch;

import io.jporch.core.cache.PackageRevisionChangeNotifier;
import io.jporch.core.cache.WatchEventType;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionFilter;

/**
 * Fans out package revision changes to watch streams, applying each watcher's namespace and filter
 * to every event (Porch only filters the initial list; we filter live events too). Port of Porch's
 * {@code pkg/engine/watchermanager.go}.
 */
public interface WatcherManager extends PackageRevisionChangeNotifier {
  /**
   * Registers a watcher for revisions in {@code namespace} (null or empty: all namespaces) that
   * match {@code filter}. The watcher is called on the notifying thread and must not block.
   */
  Registration watch(String namespace, PackageRevisionFilter filter, ObjectWatcher watcher);

  /** Receives events; returning false unregisters the watcher. */
  @FunctionalInterface
  interface ObjectWatcher {
    boolean onPackageRevisionChange(WatchEventType type, PackageRevision revision);
  }

  /** Handle to stop watching. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
