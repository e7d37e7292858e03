package io.jporch.server.watch;

import io.jporch.core.cache.WatchEventType;
import io.jporch.server.rest.EventQueue;
import io.jporch.server.rest.ListOptions;
import io.jporch.server.rest.StatusException;
import io.jporch.server.rest.WatchProducer;
import io.jporch.server.rest.WatchSink;
import io.jporch.watch.ChangeLog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch of one resource type with Kubernetes semantics, fed by a {@link ChangeLog}:
 *
 * <ul>
 *   <li>no resourceVersion or "0" (or {@code sendInitialEvents=true}): the current objects as
 *       ADDED, then the changes; with {@code sendInitialEvents=true} and bookmarks allowed, a
 *       BOOKMARK annotated {@code k8s.io/initial-events-end: "true"} marks the end of the initial
 *       objects;
 *   <li>a resourceVersion: the retained changes after it, then new ones; one the log no longer
 *       covers ends the stream with an ERROR event carrying a 410 Expired Status, on which clients
 *       re-list;
 *   <li>events are filtered by the selector before and after each change, as kube's watch cache
 *       does: an object that starts matching arrives as ADDED, one that stops matching as DELETED
 *       (its previous state, with the version of the change);
 *   <li>{@code allowWatchBookmarks}: a BOOKMARK with the current version every {@code
 *       bookmarkInterval}, also while every change is filtered out;
 *   <li>a client that does not keep up overflows its bounded queue and its stream ends; the log
 *       never waits for it.
 * </ul>
 *
 * @param <T> the API object type
 */
public final class WatchStream<T> implements WatchProducer {
  private static final Logger log = LoggerFactory.getLogger(WatchStream.class);

  /** How often an idle stream checks the client and the bookmark timer. */
  private static final Duration POLL = Duration.ofMillis(250);

  /** Queue room beyond a full replay of the log. */
  private static final int HEADROOM = 1024;

  /** kube-apiserver sends bookmarks about once a minute. */
  public static final Duration BOOKMARK_INTERVAL = Duration.ofMinutes(1);

  /** How the stream reads and versions objects of its resource. */
  public interface Kind<T> {
    /** {@code namespace/name}. */
    String id(T object);

    /** The object's resourceVersion as a number. */
    long version(T object);

    /** The object with another resourceVersion (a DELETED sent because it stopped matching). */
    T withVersion(T object, long version);

    /** A bookmark object of this kind carrying only {@code version} (and the annotation). */
    Object bookmark(long version, boolean initialEventsEnd);
  }

  private final ChangeLog<T> changes;
  private final Supplier<List<T>> current;
  private final Kind<T> kind;
  private final Predicate<T> selector;
  private final ListOptions options;
  private final Duration bookmarkInterval;
  private final String resource;

  /**
   * @param current reads the current objects (for the initial events); it may itself append
   *     changes, e.g. revisions discovered by the read
   * @param resource the resource name, for log messages
   */
  public WatchStream(
      String resource,
      ChangeLog<T> changes,
      Supplier<List<T>> current,
      Kind<T> kind,
      Predicate<T> selector,
      ListOptions options,
      Duration bookmarkInterval) {
    this.resource = resource;
    this.changes = Objects.requireNonNull(changes, "changes");
    this.current = Objects.requireNonNull(current, "current");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.selector = Objects.requireNonNull(selector, "selector");
    this.options = Objects.requireNonNull(options, "options");
    this.bookmarkInterval = Objects.requireNonNull(bookmarkInterval, "bookmarkInterval");
  }

  @Override
  public void run(WatchSink sink) throws InterruptedException {
    EventQueue<ChangeLog.Change<T>> queue = new EventQueue<>(changes.capacity() + HEADROOM);
    ChangeLog.Subscription subscription;
    try {
      subscription = subscribe(queue);
    } catch (ChangeLog.ExpiredException e) {
      sink.send(WatchSink.ERROR, StatusException.expiredStatus(e.getMessage()));
      return;
    }
    try (subscription) {
      long synced = subscription.startedAfter();
      if (options.initialEvents()) {
        synced = sendInitialEvents(sink, queue, synced);
        if (synced < 0) {
          return;
        }
        if (options.initialEventsEndBookmark()
            && !sink.send(WatchSink.BOOKMARK, kind.bookmark(synced, true))) {
          return;
        }
      }
      stream(sink, queue, synced);
    } finally {
      queue.close();
    }
  }

