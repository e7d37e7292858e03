package io.jporch.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the results of the benchmarks and renders them as Markdown tables (ready to paste into
 * {@code docs/performance.md}); progress lines go to stderr as the run goes.
 */
public final class Report {
  private final PrintStream progress;
  private final String command;
  private final double loadAtStart = load();
  private final Instant started = Instant.now();
  private final List<ListBench.Result> lists = new ArrayList<>();
  private final List<WatchBench.Result> watches = new ArrayList<>();
  private final List<ApproveBench.Result> approvals = new ArrayList<>();
  private final List<RestartBench.Result> restarts = new ArrayList<>();
  private final List<RenderBench.Result> renders = new ArrayList<>();

  public Report(PrintStream progress, String command) {
    this.progress = progress;
    this.command = command;
  }

  /** A progress line on stderr. */
  public void progress(String format, Object... args) {
    progress.println("[bench] " + String.format(Locale.ROOT, format, args));
    progress.flush();
  }

  void listResult(ListBench.Result result) {
    lists.add(result);
  }

  void watchResult(WatchBench.Result result) {
    watches.add(result);
  }

  void approveResult(ApproveBench.Result result) {
    approvals.add(result);
  }

  void renderResult(RenderBench.Result result) {
    renders.add(result);
  }

  void restartResult(RestartBench.Result result) {
    restarts.add(result);
  }

