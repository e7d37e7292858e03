package io.jporch.watch;

import io.jporch.core.cache.WatchEventType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The recent changes to the objects of one resource type, each under a version number that grows
 * with every change, and the live subscribers to them. This is what Kubernetes' watch cache does
 * for kube-apiserver: a watch started from a resourceVersion replays the retained changes after it
 * and then receives new ones, with nothing lost or repeated in between because replay and
 * registration happen under the same lock that {@link #append} holds while delivering.
 *
 * <p>The log retains the last {@code capacity} changes. It covers the versions after its <em>
 * floor</em>: the version it started at, or the version of the last change it forgot. A
 * subscription after a version below the floor (or above the newest) is refused with {@link
 * ExpiredException}, which the API answers with 410 Expired so that clients re-list.
 *
 * <p>Listeners run on the appending thread while the log is locked; they must only enqueue.
 *
 * @param <T> the object type (an immutable API object)
 */
public final class ChangeLog<T> {
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Change<T>> changes = new ArrayDeque<>();
  private final List<Listener<T>> listeners = new ArrayList<>();
  private long floor;
  private long newest;

  /**
   * One change: the object as it is after the change (for DELETED: as it was, carrying the version
   * of the deletion) and as it was before ({@code previous}, null for ADDED).
   */
  public record Change<T>(long version, WatchEventType type, T object, T previous) {
    public Change {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(object, "object");
    }
  }

  /** A registration for changes; closing it stops delivery. */
  public interface Subscription extends AutoCloseable {
    /** The version the subscription started after: every later change is delivered. */
    long startedAfter();

    @Override
    void close();
  }

  /** A subscription was asked to start at a version the log does not cover. */
  public static final class ExpiredException extends RuntimeException {
    private final long requested;
    private final long floor;
    private final long newest;

    public ExpiredException(long requested, long floor, long newest) {
      super(
          requested > newest
              ? "resource version "
                  + requested
                  + " is newer than the newest one known to this server ("
                  + newest
                  + "); the server's history was reset"
              : "too old resource version: " + requested + " (" + floor + ")");
      this.requested = requested;
      this.floor = floor;
      this.newest = newest;
    }

    public long requested() {
      return requested;
    }

    /** The oldest version a subscription can start after. */
    public long floor() {
      return floor;
    }

    public long newest() {
      return newest;
    }
  }

  private static final class Listener<T> implements Subscription {
    private final ChangeLog<T> log;
    private final Consumer<Change<T>> consumer;
    private final long startedAfter;

    Listener(ChangeLog<T> log, Consumer<Change<T>> consumer, long startedAfter) {
      this.log = log;
      this.consumer = consumer;
      this.startedAfter = startedAfter;
    }

    @Override
    public long startedAfter() {
      return startedAfter;
    }

    @Override
    public void close() {
      log.remove(this);
    }
  }

  /**
   * A log whose history starts after {@code startVersion} (the version of the state the server
   * started with) and keeps the last {@code capacity} changes.
   */
  public ChangeLog(long startVersion, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    if (startVersion < 0) {
      throw new IllegalArgumentException("startVersion must not be negative: " + startVersion);
    }
    this.capacity = capacity;
    this.floor = startVersion;
    this.newest = startVersion;
  }

  /** How many changes are retained. */
  public int capacity() {
    return capacity;
  }

  /** The version of the newest change (or the start version if there was none). */
  public long version() {
    lock.lock();
    try {
      return newest;
    } finally {
      lock.unlock();
    }
  }

  /** The oldest version a subscription can start after. */
  public long floor() {
    lock.lock();
    try {
      return floor;
    } finally {
      lock.unlock();
    }
  }

  /** Number of live subscriptions (diagnostics and tests). */
  public int subscriberCount() {
    lock.lock();
    try {
      return listeners.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records a change and delivers it to every subscriber, in order.
   *
   * @throws IllegalArgumentException if {@code change.version()} is not above the newest version
   */
  public void append(Change<T> change) {
    lock.lock();
    try {
      if (change.version() <= newest) {
        throw new IllegalArgumentException(
            "change version " + change.version() + " is not above " + newest);
      }
      changes.addLast(change);
      newest = change.version();
      while (changes.size() > capacity) {
        floor = changes.removeFirst().version();
      }
      for (Listener<T> listener : listeners) {
        listener.consumer.accept(change);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Delivers the retained changes after {@code after} to {@code listener}, then every new change,
   * until the subscription is closed. The replay and the registration are atomic.
   *
   * @throws ExpiredException if {@code after} is below the floor or above the newest version
   */
  public Subscription subscribe(long after, Consumer<Change<T>> listener) {
    Objects.requireNonNull(listener, "listener");
    lock.lock();
    try {
      if (after < floor || after > newest) {
        throw new ExpiredException(after, floor, newest);
      }
      for (Change<T> change : changes) {
        if (change.version() > after) {
          listener.accept(change);
        }
      }
      Listener<T> registered = new Listener<>(this, listener, after);
      listeners.add(registered);
      return registered;
    } finally {
      lock.unlock();
    }
  }

  /** Delivers every change from now on; {@link Subscription#startedAfter} is the version now. */
  public Subscription subscribe(Consumer<Change<T>> listener) {
    lock.lock();
    try {
      return subscribe(newest, listener);
    } finally {
      lock.unlock();
    }
  }

  private void remove(Listener<T> listener) {
    lock.lock();
    try {
      listeners.remove(listener);
    } finally {
      lock.unlock();
    }
  }
}