  private ChangeLog.Subscription subscribe(EventQueue<ChangeLog.Change<T>> queue) {
    if (!options.hasVersion()) {
      return changes.subscribe(queue::offer);
    }
    long requested = options.version();
    if (options.initialEvents()) {
      // NotOlderThan: the current state is at least as new as any version this server issued.
      long newest = changes.version();
      if (requested > newest) {
        throw new ChangeLog.ExpiredException(requested, changes.floor(), newest);
      }
      return changes.subscribe(queue::offer);
    }
    return changes.subscribe(requested, queue::offer);
  }

  /**
   * Sends the current objects as ADDED, then the changes that arrived meanwhile as far as the
   * objects sent do not already reflect them. Returns the version the client is now synced to, or
   * -1 if the stream ended.
   */
  private long sendInitialEvents(WatchSink sink, EventQueue<ChangeLog.Change<T>> queue, long synced)
      throws InterruptedException {
    Map<String, Long> known = new HashMap<>();
    for (T object : current.get()) {
      if (selector.test(object)) {
        if (!sink.send(WatchSink.ADDED, object)) {
          return -1;
        }
        known.put(kind.id(object), kind.version(object));
      }
    }
    ChangeLog.Change<T> change;
    while ((change = queue.poll(Duration.ZERO)) != null) {
      synced = change.version();
      String id = kind.id(change.object());
      Long sent = known.get(id);
      if (sent != null && change.version() <= sent) {
        continue; // the object sent already reflects this change
      }
      boolean matches = change.type() != WatchEventType.DELETED && selector.test(change.object());
      String type = null;
      T object = change.object();
      if (matches) {
        type = sent != null ? WatchSink.MODIFIED : WatchSink.ADDED;
        known.put(id, change.version());
      } else if (sent != null) {
        type = WatchSink.DELETED;
        object = deletedObject(change);
        known.remove(id);
      }
      if (type != null && !sink.send(type, object)) {
        return -1;
      }
    }
    if (queue.overflowed()) {
      log.info("Ending a {} watch: too many changes while sending the initial objects", resource);
      return -1;
    }
    return synced;
  }

  private void stream(WatchSink sink, EventQueue<ChangeLog.Change<T>> queue, long synced)
      throws InterruptedException {
    Instant nextBookmark = Instant.now().plus(bookmarkInterval);
    while (sink.isOpen()) {
      ChangeLog.Change<T> change = queue.poll(POLL);
      if (queue.overflowed()) {
        log.info("Ending a {} watch: the client does not keep up with the events", resource);
        return;
      }
      if (change != null) {
        synced = change.version();
        if (!send(sink, change)) {
          return;
        }
      }
      if (options.allowWatchBookmarks() && !Instant.now().isBefore(nextBookmark)) {
        nextBookmark = Instant.now().plus(bookmarkInterval);
        if (!sink.send(WatchSink.BOOKMARK, kind.bookmark(synced, false))) {
          return;
        }
      }
    }
  }

  /** Sends the event this change means for the selector (if any); false if the stream ended. */
  private boolean send(WatchSink sink, ChangeLog.Change<T> change) throws InterruptedException {
    boolean deleted = change.type() == WatchEventType.DELETED;
    boolean now = !deleted && selector.test(change.object());
    T previous = deleted ? change.object() : change.previous();
    boolean before = previous != null && selector.test(previous);
    if (now) {
      return sink.send(before ? WatchSink.MODIFIED : WatchSink.ADDED, change.object());
    }
    if (before) {
      return sink.send(WatchSink.DELETED, deletedObject(change));
    }
    return true;
  }

  /**
   * A DELETED event's object: the deleted one, or the last matching state at the change's version.
   */
  private T deletedObject(ChangeLog.Change<T> change) {
    if (change.type() == WatchEventType.DELETED || change.previous() == null) {
      return change.object();
    }
    return kind.withVersion(change.previous(), change.version());
  }
}
