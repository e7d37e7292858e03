package io.jporch.fn.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Context;
import io.grpc.Status;
import io.jporch.core.util.Json;
import io.jporch.fn.grpc.FunctionFailures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs functions as local executables (Porch's {@code executableevaluator.go}): the binary the
 * {@link ExecConfig} maps the image to is started without arguments, the ResourceList goes to its
 * stdin, its stdout is the output ResourceList and its stderr the log. Unlike Porch, a function
 * that exits non-zero is reported with its exit code, stderr and the structured results it wrote to
 * stdout (as Porch's wrapper server words it), the process is killed when the client cancels or the
 * deadline passes, and stdout is bounded by the message limit. Contents are never logged.
 */
public final class ExecutableEvaluator implements Evaluator {
  private static final Logger log = LoggerFactory.getLogger(ExecutableEvaluator.class);

  /** The most stderr kept from one run; the rest is read and dropped. */
  static final int MAX_STDERR_BYTES = 1024 * 1024;

  /** The most stderr quoted in a status message. */
  private static final int MAX_MESSAGE_STDERR = 4 * 1024;

  private final ExecConfig config;
  private final int maxOutputBytes;

  public ExecutableEvaluator(ExecConfig config, int maxOutputBytes) {
    this.config = config;
    this.maxOutputBytes = maxOutputBytes;
  }

  @Override
  public String name() {
    return "exec";
  }

  /** The image → binary table. */
  public ExecConfig config() {
    return config;
  }

  @Override
  public Evaluation evaluate(EvaluationRequest request) {
    Path binary = config.binaries().get(request.image());
    if (binary == null) {
      throw new FunctionNotFoundException("no executable configured for " + request.image());
    }
    String image = request.image();
    log.info("Evaluating {} in executable mode", image);
    Process process;
    try {
      process = new ProcessBuilder(binary.toString()).start();
    } catch (IOException e) {
      throw new EvaluationException(
          Status.Code.INTERNAL, "Failed to execute function \"" + image + "\": " + e.getMessage());
    }
    Context.CancellationListener onCancel = ctx -> kill(process);
    request.context().addListener(onCancel, Runnable::run);
    try {
      return run(request, process);
    } finally {
      request.context().removeListener(onCancel);
      if (process.isAlive()) {
        kill(process);
      }
    }
  }

  private Evaluation run(EvaluationRequest request, Process process) {
    String image = request.image();
    CompletableFuture<Void> writer = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("exec-stdin")
        .start(
            () -> {
              try (OutputStream in = process.getOutputStream()) {
                in.write(request.resourceList());
              } catch (IOException e) {
                // the function stopped reading; its exit status tells what happened
              }
              writer.complete(null);
            });
    CompletableFuture<Capture> stdout = capture(process.getInputStream(), maxOutputBytes);
    CompletableFuture<Capture> stderr = capture(process.getErrorStream(), MAX_STDERR_BYTES);
    int exit;
    try {
      long remaining = request.deadline().timeRemaining(TimeUnit.NANOSECONDS);
      if (!process.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
        kill(process);
        throw new EvaluationException(
            Status.Code.DEADLINE_EXCEEDED,
            "function \"" + image + "\" did not finish before the deadline and was killed");
      }
      exit = process.exitValue();
      writer.get();
      Capture out = stdout.get();
      Capture err = stderr.get();
      if (request.context().isCancelled()) {
        throw new EvaluationException(
            Status.Code.CANCELLED, "evaluation of \"" + image + "\" was cancelled");
      }
      if (out.truncated()) {
        throw new EvaluationException(
            Status.Code.RESOURCE_EXHAUSTED,
            "the output of function \""
                + image
                + "\" is larger than the message limit of "
                + maxOutputBytes
                + " bytes");
      }
      if (exit != 0) {
        throw failed(image, exit, out.bytes(), err.bytes());
      }
      log.info(
          "Evaluated {}: stdout {} bytes, stderr {} bytes", image, out.bytes().length, err.size());
      return new Evaluation(out.bytes(), err.bytes());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(process);
      throw new EvaluationException(
          Status.Code.CANCELLED, "evaluation of \"" + image + "\" was interrupted");
    } catch (ExecutionException e) {
      kill(process);
      throw new EvaluationException(
          Status.Code.INTERNAL,
          "Failed to execute function \"" + image + "\": " + e.getCause().getMessage());
    }
  }

  /**
   * The error for a function that exited non-zero: Porch's wrapper-server wording when its stdout
   * is a ResourceList (with the error results), Porch's exec-evaluator wording otherwise; the
   * details carry exit code, stderr and results.
   */
  static EvaluationException failed(String image, int exit, byte[] stdout, byte[] stderr) {
    String err = new String(stderr, StandardCharsets.UTF_8);
    String quoted =
        err.length() > MAX_MESSAGE_STDERR
            ? "..." + err.substring(err.length() - MAX_MESSAGE_STDERR)
            : err;
    JsonNode results = results(stdout);
    String message;
    byte[] resultsYaml = null;
    if (results != null) {
      List<String> errors = new ArrayList<>();
      for (JsonNode r : results) {
        if ("error".equals(r.path("severity").asText())) {
          errors.add(r.path("message").asText());
        }
      }
      message =
          "failed to evaluate function \""
              + image
              + "\" with structured results: "
              + errors
              + " and stderr: "
              + quoted;
      ObjectNode only = Json.MAPPER.createObjectNode();
      only.put("apiVersion", "config.kubernetes.io/v1");
      only.put("kind", "ResourceList");
      only.set("results", results);
      try {
        resultsYaml = Json.YAML.writeValueAsBytes(only);
      } catch (IOException e) {
        resultsYaml = null;
      }
    } else {
      message =
          "Failed to execute function \"" + image + "\": exit status " + exit + " (" + quoted + ")";
    }
    log.info(
        "Function {} failed: exit code {}, stderr {} bytes, {} result(s)",
        image,
        exit,
        stderr.length,
        results == null ? 0 : results.size());
    return new EvaluationException(
        Status.Code.INTERNAL, message, FunctionFailures.failure(exit, stderr, resultsYaml));
  }

  /** The {@code results} of a ResourceList on stdout, or null when stdout is not one. */
  private static JsonNode results(byte[] stdout) {
    if (stdout.length == 0) {
      return null;
    }
    try {
      JsonNode root = Json.YAML.readTree(stdout);
      if (root == null || !"ResourceList".equals(root.path("kind").asText())) {
        return null;
      }
      JsonNode results = root.path("results");
      if (results.isObject()) {
        results = results.path("items");
      }
      return results.isArray() ? results : Json.MAPPER.createArrayNode();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private record Capture(byte[] bytes, long size, boolean truncated) {}

  private static CompletableFuture<Capture> capture(InputStream stream, int limit) {
    CompletableFuture<Capture> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("exec-output")
        .start(
            () -> {
              ByteArrayOutputStream kept = new ByteArrayOutputStream();
              long total = 0;
              byte[] buffer = new byte[16 * 1024];
              try (stream) {
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                  int keep = (int) Math.max(0, Math.min(n, limit - total));
                  kept.write(buffer, 0, keep);
                  total += n;
                }
                result.complete(new Capture(kept.toByteArray(), total, total > limit));
              } catch (IOException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
