package io.jporch.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Watch fan-out latency: W concurrent {@code packagerevisions} watch streams (started from a list's
 * resourceVersion, as informers do, so nothing is replayed), then a series of changes, each a merge
 * patch of one label on one published revision. For every change it records when each watcher
 * received the MODIFIED event carrying the new label value, relative to the moment the PATCH was
 * sent; and when the last watcher had it, relative to the PATCH's response. One warm-up change (not
 * measured) first proves that every stream is registered.
 *
 * <p>Over HTTP/2 the streams are spread over {@code ceil(W / streamsPerConnection)} clients (one
 * connection each), since Vert.x allows 100 concurrent streams per connection by default; over
 * HTTP/1.1 every stream has its own connection.
 */
public final class WatchBench {
  private static final String REPOSITORY = "bench";
  private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration PAUSE = Duration.ofMillis(300);
  private static final String LABEL = "bench-round";

  /** Watch requests still waiting for their response head, at most (TLS handshakes etc.). */
  private static final int CONNECTS_IN_FLIGHT = 32;

  /**
   * Settings.
   *
   * @param watcherCounts numbers of watchers, one run each
   * @param revisions package revisions in the watched repository
   * @param changes measured changes per run
   * @param version HTTP version of the watch streams
   * @param streamsPerConnection HTTP/2 streams per client connection
   */
  public record Settings(
      List<Integer> watcherCounts,
      int revisions,
      int changes,
      HttpClient.Version version,
      int streamsPerConnection) {}

  /**
   * The measurements of one watcher count.
   *
   * @param events receive time minus PATCH send time, every watcher and change
   * @param writes PATCH response times
   * @param lastAfterResponse per change: last watcher's receive time minus the PATCH response time
   * @param missed events not received within {@link #EVENT_TIMEOUT}
   */
  public record Result(
      int watchers,
      String protocol,
      int revisions,
      int changes,
      long connectNanos,
      Latencies events,
      Latencies writes,
      Latencies lastAfterResponse,
      int missed) {}

  private final Settings settings;
  private final Report report;

  public WatchBench(Settings settings, Report report) {
    this.settings = settings;
    this.report = report;
  }

  /** Runs every watcher count against one server and repository in {@code workDir}. */
  public List<Result> run(Path workDir) {
    RepositoryGenerator.Shape shape = RepositoryGenerator.Shape.forTotal(settings.revisions());
    RepositoryGenerator.Result repo =
        RepositoryGenerator.generate(workDir.resolve("watch-remote.git"), shape);
    List<Result> results = new ArrayList<>();
    try (BenchServer server =
        BenchServer.start(workDir.resolve("watch-data"), HttpClient.Version.HTTP_2)) {
      server.register(REPOSITORY, repo.url());
      server.awaitListed(shape.listedRevisions(), Duration.ofMinutes(10));
      String target =
          BenchServer.PACKAGE_REVISIONS
              + "/"
              + REPOSITORY
              + "."
              + RepositoryGenerator.Shape.packageName(0)
              + ".v1";
      for (int watchers : settings.watcherCounts()) {
        Result result = runOne(server, target, watchers, shape.listedRevisions());
        results.add(result);
        report.watchResult(result);
      }
    }
    return results;
  }