  /** Everything measured so far, as Markdown. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("Command: `").append(command).append("`  \n");
    md.append(
        String.format(
            Locale.ROOT,
            "Run: %s, %d s; Java %s; %d CPUs; max heap %d MiB; load average %.2f at start,"
                + " %.2f at end%n%n",
            started.truncatedTo(ChronoUnit.SECONDS),
            Instant.now().getEpochSecond() - started.getEpochSecond(),
            Runtime.version(),
            Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() >> 20,
            loadAtStart,
            load()));
    if (!lists.isEmpty()) {
      appendLists(md);
    }
    if (!watches.isEmpty()) {
      appendWatches(md);
    }
    if (!approvals.isEmpty()) {
      appendApprovals(md);
    }
    if (!restarts.isEmpty()) {
      appendRestarts(md);
    }
    if (!renders.isEmpty()) {
      appendRenders(md);
    }
    return md.toString();
  }

  private void appendLists(StringBuilder md) {
    md.append(
        "| revisions | request | response | p50 ms | p95 ms | p99 ms | max ms | n |"
            + " CPU ms/request |\n");
    md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ListBench.Result r : lists) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | first list after registration (JSON, cold)%s | | %s | | | | 1 | %s |%n",
              r.revisions(),
              r.coldListItems() == r.revisions()
                  ? ""
                  : String.format(Locale.ROOT, " — INCOMPLETE: %,d items", r.coldListItems()),
              Latencies.ms(r.coldListNanos()),
              Latencies.ms(r.coldListCpuNanos())));
      for (Map.Entry<String, Latencies> e : r.warm().entrySet()) {
        Latencies l = e.getValue();
        md.append(
            String.format(
                Locale.ROOT,
                "| %,d | %s | %s | %s | %s | %s | %s | %d | %s |%n",
                r.revisions(),
                e.getKey(),
                size(r.bytes().get(e.getKey())),
                Latencies.ms(l.percentile(50)),
                Latencies.ms(l.percentile(95)),
                Latencies.ms(l.percentile(99)),
                Latencies.ms(l.max()),
                l.count(),
                Latencies.ms(r.cpuPerRequestNanos().getOrDefault(e.getKey(), 0L))));
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | first list after a restart (JSON) | | %s | | | | 1 | |%n",
              r.revisions(),
              Latencies.ms(r.firstListAfterRestartNanos())));
    }
    md.append("\n| revisions | generate repository | register (Ready) | server restart |")
        .append(" heap after GC |\n|---:|---:|---:|---:|---:|\n");
    for (ListBench.Result r : lists) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s ms | %s ms | %s ms | %d MiB |%n",
              r.revisions(),
              Latencies.ms(r.generateNanos()),
              Latencies.ms(r.registerNanos()),
              Latencies.ms(r.restartNanos()),
              r.heapAfterGcBytes() >> 20));
    }
    md.append('\n');
  }

  private void appendWatches(StringBuilder md) {
    md.append(
        "| watchers | protocol | revisions | changes | write p50 ms | event p50 ms | event p95 ms"
            + " | event p99 ms | event max ms | last watcher after response, p50 / max ms |"
            + " missed |\n");
    md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (WatchBench.Result r : watches) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %,d | %d | %s | %s | %s | %s | %s | %s / %s | %d |%n",
              r.watchers(),
              r.protocol(),
              r.revisions(),
              r.changes(),
              Latencies.ms(r.writes().percentile(50)),
              Latencies.ms(r.events().percentile(50)),
              Latencies.ms(r.events().percentile(95)),
              Latencies.ms(r.events().percentile(99)),
              Latencies.ms(r.events().max()),
              Latencies.ms(r.lastAfterResponse().percentile(50)),
              Latencies.ms(r.lastAfterResponse().max()),
              r.missed()));
    }
    md.append('\n');
    for (WatchBench.Result r : watches) {
      md.append(
          String.format(
              Locale.ROOT,
              "- %,d watchers: all streams open in %s ms%n",
              r.watchers(),
              Latencies.ms(r.connectNanos())));
    }
    md.append('\n');
  }

  private void appendApprovals(StringBuilder md) {
    md.append(
        "| revisions in repository | operation | p50 ms | p95 ms | max ms | n |\n"
            + "|---:|---|---:|---:|---:|---:|\n");
    for (ApproveBench.Result r : approvals) {
      for (Map.Entry<String, Latencies> e : r.latencies().entrySet()) {
        Latencies l = e.getValue();
        md.append(
            String.format(
                Locale.ROOT,
                "| %,d | %s | %s | %s | %s | %d |%n",
                r.revisions(),
                e.getKey(),
                Latencies.ms(l.percentile(50)),
                Latencies.ms(l.percentile(95)),
                Latencies.ms(l.max()),
                l.count()));
      }
    }
    md.append('\n');
  }

  private void appendRenders(StringBuilder md) {
    md.append(
        "| resources (files) | operation | p50 ms | p95 ms | max ms | n | CPU ms/request |\n"
            + "|---:|---|---:|---:|---:|---:|---:|\n");
    for (RenderBench.Result r : renders) {
      for (Map.Entry<String, Latencies> e : r.latencies().entrySet()) {
        Latencies l = e.getValue();
        md.append(
            String.format(
                Locale.ROOT,
                "| %,d (%d) | %s | %s | %s | %s | %d | %s |%n",
                r.resources(),
                r.files(),
                e.getKey(),
                Latencies.ms(l.percentile(50)),
                Latencies.ms(l.percentile(95)),
                Latencies.ms(l.max()),
                l.count(),
                Latencies.ms(r.cpuNanos().getOrDefault(e.getKey(), 0L))));
      }
    }
    md.append('\n');
  }

  private void appendRestarts(StringBuilder md) {
    md.append(
        "| repositories | revisions | register all + full list | heap before | listening after"
            + " restart | all Ready (as reported) | full list after restart | heap after |\n"
            + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (RestartBench.Result r : restarts) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %s ms | %d MiB | %s ms | %s ms | %s ms | %d MiB |%n",
              r.repositories(),
              r.revisions(),
              Latencies.ms(r.registerAllNanos()),
              r.heapBeforeBytes() >> 20,
              Latencies.ms(r.restartNanos()),
              Latencies.ms(r.allReadyNanos()),
              Latencies.ms(r.fullListNanos()),
              r.heapAfterBytes() >> 20));
    }
    md.append('\n');
  }

  private static String size(Integer bytes) {
    if (bytes == null) {
      return "";
    }
    if (bytes >= 1 << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }
    return String.format(Locale.ROOT, "%d KiB", Math.max(1, bytes >> 10));
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
