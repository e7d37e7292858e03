package io.jporch.git.internal;

import io.jporch.git.GitOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache clones of one factory, one per directory (that is, per remote URL), reference-counted:
 * the last {@link #release} closes the clone, and deletes it when the repository was unregistered.
 * A clone kept on disk is reused (and fetched) by the next server start, as Porch keeps its cache
 * directories. Port of {@code pkg/externalrepo/git/cachedir_pool.go} (an instance per factory
 * instead of a global).
 */
public final class ClonePool {
  private static final Logger log = LoggerFactory.getLogger(ClonePool.class);

  private final GitOptions options;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Path, SharedClone> clones = new HashMap<>();
  private final Set<Path> opened = new HashSet<>(); // directories this pool has opened before

  public ClonePool(GitOptions options) {
    this.options = options;
  }

  /** Returns the clone in {@code directory} (creating it), with its reference count raised. */
  public SharedClone acquire(Path directory, String url) throws IOException {
    lock.lock();
    try {
      SharedClone clone = clones.get(directory);
      if (clone == null) {
        clone = SharedClone.open(directory, url, options, opened.add(directory));
        clones.put(directory, clone);
      }
      int count = clone.incrementRefCount();
      log.debug("cache clone {} acquired, {} user(s)", directory, count);
      return clone;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Drops one reference; the last one closes the clone and, if {@code delete}, deletes it from
   * disk.
   */
  public void release(SharedClone clone, boolean delete) {
    lock.lock();
    try {
      int count = clone.decrementRefCount();
      log.debug("cache clone {} released, {} user(s) left", clone.directory(), count);
      if (count <= 0 && clones.get(clone.directory()) == clone) {
        clones.remove(clone.directory());
        if (delete) {
          clone.closeAndDelete();
          log.info("removed cache clone {}", clone.directory());
        } else {
          clone.close();
          log.debug("closed cache clone {} (kept on disk)", clone.directory());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Number of live clones (for tests and metrics). */
  public int size() {
    lock.lock();
    try {
      return clones.size();
    } finally {
      lock.unlock();
    }
  }
}