  private Result runOne(BenchServer server, String target, int count, int revisions) {
    BenchClient client = server.client();
    String resourceVersion =
        client
            .get(BenchServer.PACKAGE_REVISIONS + "?limit=1", BenchClient.JSON_ACCEPT)
            .expect(200, "list for resourceVersion")
            .json()
            .at("/metadata/resourceVersion")
            .asText("");
    String path =
        BenchServer.PACKAGE_REVISIONS
            + "?watch=true&timeoutSeconds=900"
            + (resourceVersion.isEmpty() ? "" : "&resourceVersion=" + resourceVersion);
    report.progress(
        "watch W=%d: opening streams (%s, resourceVersion %s)",
        count, settings.version(), resourceVersion.isEmpty() ? "none" : resourceVersion);
    Fleet fleet = new Fleet(count);
    List<HttpClient> clients = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      int perClient =
          settings.version() == HttpClient.Version.HTTP_2
              ? Math.max(1, settings.streamsPerConnection())
              : Integer.MAX_VALUE;
      HttpClient current = null;
      for (int i = 0; i < count; i++) {
        boolean first = current == null || i % perClient == 0;
        if (first) {
          current = client.newHttpClient(settings.version());
          clients.add(current);
        }
        Watcher watcher = new Watcher(fleet, i);
        fleet.acquireConnectSlot();
        current
            .sendAsync(
                client.watchRequest(path).header("Accept", BenchClient.JSON_ACCEPT).GET().build(),
                watcher)
            .whenComplete(
                (response, error) -> {
                  if (error != null) {
                    watcher.opened.completeExceptionally(error);
                    fleet.failed(error);
                  }
                });
        if (first && settings.version() == HttpClient.Version.HTTP_2) {
          // The JDK client opens one connection per request until a connection exists: let the
          // first stream establish it, so that the others are multiplexed on it.
          watcher.awaitOpened(CONNECT_TIMEOUT);
        }
      }
      fleet.awaitConnected(CONNECT_TIMEOUT);
      long connect = System.nanoTime() - t0;
      report.progress(
          "watch W=%d: %d streams open after %s ms on %d client(s)",
          count, count, Latencies.ms(connect), clients.size());

      Round warmup = change(client, target, fleet, count + "-warmup");
      if (warmup.missed() > 0) {
        throw new IllegalStateException(
            warmup.missed() + " of " + count + " watchers did not get the warm-up event");
      }
      List<Long> events = new ArrayList<>();
      List<Long> writes = new ArrayList<>();
      List<Long> lastAfterResponse = new ArrayList<>();
      int missed = 0;
      for (int i = 0; i < settings.changes(); i++) {
        BenchServer.sleep(PAUSE);
        Round round = change(client, target, fleet, count + "-" + i);
        events.addAll(round.events());
        writes.add(round.write());
        lastAfterResponse.add(round.lastAfterResponse());
        missed += round.missed();
      }
      Result result =
          new Result(
              count,
              settings.version() == HttpClient.Version.HTTP_2
                  ? "HTTP/2, " + Math.min(perClient, count) + " streams/conn"
                  : "HTTP/1.1",
              revisions,
              settings.changes(),
              connect,
              Latencies.of(events),
              Latencies.of(writes),
              Latencies.of(lastAfterResponse),
              missed);
      report.progress(
          "watch W=%d: events %s; writes %s; missed %d",
          count, result.events(), result.writes(), missed);
      if (fleet.failure.get() != null) {
        report.progress("watch W=%d: a stream failed: %s", count, fleet.failure.get());
      }
      return result;
    } finally {
      fleet.cancelAll();
      clients.forEach(HttpClient::shutdownNow);
    }
  }

  /** One change and when each watcher saw it. */
  private record Round(List<Long> events, long write, long lastAfterResponse, int missed) {}

  private Round change(BenchClient client, String target, Fleet fleet, String value) {
    fleet.expect(value);
    String patch = "{\"metadata\":{\"labels\":{\"" + LABEL + "\":\"" + value + "\"}}}";
    long sent = System.nanoTime();
    BenchClient.Timed response =
        client.send("PATCH", target, patch, "application/merge-patch+json");
    long answered = System.nanoTime();
    response.expect(200, "PATCH " + target);
    boolean all = fleet.awaitAll(EVENT_TIMEOUT);
    AtomicLongArray arrivals = fleet.arrivals;
    List<Long> events = new ArrayList<>();
    long last = Long.MIN_VALUE;
    int missed = 0;
    for (int i = 0; i < arrivals.length(); i++) {
      long at = arrivals.get(i);
      if (at == 0) {
        missed++;
      } else {
        events.add(at - sent);
        last = Math.max(last, at);
      }
    }
    if (!all) {
      report.progress("change %s: %d watchers missed it", value, missed);
    }
    return new Round(events, answered - sent, last == Long.MIN_VALUE ? 0 : last - answered, missed);
  }

  /** The watchers of one run and the change they are waiting for. */
  private static final class Fleet {
    private final int size;
    private final CountDownLatch connected;
    private final ReentrantLock lock = new ReentrantLock();
    private final Semaphore connectSlots = new Semaphore(CONNECTS_IN_FLIGHT);
    private final List<Flow.Subscription> subscriptions = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger unexpectedStatus = new AtomicInteger();
    private volatile String expected;
    private volatile AtomicLongArray arrivals;
    private volatile CountDownLatch received;

    Fleet(int size) {
      this.size = size;
      this.connected = new CountDownLatch(size);
      this.arrivals = new AtomicLongArray(size);
      this.received = new CountDownLatch(size);
    }

    void expect(String value) {
      arrivals = new AtomicLongArray(size);
      received = new CountDownLatch(size);
      expected = "\"" + LABEL + "\":\"" + value + "\"";
    }

    void onLine(int index, String line) {
      long now = System.nanoTime();
      String marker = expected;
      AtomicLongArray a = arrivals;
      CountDownLatch latch = received;
      if (marker != null
          && line.contains("\"MODIFIED\"")
          && line.contains(marker)
          && a.compareAndSet(index, 0, now)) {
        latch.countDown();
      }
    }

    void awaitConnected(Duration timeout) {
      try {
        if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              connected.getCount()
                  + " of "
                  + size
                  + " watch streams did not open within "
                  + timeout
                  + (failure.get() == null ? "" : "; first failure: " + failure.get()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      if (unexpectedStatus.get() > 0) {
        throw new IllegalStateException(
            unexpectedStatus.get() + " watch requests were answered with an error");
      }
    }

    boolean awaitAll(Duration timeout) {
      try {
        return received.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    void add(Flow.Subscription subscription) {
      lock.lock();
      try {
        subscriptions.add(subscription);
      } finally {
        lock.unlock();
      }
    }

    void cancelAll() {
      lock.lock();
      try {
        subscriptions.forEach(Flow.Subscription::cancel);
        subscriptions.clear();
      } finally {
        lock.unlock();
      }
    }

    void failed(Throwable t) {
      failure.compareAndSet(null, t);
    }

    void acquireConnectSlot() {
      try {
        if (!connectSlots.tryAcquire(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(
              "watch streams did not open within " + CONNECT_TIMEOUT + ": " + failure.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** One watch stream: checks the status, then hands every line to the fleet. */
  private static final class Watcher
      implements HttpResponse.BodyHandler<Void>, Flow.Subscriber<String> {
    private final Fleet fleet;
    private final int index;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    Watcher(Fleet fleet, int index) {
      this.fleet = fleet;
      this.index = index;
      opened.whenComplete((ok, error) -> fleet.connectSlots.release());
    }

    void awaitOpened(Duration timeout) {
      try {
        opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("a watch stream did not open: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
      if (info.statusCode() != 200) {
        fleet.unexpectedStatus.incrementAndGet();
      }
      fleet.connected.countDown();
      opened.complete(null);
      return HttpResponse.BodySubscribers.fromLineSubscriber(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      fleet.add(subscription);
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      fleet.onLine(index, line);
    }

    @Override
    public void onError(Throwable throwable) {
      fleet.failed(throwable);
    }

    @Override
    public void onComplete() {}
  }
}
