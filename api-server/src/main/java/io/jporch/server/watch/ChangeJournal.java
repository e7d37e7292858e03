package io.jporch.server.watch;

import io.jporch.core.cache.PackageRevisionChangeNotifier;
import io.jporch.core.cache.WatchEventType;
import io.jporch.core.repository.PackageRevision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Remembers the most recent package revision changes under a sequence number before passing them
 * on. A list of packagerevisions carries the current position as its resourceVersion ({@code
 * <epoch>.<sequence>}); a watch started from that resourceVersion replays only the changes after it
 * instead of every object, so {@code kubectl get -w} and informers do not see the initial objects
 * twice. Unknown, foreign (previous process) or expired positions fall back to Porch's behaviour:
 * replay everything.
 */
public final class ChangeJournal implements PackageRevisionChangeNotifier {
  private final PackageRevisionChangeNotifier downstream;
  private final int capacity;
  private final String epoch = UUID.randomUUID().toString().substring(0, 8);
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Change> changes = new ArrayDeque<>();
  private long sequence;

  /** A remembered change. */
  public record Change(long sequence, WatchEventType type, PackageRevision revision) {}

  public ChangeJournal(PackageRevisionChangeNotifier downstream, int capacity) {
    this.downstream = downstream;
    this.capacity = capacity;
  }

  @Override
  public int notifyPackageRevisionChange(WatchEventType type, PackageRevision revision) {
    lock.lock();
    try {
      changes.addLast(new Change(++sequence, type, revision));
      while (changes.size() > capacity) {
        changes.removeFirst();
      }
    } finally {
      lock.unlock();
    }
    return downstream.notifyPackageRevisionChange(type, revision);
  }

  /** The current position, to be handed out as a list resourceVersion. */
  public String position() {
    lock.lock();
    try {
      return epoch + "." + sequence;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The changes after {@code position}, oldest first; empty if the position is not one of this
   * journal's or is older than what is remembered.
   */
  public Optional<List<Change>> since(String position) {
    if (position == null || !position.startsWith(epoch + ".")) {
      return Optional.empty();
    }
    long after;
    try {
      after = Long.parseLong(position.substring(epoch.length() + 1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    lock.lock();
    try {
      long oldestKnown = changes.isEmpty() ? sequence + 1 : changes.peekFirst().sequence();
      if (after > sequence || after + 1 < oldestKnown) {
        return Optional.empty();
      }
      List<Change> result = new ArrayList<>();
      for (Change change : changes) {
        if (change.sequence() > after) {
          result.add(change);
        }
      }
      return Optional.of(result);
    } finally {
      lock.unlock();
    }
  }
}
