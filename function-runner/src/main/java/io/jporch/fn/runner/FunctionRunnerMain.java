package io.jporch.fn.runner;

import io.jporch.fn.BuiltinFunctionRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the function runner ({@code ./porch function-runner}): Porch's {@code
 * func/server} flags where they apply, serving Porch's evaluator protocol with Java-native
 * functions, then the executable evaluator.
 */
@Command(
    name = "jporch-function-runner",
    mixinStandardHelpOptions = true,
    version = "jporch function runner 0.1.0",
    description =
        "Serve Porch's function evaluator gRPC protocol (evaluator.FunctionEvaluator) for the"
            + " jporch server's --function-runner: Java-native KRM functions first, then"
            + " executables configured with --config, else NOT_FOUND.")
public final class FunctionRunnerMain implements Callable<Integer> {
  private static final Set<String> RUNTIMES = Set.of("native", "exec", "pod");

  @Option(
      names = "--port",
      defaultValue = "9445",
      description = "gRPC port; 0 picks a free one (default: ${DEFAULT-VALUE}, as Porch).")
  int port;

  @Option(
      names = "--bind-address",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}; Porch listens on every interface,"
              + " use 0.0.0.0 for that).")
  String bindAddress;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration of the exec runtime, Porch's format: functions: [{function: <binary"
              + " under --functions>, images: [<image>, ...]}]. Without it no image runs as an"
              + " executable.")
  Path config;

  @Option(
      names = "--functions",
      defaultValue = "./functions",
      paramLabel = "DIR",
      description = "Directory of the exec runtime's binaries (default: ${DEFAULT-VALUE}).")
  Path functions;

  @Option(
      names = {"--max-request-body-size", "--max-request-body-bytes"},
      defaultValue = "6291456",
      paramLabel = "BYTES",
      description =
          "Largest gRPC message accepted and sent (default: ${DEFAULT-VALUE}, 6 MiB); keep it"
              + " equal to the server's --max-request-body-bytes.")
  int maxMessageBytes;

  @Option(
      names = "--max-concurrent-evaluations",
      paramLabel = "N",
      description =
          "Evaluations running at once; further calls wait for a slot until their deadline"
              + " (default: the number of processors, at least 2).")
  Integer maxConcurrent;

  @Option(
      names = "--max-evaluation-time",
      defaultValue = "5m",
      paramLabel = "DURATION",
      description =
          "Longest evaluation, also when the client sets no deadline; executables still running"
              + " then are killed (Go duration such as 90s or ISO-8601; default: ${DEFAULT-VALUE}).")
  String maxEvaluationTime;

  @Option(
      names = "--disable-runtimes",
      split = ",",
      paramLabel = "RUNTIME",
      description =
          "Runtimes to disable, comma-separated: native, exec (pod is accepted: there is no pod"
              + " runtime).")
  List<String> disableRuntimes = new ArrayList<>();

  @Option(
      names = "--default-image-prefix",
      defaultValue = BuiltinFunctionRuntime.DEFAULT_IMAGE_PREFIX,
      description =
          "Prefix under which the Java-native functions also answer (default: ${DEFAULT-VALUE}).")
  String defaultImagePrefix;

  public static void main(String[] args) {
    System.exit(new CommandLine(new FunctionRunnerMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintStream err = System.err;
    FunctionRunnerOptions options;
    Evaluator chain;
    try {
      Set<String> disabled = new LinkedHashSet<>();
      for (String runtime : disableRuntimes) {
        String name = runtime.strip();
        if (!RUNTIMES.contains(name)) {
          throw new IllegalArgumentException(
              "--disable-runtimes: unknown runtime \"" + name + "\" (native, exec, pod)");
        }
        disabled.add(name);
      }
      int concurrent =
          maxConcurrent != null
              ? maxConcurrent
              : Math.max(2, Runtime.getRuntime().availableProcessors());
      options =
          new FunctionRunnerOptions(
              bindAddress,
              port,
              maxMessageBytes,
              concurrent,
              parseDuration("--max-evaluation-time", maxEvaluationTime));
      ExecConfig exec = config == null ? ExecConfig.EMPTY : ExecConfig.load(config, functions);
      chain = chain(disabled, defaultImagePrefix, exec, options.maxMessageBytes());
    } catch (IllegalArgumentException e) {
      err.println("jporch function runner: " + e.getMessage());
      return 2;
    }
    FunctionRunnerServer server;
    try {
      server = FunctionRunnerServer.start(options, chain);
    } catch (RuntimeException e) {
      err.println("jporch function runner: cannot start: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fn-runner-shutdown"));
    System.out.println("jporch function runner: evaluators " + chain.name());
    System.out.println("jporch function runner: serving on " + server.address());
    System.out.flush();
    server.awaitTermination();
    return 0;
  }

  /** The evaluator chain: Java-native, then exec, minus the disabled ones. */
  public static MultiEvaluator chain(
      Set<String> disabled, String defaultImagePrefix, ExecConfig exec, int maxMessageBytes) {
    List<Evaluator> evaluators = new ArrayList<>();
    if (!disabled.contains("native")) {
      evaluators.add(
          new NativeEvaluator(new BuiltinFunctionRuntime(defaultImagePrefix), defaultImagePrefix));
    }
    if (!disabled.contains("exec")) {
      evaluators.add(new ExecutableEvaluator(exec, maxMessageBytes));
    }
    return new MultiEvaluator(evaluators);
  }

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  /** A Go duration ({@code 90s}, {@code 1h30m}, {@code 500ms}) or an ISO-8601 one. */
  static Duration parseDuration(String flag, String text) {
    String value = text.strip();
    Duration d = Duration.ZERO;
    try {
      if (value.regionMatches(true, 0, "P", 0, 1)) {
        d = Duration.parse(value);
      } else {
        Matcher m = GO_DURATION.matcher(value);
        int end = 0;
        while (m.lookingAt()) {
          long n = Long.parseLong(m.group(1));
          d =
              d.plus(
                  switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                  });
          end = m.end();
          m.region(end, value.length());
        }
        if (end != value.length() || end == 0) {
          throw new IllegalArgumentException();
        }
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          flag + ": \"" + value + "\" is not a duration such as 90s, 5m or PT5M");
    }
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(flag + ": must be positive, got \"" + value + "\"");
    }
    return d;
  }
}
