package io.jporch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command line of the load drivers: {@code ./porch bench list|watch|approve [options]}. Each run
 * starts jporch in this JVM on a free loopback port, works in a temporary directory that it deletes
 * afterwards, stops by itself and prints its results as Markdown on stdout (progress on stderr).
 */
@Command(
    name = "jporch-bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure jporch in process: list latency, watch fan-out, approval latency, restart.",
    subcommands = {
      BenchMain.ListCommand.class,
      BenchMain.WatchCommand.class,
      BenchMain.ApproveCommand.class,
      BenchMain.RestartCommand.class,
      BenchMain.RenderCommand.class,
      BenchMain.FnRunnerCommand.class
    })
public final class BenchMain implements Callable<Integer> {
  public static void main(String[] args) {
    int code = new CommandLine(new BenchMain()).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  /** Options every benchmark takes. */
  static final class Common {
    @Option(
        names = "--work-dir",
        description =
            "Directory for generated repositories and server data (default: a new temp"
                + " directory, deleted at the end).")
    Path workDir;

    @Option(names = "--keep", description = "Keep the work directory.")
    boolean keep;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Also append the Markdown results to FILE.")
    Path out;

    int run(String command, Benchmark benchmark) throws IOException {
      Path dir =
          workDir != null
              ? Files.createDirectories(workDir)
              : Files.createTempDirectory("jporch-bench-");
      Report report = new Report(System.err, command);
      try {
        benchmark.run(dir, report);
      } finally {
        String md = report.markdown();
        System.out.println(md);
        System.out.flush();
        if (out != null) {
          Files.writeString(
              out,
              md + "\n",
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
        }
        if (!keep) {
          deleteRecursively(dir);
        } else {
          report.progress("work directory kept: %s", dir);
        }
      }
      return 0;
    }
  }

  /** The size of the measured package, for the benchmarks that generate one. */
  static final class PackageSize {
    @Option(
        names = "--resources",
        defaultValue = "100",
        description = "KRM resources in the package (default: ${DEFAULT-VALUE}).")
    int resources;

    /** {@code --resources}, refused unless positive. */
    int resources() {
      return positive(resources, "--resources");
    }
  }

  /** A benchmark body. */
  @FunctionalInterface
  interface Benchmark {
    void run(Path dir, Report report);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List latency of packagerevisions (JSON and Table) for repositories of N revisions.")
  static final class ListCommand implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--sizes",
        split = ",",
        defaultValue = "1000,10000",
        description = "Package revisions per run (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(
        names = "--requests",
        defaultValue = "30",
        description = "Measured requests per format (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(
        names = "--warmup",
        defaultValue = "5",
        description = "Unmeasured requests per format first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
        names = "--http1",
        description = "Use HTTP/1.1 instead of HTTP/2 (what kubectl negotiates).")
    boolean http1;

    @Override
    public Integer call() throws IOException {
      ListBench.Settings settings =
          new ListBench.Settings(sizes, positive(requests, "--requests"), warmup, version(http1));
      return common.run(
          "./porch bench list --sizes " + join(sizes) + " --requests " + requests,
          (dir, report) -> new ListBench(settings, report).run(dir));
    }
  }

  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description = "Watch fan-out latency from one change to W concurrent watchers.")
  static final class WatchCommand implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--watchers",
        split = ",",
        defaultValue = "100,1000",
        description = "Concurrent watch streams per run (default: ${DEFAULT-VALUE}).")
    List<Integer> watchers;

    @Option(
        names = "--revisions",
        defaultValue = "1000",
        description = "Package revisions in the watched repository (default: ${DEFAULT-VALUE}).")
    int revisions;

    @Option(
        names = "--changes",
        defaultValue = "10",
        description = "Measured changes per run (default: ${DEFAULT-VALUE}).")
    int changes;

    @Option(
        names = "--http1",
        description = "One HTTP/1.1 connection per watch instead of HTTP/2 streams.")
    boolean http1;

    @Option(
        names = "--streams-per-connection",
        defaultValue = "100",
        description = "HTTP/2 watch streams per client connection (default: ${DEFAULT-VALUE}).")
    int streamsPerConnection;

    @Override
    public Integer call() throws IOException {
      WatchBench.Settings settings =
          new WatchBench.Settings(
              watchers,
              revisions,
              positive(changes, "--changes"),
              version(http1),
              streamsPerConnection);
      return common.run(
          "./porch bench watch --watchers "
              + join(watchers)
              + " --revisions "
              + revisions
              + " --changes "
              + changes
              + (http1 ? " --http1" : ""),
          (dir, report) -> new WatchBench(settings, report).run(dir));
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description =
          "Create + propose + approve latency with R revisions in the repository, beside the"
              + " git CLI's commit + tag + push.")
  static final class ApproveCommand implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--sizes",
        split = ",",
        defaultValue = "10,100,1000",
        description = "Package revisions in the repository per run (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(
        names = "--approvals",
        defaultValue = "10",
        description = "Measured approvals per run (default: ${DEFAULT-VALUE}).")
    int approvals;

    @Override
    public Integer call() throws IOException {
      ApproveBench.Settings settings =
          new ApproveBench.Settings(sizes, positive(approvals, "--approvals"));
      return common.run(
          "./porch bench approve --sizes " + join(sizes) + " --approvals " + approvals,
          (dir, report) -> new ApproveBench(settings, report).run(dir));
    }
  }

  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      description =
          "PackageRevisionResources update + render latency of a package with a two-function"
              + " builtin pipeline (set-namespace + apply-replacements).")
  static final class RenderCommand implements Callable<Integer> {
    @Mixin Common common;

    @Mixin PackageSize size;

    @Option(
        names = "--updates",
        defaultValue = "30",
        description = "Measured updates (default: ${DEFAULT-VALUE}).")
    int updates;

    @Override
    public Integer call() throws IOException {
      RenderBench.Settings settings =
          new RenderBench.Settings(size.resources(), positive(updates, "--updates"));
      return common.run(
          "./porch bench render --resources " + size.resources + " --updates " + updates,
          (dir, report) -> new RenderBench(settings, report).run(dir));
    }
  }

  @Command(
      name = "fnrunner",
      mixinStandardHelpOptions = true,
      description =
          "Function-runner call overhead: set-namespace in process vs through the gRPC function"
              + " runner, on the ResourceList of an R-resource package.")
  static final class FnRunnerCommand implements Callable<Integer> {
    @Mixin Common common;

    @Mixin PackageSize size;

    @Option(
        names = "--calls",
        defaultValue = "200",
        description = "Measured calls per operation (default: ${DEFAULT-VALUE}).")
    int calls;

    @Override
    public Integer call() throws IOException {
      FnRunnerBench.Settings settings =
          new FnRunnerBench.Settings(size.resources(), positive(calls, "--calls"));
      return common.run(
          "./porch bench fnrunner --resources " + size.resources + " --calls " + calls,
          (dir, report) -> new FnRunnerBench(settings, report).run(dir));
    }
  }

  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description =
          "Time until a restarted server lists every revision of R repositories again, and heap.")
  static final class RestartCommand implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--repositories",
        defaultValue = "100",
        description = "Repositories (default: ${DEFAULT-VALUE}).")
    int repositories;

    @Option(
        names = "--revisions-per-repository",
        defaultValue = "100",
        description = "Package revisions in each repository (default: ${DEFAULT-VALUE}).")
    int revisionsPerRepository;

    @Override
    public Integer call() throws IOException {
      RestartBench.Settings settings =
          new RestartBench.Settings(
              positive(repositories, "--repositories"), revisionsPerRepository);
      return common.run(
          "./porch bench restart --repositories "
              + repositories
              + " --revisions-per-repository "
              + revisionsPerRepository,
          (dir, report) -> new RestartBench(settings, report).run(dir));
    }
  }

  private static HttpClient.Version version(boolean http1) {
    return http1 ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2;
  }

  private static int positive(int value, String option) {
    if (value < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(new BenchMain()), option + " must be at least 1, got " + value);
    }
    return value;
  }

  private static String join(List<Integer> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
