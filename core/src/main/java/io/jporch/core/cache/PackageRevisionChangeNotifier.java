package io.jporch.core.cache;

import io.jporch.core.repository.PackageRevision;

/**
 * Receives every change to a package revision the server makes or discovers, for fan-out to watch
 * streams. Port of Porch's {@code RepoPRChangeNotifier}; the watcher module implements it.
 */
@FunctionalInterface
public interface PackageRevisionChangeNotifier {
  PackageRevisionChangeNotifier NOOP = (type, revision) -> 0;

  /** Returns the number of watchers notified. */
  int notifyPackageRevisionChange(WatchEventType type, PackageRevision revision);
}
