package io.jporch.server.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jporch.core.api.meta.Status;
import io.jporch.core.cache.WatchEventType;
import io.jporch.server.rest.ListOptions;
import io.jporch.server.rest.QueryParams;
import io.jporch.server.rest.WatchSink;
import io.jporch.watch.ChangeLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchStreamTest {
  /** A minimal object: name, version and one label. */
  record Obj(String name, long version, String env) {}

  static final WatchStream.Kind<Obj> KIND =
      new WatchStream.Kind<>() {
        @Override
        public String id(Obj object) {
          return object.name();
        }

        @Override
        public long version(Obj object) {
          return object.version();
        }

        @Override
        public Obj withVersion(Obj object, long version) {
          return new Obj(object.name(), version, object.env());
        }

        @Override
        public Object bookmark(long version, boolean initialEventsEnd) {
          return new Obj(initialEventsEnd ? "initial-events-end" : "bookmark", version, null);
        }
      };

  private static final Predicate<Obj> PROD = o -> "prod".equals(o.env());

  /** A sink that records events as {@code TYPE name@version}; optionally blocks in send. */
  static final class RecordingSink implements WatchSink {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final List<Object> objects = new ArrayList<>();
    volatile boolean open = true;
    volatile CountDownLatch gate;

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public Instant deadline() {
      return Instant.now().plusSeconds(60);
    }

    @Override
    public boolean send(String type, Object object) throws InterruptedException {
      CountDownLatch g = gate;
      if (g != null) {
        g.await();
      }
      if (!open) {
        return false;
      }
      objects.add(object);
      events.add(
          switch (object) {
            case Obj o -> type + " " + o.name() + "@" + o.version();
            case Status s -> type + " " + s.code() + " " + s.reason() + ": " + s.message();
            default -> type + " " + object;
          });
      return true;
    }

    String next() throws InterruptedException {
      String e = events.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("an event within 10 s").isNotNull();
      return e;
    }

    void assertQuiet() throws InterruptedException {
      assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  private final ChangeLog<Obj> log = new ChangeLog<>(10, 8);
  private final Map<String, Obj> state = new LinkedHashMap<>();
  private long version = 10;
  private final List<Thread> threads = new ArrayList<>();
  private final List<RecordingSink> sinks = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    sinks.forEach(s -> s.open = false);
    for (Thread t : threads) {
      t.join(5000);
    }
  }

  private void put(String name, String env) {
    Obj previous = state.get(name);
    Obj now = new Obj(name, ++version, env);
    state.put(name, now);
    log.append(
        new ChangeLog.Change<>(
            version,
            previous == null ? WatchEventType.ADDED : WatchEventType.MODIFIED,
            now,
            previous));
  }

  private void remove(String name) {
    Obj previous = state.remove(name);
    log.append(
        new ChangeLog.Change<>(
            ++version, WatchEventType.DELETED, KIND.withVersion(previous, version), previous));
  }

  private RecordingSink watch(String query, Predicate<Obj> selector, Duration bookmarks) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        params.put(kv[0], List.of(kv.length > 1 ? kv[1] : ""));
      }
    }
    ListOptions options = ListOptions.parse(new QueryParams(params), true);
    WatchStream<Obj> stream =
        new WatchStream<>(
            "objs", log, () -> List.copyOf(state.values()), KIND, selector, options, bookmarks);
    RecordingSink sink = new RecordingSink();
    sinks.add(sink);
    int before = log.subscriberCount();
    threads.add(
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    stream.run(sink);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  sink.events.add("END");
                }));
    // Started: subscribed (changes from now on reach it) or already ended with an error.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> log.subscriberCount() > before || !sink.events.isEmpty());
    return sink;
  }

  private RecordingSink watch(String query, Predicate<Obj> selector) {
    return watch(query, selector, Duration.ofMinutes(1));
  }

  @Test
  void withoutAVersionTheCurrentObjectsComeFirstThenTheChanges() throws Exception {
    put("a", "prod");
    put("b", "dev");
    RecordingSink sink = watch("", o -> true);
    assertThat(sink.next()).isEqualTo("ADDED a@11");
    assertThat(sink.next()).isEqualTo("ADDED b@12");
    put("c", "prod");
    remove("a");
    assertThat(sink.next()).isEqualTo("ADDED c@13");
    assertThat(sink.next()).isEqualTo("DELETED a@14");
  }

  @Test
  void aVersionResumesAfterItWithoutInitialObjects() throws Exception {
    put("a", "prod");
    put("b", "prod");
    put("a", "prod");
    RecordingSink sink = watch("resourceVersion=12", o -> true);
    assertThat(sink.next()).isEqualTo("MODIFIED a@13");
    sink.assertQuiet();
  }

  @Test
  void aVersionNoLongerRetainedEndsWithA410ExpiredError() throws Exception {
    for (int i = 0; i < 12; i++) {
      put("a" + i, "prod");
    }
    RecordingSink old = watch("resourceVersion=11", o -> true);
    assertThat(old.next()).isEqualTo("ERROR 410 Expired: too old resource version: 11 (14)");
    assertThat(old.next()).isEqualTo("END");
    RecordingSink future = watch("resourceVersion=999", o -> true);
    assertThat(future.next()).startsWith("ERROR 410 Expired: resource version 999 is newer");
    RecordingSink oldest = watch("resourceVersion=14", o -> true);
    assertThat(oldest.next()).isEqualTo("ADDED a4@15");
  }

  @Test
  void objectsThatStartOrStopMatchingAreAddedOrDeleted() throws Exception {
    put("a", "prod");
    put("b", "dev");
    RecordingSink sink = watch("", PROD);
    assertThat(sink.next()).isEqualTo("ADDED a@11");
    put("b", "prod");
    assertThat(sink.next()).as("b starts matching").isEqualTo("ADDED b@13");
    put("a", "dev");
    assertThat(sink.next())
        .as("a stops matching: DELETED with its last matching state at the change's version")
        .isEqualTo("DELETED a@14");
    assertThat(sink.objects.getLast()).isEqualTo(new Obj("a", 14, "prod"));
    put("a", "test");
    remove("a");
    put("b", "prod");
    assertThat(sink.next())
        .as("changes of a non-matching object are not sent")
        .isEqualTo("MODIFIED b@17");
  }

  @Test
  void aStreamingListEndsItsInitialObjectsWithAnAnnotatedBookmark() throws Exception {
    put("a", "prod");
    put("b", "dev");
    RecordingSink sink =
        watch(
            "sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
            PROD);
    assertThat(sink.next()).isEqualTo("ADDED a@11");
    assertThat(sink.next()).isEqualTo("BOOKMARK initial-events-end@12");
    RecordingSink noInitial =
        watch(
            "sendInitialEvents=false&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
            o -> true);
    put("c", "prod");
    assertThat(noInitial.next()).isEqualTo("ADDED c@13");
    RecordingSink newer =
        watch(
            "sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"
                + "&resourceVersion=99",
            o -> true);
    assertThat(newer.next()).startsWith("ERROR 410");
  }

  @Test
  void changesDuringTheInitialListAreNotSentTwiceAndUnknownDeletionsNotAtAll() throws Exception {
    put("a", "prod");
    put("b", "prod");
    // The "current" objects are read after subscribing: b was already deleted, a already
    // modified; both changes are also queued.
    Map<String, Obj> read = new LinkedHashMap<>();
    WatchStream<Obj> stream =
        new WatchStream<>(
            "objs",
            log,
            () -> {
              put("a", "prod");
              remove("b");
              read.putAll(state);
              return List.copyOf(read.values());
            },
            KIND,
            o -> true,
            ListOptions.parse(QueryParams.EMPTY, true),
            Duration.ofMinutes(1));
    RecordingSink sink = new RecordingSink();
    sinks.add(sink);
    threads.add(
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    stream.run(sink);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    assertThat(sink.next()).isEqualTo("ADDED a@13");
    put("c", "prod");
    assertThat(sink.next()).isEqualTo("ADDED c@15");
  }

  @Test
  void bookmarksCarryTheVersionOfFilteredChangesToo() throws Exception {
    RecordingSink sink =
        watch("allowWatchBookmarks=true&resourceVersion=10", PROD, Duration.ofMillis(100));
    assertThat(sink.next()).isEqualTo("BOOKMARK bookmark@10");
    put("x", "dev");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sink.events.stream().anyMatch(e -> e.equals("BOOKMARK bookmark@11")));
    assertThat(sink.events).noneMatch(e -> e.startsWith("ADDED"));
  }

  @Test
  void aClientThatStopsReadingLosesItsStreamWithoutBlockingTheLog() throws Exception {
    RecordingSink slow = watch("resourceVersion=10", o -> true);
    RecordingSink fast = watch("resourceVersion=10", o -> true);
    slow.gate = new CountDownLatch(1);
    // The fast watcher reads each change as it is appended (in lockstep, so a loaded machine
    // cannot overflow its queue); the slow one is stuck in send. If appending waited for the
    // slow watcher, the loop would hang and the preemptive bound would fail the test.
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          for (int i = 0; i < 8 + 1024 + 50; i++) {
            put("o" + i, "prod");
            assertThat(fast.next()).isEqualTo("ADDED o" + i + "@" + (11 + i));
          }
        });
    slow.gate.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> slow.events.contains("END") && log.subscriberCount() == 1);
  }

  @Test
  void aClosedSinkEndsTheStreamAndUnsubscribes() throws Exception {
    RecordingSink sink = watch("", o -> true);
    await().atMost(Duration.ofSeconds(5)).until(() -> log.subscriberCount() == 1);
    sink.open = false;
    assertThat(sink.next()).isEqualTo("END");
    assertThat(log.subscriberCount()).isZero();
  }
}
