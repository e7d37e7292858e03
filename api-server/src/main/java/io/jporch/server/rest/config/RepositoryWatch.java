package io.jporch.server.rest.config;

import io.jporch.core.api.config.Repository;
import io.jporch.core.repository.LabelSelector;
import io.jporch.server.rest.EventQueue;
import io.jporch.server.rest.WatchProducer;
import io.jporch.server.rest.WatchSink;
import io.jporch.server.store.RepositoryStore;
import java.time.Duration;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch of Repository objects with Kubernetes semantics: no resourceVersion (or "0") starts with
 * the current objects as ADDED; a recent resourceVersion resumes after it; an expired one ends with
 * an ERROR event (410 Expired) so that informers re-list.
 */
final class RepositoryWatch implements WatchProducer {
  private static final Logger log = LoggerFactory.getLogger(RepositoryWatch.class);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final int HEADROOM = 1024;

  private final RepositoryStore store;
  private final String namespace;
  private final String resourceVersion;
  private final Predicate<Repository> selector;

  RepositoryWatch(
      RepositoryStore store,
      String namespace,
      String resourceVersion,
      LabelSelector labels,
      Predicate<Repository> fields) {
    this.store = store;
    this.namespace = namespace;
    this.resourceVersion = resourceVersion;
    this.selector = r -> labels.matches(r.metadata().labelsOrEmpty()) && fields.test(r);
  }

  @Override
  public void run(WatchSink sink) throws InterruptedException {
    EventQueue<RepositoryStore.Event> queue =
        new EventQueue<>(store.list(namespace).size() + HEADROOM);
    try (RepositoryStore.Registration registration =
        store.watch(namespace, resourceVersion, queue::offer)) {
      while (sink.isOpen()) {
        RepositoryStore.Event event = queue.poll(POLL);
        if (queue.overflowed()) {
          log.info("Ending a repository watch: the client does not keep up with the events");
          return;
        }
        if (event != null
            && selector.test(event.object())
            && !sink.send(event.type(), event.object())) {
          return;
        }
      }
    } finally {
      queue.close();
    }
  }
}
