package io.jporch.server.rest.porch;

import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.PackageRevision;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.WatchEventType;
import io.jporch.core.context.RequestContext;
import io.jporch.server.rest.EventQueue;
import io.jporch.server.rest.WatchProducer;
import io.jporch.server.rest.WatchSink;
import io.jporch.server.rest.selector.RevisionQuery;
import io.jporch.server.watch.ChangeJournal;
import io.jporch.watch.WatcherManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch of package revisions. Port of {@code listAndWatch} in pkg/registry/porch/watch.go:
 * register with the watcher manager first, then send the current list as ADDED, then the events
 * buffered meanwhile, then live events. The notifier callback only enqueues; converting revisions
 * to objects happens on the watch's own thread. A watch from a resourceVersion that the {@link
 * ChangeJournal} still covers replays only the changes after it.
 */
final class RevisionWatch implements WatchProducer {
  private static final Logger log = LoggerFactory.getLogger(RevisionWatch.class);
  private static final int QUEUE_CAPACITY = 1024;
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration BOOKMARK_INTERVAL = Duration.ofMinutes(1);

  private final RequestContext ctx;
  private final RevisionQuery query;
  private final RevisionReader reader;
  private final WatcherManager watchers;
  private final boolean bookmarks;
  private final Function<io.jporch.core.repository.PackageRevision, Object> extractor;
  private final ChangeJournal journal;
  private final String resourceVersion;
  private String lastResourceVersion = "";

  private record Change(WatchEventType type, io.jporch.core.repository.PackageRevision revision) {}

  RevisionWatch(
      RequestContext ctx,
      RevisionQuery query,
      RevisionReader reader,
      WatcherManager watchers,
      boolean bookmarks,
      Function<io.jporch.core.repository.PackageRevision, Object> extractor,
      ChangeJournal journal,
      String resourceVersion) {
    this.ctx = ctx;
    this.journal = journal;
    this.resourceVersion = resourceVersion;
    this.query = query;
    this.reader = reader;
    this.watchers = watchers;
    this.bookmarks = bookmarks;
    this.extractor = extractor;
  }

  @Override
  public void run(WatchSink sink) throws InterruptedException {
    if (query.matchesNothing()) {
      idle(sink);
      return;
    }
    EventQueue<Change> queue = new EventQueue<>(QUEUE_CAPACITY);
    try (WatcherManager.Registration registration =
        watchers.watch(
            query.namespace(), query.filter(), (type, rev) -> queue.offer(new Change(type, rev)))) {
      if (!sendInitialEvents(sink)) {
        return;
      }
      if (bookmarks && !sink.send(WatchSink.BOOKMARK, bookmark(true))) {
        return;
      }
      stream(sink, queue);
    } finally {
      queue.close();
    }
  }

  /**
   * Replays the journal after the requested resourceVersion when it can, otherwise (Porch's
   * behaviour) every current object as ADDED.
   */
  private boolean sendInitialEvents(WatchSink sink) throws InterruptedException {
    Optional<List<ChangeJournal.Change>> changes =
        journal == null ? Optional.empty() : journal.since(resourceVersion);
    if (changes.isPresent()) {
      for (ChangeJournal.Change change : changes.get()) {
        if (selected(change.revision()) && !send(sink, change.type().name(), change.revision())) {
          return false;
        }
      }
      return true;
    }
    for (var revision : reader.list(ctx, query)) {
      if (!send(sink, WatchSink.ADDED, revision)) {
        return false;
      }
    }
    return true;
  }

  private boolean selected(io.jporch.core.repository.PackageRevision revision) {
    String ns = revision.key().repository().namespace();
    if (query.namespace() != null && !query.namespace().equals(ns)) {
      return false;
    }
    try {
      return query.filter().matches(revision);
    } catch (RuntimeException e) {
      return query.filter().matchesKey(revision.key());
    }
  }

  private void stream(WatchSink sink, EventQueue<Change> queue) throws InterruptedException {
    Instant nextBookmark = Instant.now().plus(BOOKMARK_INTERVAL);
    while (sink.isOpen()) {
      Change change = queue.poll(POLL);
      if (queue.overflowed()) {
        log.info("Ending a package revision watch: the client does not keep up with the events");
        return;
      }
      if (change != null) {
        if (!send(sink, change.type().name(), change.revision())) {
          return;
        }
      } else if (bookmarks && Instant.now().isAfter(nextBookmark)) {
        nextBookmark = Instant.now().plus(BOOKMARK_INTERVAL);
        if (!sink.send(WatchSink.BOOKMARK, bookmark(false))) {
          return;
        }
      }
    }
  }

  private boolean send(
      WatchSink sink, String type, io.jporch.core.repository.PackageRevision revision)
      throws InterruptedException {
    Object object;
    try {
      object = extractor.apply(revision);
    } catch (RuntimeException e) {
      log.warn(
          "Ending a package revision watch: cannot build {}: {}",
          revision.key().objectName(),
          e.toString());
      return false;
    }
    if (object instanceof PackageRevision pr
        && pr.metadata() != null
        && pr.metadata().resourceVersion() != null) {
      lastResourceVersion = pr.metadata().resourceVersion();
    }
    return sink.send(type, object);
  }

  private PackageRevision bookmark(boolean initialEventsEnd) {
    String rv =
        journal != null
            ? journal.position()
            : lastResourceVersion.isEmpty() ? "0" : lastResourceVersion;
    ObjectMeta meta = ObjectMeta.named(null, null).withResourceVersion(rv);
    if (initialEventsEnd) {
      meta = meta.withAnnotations(Map.of("k8s.io/initial-events-end", "true"));
    }
    return new PackageRevision(ApiGroups.PORCH_API_VERSION, PackageRevision.KIND, meta, null, null);
  }

  private static void idle(WatchSink sink) throws InterruptedException {
    while (sink.isOpen()) {
      Thread.sleep(POLL);
    }
  }
}
