package io.jporch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * List latency of {@code packagerevisions} for repositories of N package revisions: for each N a
 * repository is generated ({@link RepositoryGenerator}), a fresh in-process server registers it,
 * and then it measures the first (cold) list, warm lists as JSON and as Table (alternating, after
 * warm-up requests), a list narrowed to one package by field selector, and the first full list
 * after a server restart. Every response is checked for the expected number of items.
 */
public final class ListBench {
  private static final String REPOSITORY = "bench";

  /**
   * Settings.
   *
   * @param sizes numbers of package revisions, one run each
   * @param requests measured requests per format
   * @param warmup unmeasured requests per format before measuring
   * @param version HTTP version of the client
   */
  public record Settings(
      List<Integer> sizes, int requests, int warmup, HttpClient.Version version) {}

  /** The measurements of one size. */
  public record Result(
      int revisions,
      long generateNanos,
      long registerNanos,
      long coldListNanos,
      long coldListCpuNanos,
      int coldListItems,
      Map<String, Latencies> warm,
      Map<String, Long> cpuPerRequestNanos,
      Map<String, Integer> bytes,
      long restartNanos,
      long firstListAfterRestartNanos,
      long heapAfterGcBytes) {}

  private final Settings settings;
  private final Report report;

  public ListBench(Settings settings, Report report) {
    this.settings = settings;
    this.report = report;
  }

  /** Runs every size in {@code workDir}; returns the results in order. */
  public List<Result> run(Path workDir) {
    List<Result> results = new ArrayList<>();
    for (int size : settings.sizes()) {
      Result result = runOne(workDir.resolve("list-" + size), size);
      results.add(result);
      report.listResult(result);
    }
    return results;
  }

  private Result runOne(Path dir, int size) {
    RepositoryGenerator.Shape shape = RepositoryGenerator.Shape.forTotal(size);
    report.progress(
        "list N=%d: generating %d packages x %d revisions + %d drafts",
        size, shape.packages(), shape.revisionsPerPackage(), shape.drafts());
    long t0 = System.nanoTime();
    RepositoryGenerator.Result repo =
        RepositoryGenerator.generate(dir.resolve("remote.git"), shape);
    long generate = System.nanoTime() - t0;
    report.progress(
        "list N=%d: %d commits written in %s ms; starting the server",
        size, repo.commits(), Latencies.ms(generate));
    try (BenchServer server = BenchServer.start(dir.resolve("data"), settings.version())) {
      BenchClient client = server.client();
      BenchClient.Timed registered = server.register(REPOSITORY, repo.url());
      report.progress("list N=%d: registered in %s ms", size, Latencies.ms(registered.nanos()));
      long cpu0 = cpuNanos();
      BenchClient.Timed cold = client.get(BenchServer.PACKAGE_REVISIONS, BenchClient.JSON_ACCEPT);
      long coldCpu = cpuNanos() - cpu0;
      int coldItems = BenchServer.count(cold.expect(200, "cold list").json());
      report.progress(
          "list N=%d: cold list %s ms, %d items", size, Latencies.ms(cold.nanos()), coldItems);
      if (coldItems != size) {
        // The server omits a repository whose listing exceeds its per-repository timeout.
        BenchClient.Timed complete = server.awaitListed(size, Duration.ofMinutes(10));
        report.progress(
            "list N=%d: the cold list was incomplete; a later one took %s ms",
            size, Latencies.ms(complete.nanos()));
      }

      Map<String, Variant> variants = variants(shape);
      Map<String, List<Long>> samples = new LinkedHashMap<>();
      Map<String, Integer> bytes = new LinkedHashMap<>();
      Map<String, Long> cpu = new LinkedHashMap<>();
      for (int i = 0; i < settings.warmup() + settings.requests(); i++) {
        for (Map.Entry<String, Variant> v : variants.entrySet()) {
          long before = cpuNanos();
          BenchClient.Timed r = client.get(v.getValue().path(), v.getValue().accept());
          long used = cpuNanos() - before;
          if (i == 0 || i == settings.warmup() + settings.requests() - 1) {
            check(r, v.getValue().expected(), v.getKey());
          } else {
            r.expect(200, v.getKey());
          }
          if (i >= settings.warmup()) {
            samples.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(r.nanos());
            bytes.put(v.getKey(), r.body().length);
            cpu.merge(v.getKey(), used, Long::sum);
          }
        }
      }
      Map<String, Latencies> warm = new LinkedHashMap<>();
      samples.forEach((k, s) -> warm.put(k, Latencies.of(s)));
      cpu.replaceAll((k, total) -> total / settings.requests());
      warm.forEach((k, l) -> report.progress("list N=%d: %s %s", size, k, l));

      long restart = server.restart();
      BenchClient.Timed first =
          server.client().get(BenchServer.PACKAGE_REVISIONS, BenchClient.JSON_ACCEPT);
      int firstItems = BenchServer.count(first.expect(200, "first list after restart").json());
      if (firstItems != size) {
        report.progress(
            "list N=%d: the first list after restart had %d items (%s ms)",
            size, firstItems, Latencies.ms(first.nanos()));
        first = server.awaitListed(size, Duration.ofMinutes(10));
      }
      long heap = heapAfterGc();
      report.progress(
          "list N=%d: restart %s ms, first list after restart %s ms, heap after GC %d MiB",
          size, Latencies.ms(restart), Latencies.ms(first.nanos()), heap >> 20);
      return new Result(
          size,
          generate,
          registered.nanos(),
          cold.nanos(),
          coldCpu,
          coldItems,
          warm,
          cpu,
          bytes,
          restart,
          first.nanos(),
          heap);
    }
  }

  /** One kind of list request and the item count it must return. */
  private record Variant(String path, String accept, int expected) {}

  private static Map<String, Variant> variants(RepositoryGenerator.Shape shape) {
    Map<String, Variant> variants = new LinkedHashMap<>();
    int all = shape.listedRevisions();
    variants.put("JSON", new Variant(BenchServer.PACKAGE_REVISIONS, BenchClient.JSON_ACCEPT, all));
    variants.put(
        "Table", new Variant(BenchServer.PACKAGE_REVISIONS, BenchClient.TABLE_ACCEPT, all));
    String onePackage = RepositoryGenerator.Shape.packageName(0);
    int inPackage = shape.revisionsPerPackage() + 1 + draftsOf(shape, 0);
    variants.put(
        "JSON, one package (fieldSelector)",
        new Variant(
            BenchServer.PACKAGE_REVISIONS
                + "?fieldSelector="
                + URLEncoder.encode("spec.packageName=" + onePackage, StandardCharsets.UTF_8),
            BenchClient.JSON_ACCEPT,
            inPackage));
    return variants;
  }

  private static int draftsOf(RepositoryGenerator.Shape shape, int packageIndex) {
    int count = 0;
    for (int j = 0; j < shape.drafts(); j++) {
      if (j % shape.packages() == packageIndex) {
        count++;
      }
    }
    return count;
  }

  private static void check(BenchClient.Timed response, int expected, String what) {
    response.expect(200, what);
    JsonNode list = response.json();
    int count = BenchServer.count(list);
    if (count != expected) {
      throw new IllegalStateException(
          what + " returned " + count + " package revisions, expected " + expected);
    }
  }

  /** CPU time used by this process so far (server, bench client, JIT and GC together). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Heap in use after a full GC (server and bench share the JVM; the bench holds little). */
  static long heapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 2; i++) {
      System.gc();
      BenchServer.sleep(Duration.ofMillis(200));
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
