package io.jporch.bench;

import io.jporch.core.fn.FunctionRuntime;
import io.jporch.fn.BuiltinFunctionRuntime;
import io.jporch.fn.grpc.GrpcFunctionRuntime;
import io.jporch.fn.grpc.GrpcRuntimeOptions;
import io.jporch.fn.runner.ExecConfig;
import io.jporch.fn.runner.FunctionRunnerMain;
import io.jporch.fn.runner.FunctionRunnerOptions;
import io.jporch.fn.runner.FunctionRunnerServer;
import io.jporch.task.DefaultTaskHandler;
import io.jporch.task.RenderResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Function-runner call overhead (issue 6): the same function, {@code set-namespace}, on the
 * ResourceList render sends for a package of R resources, run (1) in process by the builtin runtime
 * and (2) through the gRPC runtime by a function runner on loopback (in this JVM, Java-native
 * evaluator); beside it a whole render of that package with each runtime, and an identity shell
 * script ({@code cat}) through the runner's executable evaluator, which adds a process start.
 */
public final class FnRunnerBench {
  static final String IMAGE = "ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.5";
  static final String IDENTITY = "example.com/bench/identity:v1";

  /**
   * Settings.
   *
   * @param resources KRM resources in the package
   * @param calls measured calls per operation
   */
  public record Settings(int resources, int calls) {}

  private final Settings settings;
  private final Report report;

  public FnRunnerBench(Settings settings, Report report) {
    this.settings = settings;
    this.report = report;
  }

  /** Runs in {@code workDir}. */
  public RenderBench.Result run(Path workDir) {
    Map<String, String> pkg = pkg(settings.resources());
    BuiltinFunctionRuntime builtin = new BuiltinFunctionRuntime();
    String resourceList = capture(builtin, pkg);
    ExecConfig exec = new ExecConfig(Map.of(IDENTITY, identityScript(workDir)));
    Map<String, List<Long>> samples = new LinkedHashMap<>();
    Map<String, Long> cpu = new LinkedHashMap<>();
    int warmUp = Math.max(10, settings.calls() / 10);
    try (FunctionRunnerServer runner =
            FunctionRunnerServer.start(
                FunctionRunnerOptions.of(0),
                FunctionRunnerMain.chain(
                    Set.of(), BuiltinFunctionRuntime.DEFAULT_IMAGE_PREFIX, exec, 64 << 20));
        GrpcFunctionRuntime grpc =
            new GrpcFunctionRuntime(
                GrpcRuntimeOptions.of(runner.address()).withMaxMessageBytes(64 << 20))) {
      DefaultTaskHandler inProcess = new DefaultTaskHandler(List.of(builtin));
      DefaultTaskHandler viaRunner = new DefaultTaskHandler(List.<FunctionRuntime>of(grpc));
      report.progress(
          "fnrunner: %d resources, ResourceList %d bytes, %d calls after %d warm-up",
          settings.resources(), resourceList.length(), settings.calls(), warmUp);
      for (int i = 0; i < warmUp + settings.calls(); i++) {
        boolean measured = i >= warmUp;
        time(
            samples,
            cpu,
            measured,
            "set-namespace, builtin in process",
            () -> {
              builtin.run(IMAGE, resourceList);
            });
        time(
            samples,
            cpu,
            measured,
            "set-namespace, function runner (gRPC, Java-native)",
            () -> {
              grpc.run(IMAGE, resourceList);
            });
        time(
            samples,
            cpu,
            measured,
            "identity script, function runner (gRPC, exec)",
            () -> {
              grpc.run(IDENTITY, resourceList);
            });
        time(samples, cpu, measured, "render, builtin in process", () -> check(inProcess, pkg));
        time(samples, cpu, measured, "render, function runner", () -> check(viaRunner, pkg));
      }
    }
    Map<String, Latencies> latencies = new LinkedHashMap<>();
    samples.forEach((k, v) -> latencies.put(k, Latencies.of(v)));
    Map<String, Long> cpuPer = new LinkedHashMap<>();
    cpu.forEach((k, v) -> cpuPer.put(k, v / settings.calls()));
    latencies.forEach((k, v) -> report.progress("fnrunner: %s %s", k, v));
    RenderBench.Result result =
        new RenderBench.Result(settings.resources(), pkg.size(), latencies, cpuPer);
    report.renderResult(result);
    return result;
  }

  private static void time(
      Map<String, List<Long>> samples,
      Map<String, Long> cpu,
      boolean measured,
      String key,
      Runnable call) {
    long cpu0 = ListBench.cpuNanos();
    long t0 = System.nanoTime();
    call.run();
    long nanos = System.nanoTime() - t0;
    long cpuNanos = ListBench.cpuNanos() - cpu0;
    if (measured) {
      samples.computeIfAbsent(key, k -> new ArrayList<>()).add(nanos);
      cpu.merge(key, cpuNanos, Long::sum);
    }
  }

  private static void check(DefaultTaskHandler handler, Map<String, String> pkg) {
    RenderResult result = handler.render(pkg);
    if (result.failed()) {
      throw new IllegalStateException("render failed: " + result.error());
    }
  }

  /** The package: RenderBench's resources with a set-namespace-only pipeline. */
  static Map<String, String> pkg(int resources) {
    Map<String, String> pkg = new LinkedHashMap<>(RenderBench.pkg(resources, 0));
    pkg.remove("replacements.yaml");
    pkg.put(
        "Kptfile",
        """
        apiVersion: kpt.dev/v1
        kind: Kptfile
        metadata:
          name: rendered
          annotations:
            config.kubernetes.io/local-config: "true"
        pipeline:
          mutators:
            - image: %s
              configMap:
                namespace: team-a
        """
            .formatted(IMAGE));
    return pkg;
  }

  /** The ResourceList render sends to set-namespace for {@code pkg}. */
  private static String capture(BuiltinFunctionRuntime builtin, Map<String, String> pkg) {
    AtomicReference<String> sent = new AtomicReference<>();
    FunctionRuntime recording =
        new FunctionRuntime() {
          @Override
          public boolean supports(String image) {
            return builtin.supports(image);
          }

          @Override
          public String run(String image, String resourceListYaml) {
            sent.set(resourceListYaml);
            return builtin.run(image, resourceListYaml);
          }
        };
    check(new DefaultTaskHandler(List.of(recording)), pkg);
    return sent.get();
  }

  private static Path identityScript(Path dir) {
    try {
      Path script = dir.resolve("identity");
      Files.writeString(script, "#!/bin/sh\ncat\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
