package io.jporch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Time to Ready after a restart (issue 4): R repositories of N revisions each are registered, the
 * server is restarted on the same data directory, and it measures how long until every Repository
 * reports Ready and until a list holds every revision again, and the heap in use before and after.
 */
public final class RestartBench {
  private static final Duration TIMEOUT = Duration.ofMinutes(15);
  private static final Duration POLL = Duration.ofMillis(250);

  /**
   * Settings.
   *
   * @param repositories number of repositories
   * @param revisionsPerRepository package revisions in each
   */
  public record Settings(int repositories, int revisionsPerRepository) {}

  /** The measurements. */
  public record Result(
      int repositories,
      int revisions,
      long registerAllNanos,
      long heapBeforeBytes,
      long restartNanos,
      long allReadyNanos,
      long fullListNanos,
      long heapAfterBytes) {}

  private final Settings settings;
  private final Report report;

  public RestartBench(Settings settings, Report report) {
    this.settings = settings;
    this.report = report;
  }

  /** Runs the benchmark in {@code workDir}. */
  public Result run(Path workDir) {
    RepositoryGenerator.Shape shape =
        RepositoryGenerator.Shape.forTotal(settings.revisionsPerRepository());
    int total = settings.repositories() * shape.listedRevisions();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < settings.repositories(); i++) {
      urls.add(RepositoryGenerator.generate(workDir.resolve("remote-" + i + ".git"), shape).url());
    }
    report.progress(
        "restart: %d repositories of %d revisions generated", urls.size(), shape.listedRevisions());
    try (BenchServer server =
        BenchServer.start(workDir.resolve("data"), HttpClient.Version.HTTP_2)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < urls.size(); i++) {
        server.register("repo-" + i, urls.get(i));
      }
      server.awaitListed(total, TIMEOUT);
      long registerAll = System.nanoTime() - t0;
      long heapBefore = ListBench.heapAfterGc();
      report.progress(
          "restart: registered and listed %d revisions in %s ms; heap %d MiB",
          total, Latencies.ms(registerAll), heapBefore >> 20);

      long restart = server.restart();
      long started = System.nanoTime() - restart;
      long ready = awaitAllReady(server.client(), urls.size()) - started;
      server.awaitListed(total, TIMEOUT);
      long listed = System.nanoTime() - started;
      long heapAfter = ListBench.heapAfterGc();
      Result result =
          new Result(
              urls.size(), total, registerAll, heapBefore, restart, ready, listed, heapAfter);
      report.progress(
          "restart: listening after %s ms, all Ready after %s ms, full list after %s ms; heap"
              + " %d MiB",
          Latencies.ms(restart), Latencies.ms(ready), Latencies.ms(listed), heapAfter >> 20);
      report.restartResult(result);
      return result;
    }
  }

  /** Polls the Repository list until {@code count} are Ready=True; returns that moment. */
  private static long awaitAllReady(BenchClient client, int count) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode list =
          client
              .get(BenchServer.CONFIG + "repositories", BenchClient.JSON_ACCEPT)
              .expect(200, "list repositories")
              .json();
      int ready = 0;
      for (JsonNode repository : list.path("items")) {
        for (JsonNode condition : repository.at("/status/conditions")) {
          if ("Ready".equals(condition.path("type").asText())
              && "True".equals(condition.path("status").asText())) {
            ready++;
          }
        }
      }
      if (ready == count) {
        return System.nanoTime();
      }
      BenchServer.sleep(POLL);
    }
    throw new IllegalStateException("not every repository became Ready within " + TIMEOUT);
  }
}
