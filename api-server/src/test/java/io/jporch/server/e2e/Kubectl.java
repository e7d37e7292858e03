package io.jporch.server.e2e;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the installed {@code kubectl} against one server ({@code kubectl --kubeconfig FILE
 * --cache-dir DIR ...}), with a time limit per call. JSON output is parsed with Jackson.
 */
final class Kubectl {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESPONSE_BODY = "\"Response Body\" body=";
  private static final Pattern RESPONSE_STATUS = Pattern.compile("Response Status: (\\d{3})\\b");
  private static final Pattern ROUND_TRIP =
      Pattern.compile("\\b(GET|POST|PUT|PATCH|DELETE) (https?://\\S+) (\\d{3})\\b");

  private final Path kubeconfig;
  private final Path cacheDir;
  private final Supplier<String> diagnostics;

  Kubectl(Path kubeconfig, Path cacheDir, Supplier<String> diagnostics) {
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
    this.diagnostics = diagnostics;
  }

  /** Runs {@code kubectl <args>} and returns its outcome (never throws on a non-zero exit). */
  Result run(String... args) {
    return runWithEnv(Map.of(), args);
  }

  /**
   * Runs {@code kubectl <args>} with extra environment variables (e.g. {@code KUBE_EDITOR} for
   * {@code kubectl edit}) and returns its outcome.
   */
  Result runWithEnv(Map<String, String> env, String... args) {
    List<String> command = command(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("KUBECONFIG");
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kubectl (is it installed?)", e);
    }
    CompletableFuture<String> stdout = readAsync(process.getInputStream());
    CompletableFuture<String> stderr = readAsync(process.getErrorStream());
    try {
      if (!process.waitFor(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "timed out after "
                + DEFAULT_TIMEOUT
                + ": "
                + String.join(" ", command)
                + "\n"
                + diagnostics.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted: " + String.join(" ", command), e);
    }
    return new Result(command, process.exitValue(), stdout.join(), stderr.join(), diagnostics);
  }

  /** Runs {@code kubectl <args>}, requires success and parses stdout as JSON. */
  JsonNode json(String... args) {
    return run(args).assertSuccess().json();
  }

  /**
   * The {@code spec.resources} of the PackageRevisionResources {@code name} in namespace default.
   */
  JsonNode packageResources(String name) {
    return json("get", "packagerevisionresources", name, "-n", "default", "-o", "json")
        .at("/spec/resources");
  }

  /** Writes {@code content} to a temporary file and runs {@code kubectl <args> -f <file>}. */
  Result withFile(String content, String... args) {
    Path file = writeTemp(content);
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-f");
    all.add(file.toString());
    return run(all.toArray(String[]::new));
  }

  /**
   * Starts {@code kubectl <args>} in the background (e.g. {@code get packagerevisions -w
   * --output-watch-events -o json}) and collects the JSON documents it prints.
   */
  Watch watch(String... args) {
    List<String> command = command(false, args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("KUBECONFIG");
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      return new Watch(command, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kubectl", e);
    }
  }

  /**
   * Starts {@code kubectl <args>} in the background (e.g. {@code wait --for=...} or a watch with
   * table output) and collects its text output.
   */
  Background background(String... args) {
    List<String> command = command(false, args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("KUBECONFIG");
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      return new Background(command, builder.start(), diagnostics);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kubectl", e);
    }
  }

  private List<String> command(String... args) {
    return command(true, args);
  }

  private List<String> command(boolean requestTimeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.add("--kubeconfig");
    command.add(kubeconfig.toString());
    command.add("--cache-dir");
    command.add(cacheDir.toString());
    if (requestTimeout) {
      command.add("--request-timeout=60s");
    }
    command.addAll(List.of(args));
    return command;
  }

  static Path writeTemp(String content) {
    try {
      Path file = Files.createTempFile("jporch-e2e-", ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CompletableFuture<String> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        Thread::startVirtualThread);
  }

  /** Outcome of one kubectl call. */
  record Result(
      List<String> command,
      int exitCode,
      String stdout,
      String stderr,
      Supplier<String> diagnostics) {

    Result assertSuccess() {
      if (exitCode != 0) {
        throw new AssertionError(describe("expected success"));
      }
      return this;
    }

    Result assertFailure() {
      if (exitCode == 0) {
        throw new AssertionError(describe("expected failure"));
      }
      return this;
    }

    JsonNode json() {
      try {
        return JSON.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError(describe("stdout is not JSON"), e);
      }
    }

    /**
     * HTTP status codes of the responses kubectl received, in order. Needs {@code -v=6} (lines
     * {@code <METHOD> <url> <code> <text> in <n> milliseconds}) or {@code -v=8} (lines {@code
     * Response Status: <code> <text>}).
     */
    List<Integer> httpStatuses() {
      List<Integer> codes = new ArrayList<>();
      for (String line : stderr.lines().toList()) {
        Matcher v8 = RESPONSE_STATUS.matcher(line);
        Matcher v6 = ROUND_TRIP.matcher(line);
        if (v8.find()) {
          codes.add(Integer.parseInt(v8.group(1)));
        } else if (v6.find() && !v6.group(2).contains("/version")) {
          codes.add(Integer.parseInt(v6.group(3)));
        }
      }
      return codes;
    }

    /**
     * The body of the last response kubectl received, parsed as JSON. Needs {@code -v=8}, where
     * kubectl logs {@code "Response Body" body="<Go-quoted text>"} (or {@code body=<} followed by
     * tab-indented lines and {@code >} for multi-line bodies).
     */
    JsonNode lastResponseBody() {
      int at = stderr.lastIndexOf(RESPONSE_BODY);
      if (at < 0) {
        throw new AssertionError(describe("no response body logged (needs -v=8)"));
      }
      String rest = stderr.substring(at + RESPONSE_BODY.length());
      try {
        String body;
        if (rest.startsWith("\"")) {
          try (JsonParser parser = JSON.getFactory().createParser(rest)) {
            body = JSON.readValue(parser, String.class);
          }
        } else if (rest.startsWith("<")) {
          int end = rest.indexOf("\n >");
          body =
              rest.substring(1, end < 0 ? rest.length() : end)
                  .lines()
                  .map(l -> l.startsWith("\t") ? l.substring(1) : l)
                  .reduce("", (a, b) -> a + b + "\n");
        } else {
          throw new AssertionError(describe("unexpected response body format"));
        }
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError(describe("response body is not JSON"), e);
      }
    }

    /** The error text kubectl printed (stderr without its -v log lines). */
    String errorText() {
      return stderr
          .lines()
          .filter(l -> !l.matches("^[IWE]\\d{4} .*"))
          .reduce("", (a, b) -> a + b + "\n");
    }

    String describe(String what) {
      return what
          + ": "
          + String.join(" ", command)
          + "\nexit code: "
          + exitCode
          + "\nstdout:\n"
          + stdout
          + "\nstderr:\n"
          + stderr
          + "\n"
          + diagnostics.get();
    }
  }

  /** A background kubectl whose output is collected as text. */
  static final class Background implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final Supplier<String> diagnostics;
    private final StringBuffer stdout = new StringBuffer();
    private final CompletableFuture<String> stderr;

    private Background(List<String> command, Process process, Supplier<String> diagnostics) {
      this.command = command;
      this.process = process;
      this.diagnostics = diagnostics;
      this.stderr = readAsync(process.getErrorStream());
      Thread.ofVirtual().name("kubectl-background").start(this::collect);
    }

    private void collect() {
      try (InputStream in = process.getInputStream()) {
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          stdout.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // The stream ends when the process is stopped; what was read so far is kept.
      }
    }

    /** The text printed on stdout so far. */
    String stdout() {
      return stdout.toString();
    }

    /** Lines printed on stdout so far. */
    List<String> lines() {
      return stdout().lines().toList();
    }

    boolean isAlive() {
      return process.isAlive();
    }

    /** Waits for the process to exit and returns its outcome. */
    Result await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(
              "timed out after " + timeout + ": " + describe() + "\n" + diagnostics.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new AssertionError("interrupted: " + String.join(" ", command), e);
      }
      try {
        process.getInputStream().close();
      } catch (IOException e) {
        // ignored: the output read so far is kept
      }
      return new Result(command, process.exitValue(), stdout(), stderr.join(), diagnostics);
    }

    String describe() {
      return String.join(" ", command)
          + " (alive="
          + process.isAlive()
          + ")\nstdout:\n"
          + stdout
          + (process.isAlive() ? "" : "\nstderr: " + stderr.join());
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /** A background kubectl whose stdout is a stream of JSON documents. */
  static final class Watch implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final List<JsonNode> documents = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> stderr;

    private Watch(List<String> command, Process process) {
      this.command = command;
      this.process = process;
      this.stderr = readAsync(process.getErrorStream());
      Thread.ofVirtual().name("kubectl-watch").start(this::collect);
    }

    private void collect() {
      try (InputStream in = process.getInputStream();
          MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(in)) {
        while (values.hasNextValue()) {
          documents.add(values.nextValue());
        }
      } catch (IOException | RuntimeException e) {
        // The stream ends when the process is stopped; what was read so far is kept.
      }
    }

    /** JSON documents received so far. */
    List<JsonNode> documents() {
      return List.copyOf(documents);
    }

    boolean isAlive() {
      return process.isAlive();
    }

    String describe() {
      return String.join(" ", command)
          + " (alive="
          + process.isAlive()
          + ")\nreceived "
          + documents.size()
          + " documents: "
          + documents
          + (process.isAlive() ? "" : "\nstderr: " + stderr.join());
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
