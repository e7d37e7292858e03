package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged function runner ({@code function-runner/target/jporch-function-runner.jar}) as a
 * separate process, as {@code ./porch function-runner} starts it; considered up when it prints
 * {@code jporch function runner: serving on 127.0.0.1:<port>}. Its output goes to {@code
 * <logDir>/function-runner.log}.
 */
final class FunctionRunnerProcess implements AutoCloseable {
  private static final Pattern SERVING =
      Pattern.compile("jporch function runner: serving on (127\\.0\\.0\\.1:\\d+)");

  private final Process process;
  private final String address;
  private final Path logFile;

  private FunctionRunnerProcess(Process process, String address, Path logFile) {
    this.process = process;
    this.address = address;
    this.logFile = logFile;
  }

  /** Path of the runner jar: system property {@code jporch.functionRunnerJar} (set by failsafe). */
  static Path jar() {
    String configured = System.getProperty("jporch.functionRunnerJar");
    Path jar =
        configured != null
            ? Paths.get(configured)
            : Paths.get("../function-runner/target/jporch-function-runner.jar").toAbsolutePath();
    assertThat(jar).as("packaged function runner jar (mvn package)").isRegularFile();
    return jar;
  }

  /** Starts a runner on a free port with further flags (e.g. {@code --config FILE}). */
  static FunctionRunnerProcess start(Path logDir, List<String> flags) {
    Path logFile = logDir.resolve("function-runner.log");
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new ArrayList<>(List.of(java, "-jar", jar().toString(), "--port", "0"));
    command.addAll(flags);
    Process process;
    Writer log;
    try {
      Files.createDirectories(logDir);
      log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
      log.write("$ " + String.join(" ", command) + "\n");
      process =
          new ProcessBuilder(command)
              .directory(logDir.toFile())
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the function runner", e);
    }
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("fn-runner-log")
        .start(
            () -> {
              try (log;
                  BufferedReader out =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  log.write(line + "\n");
                  log.flush();
                  Matcher m = SERVING.matcher(line);
                  if (m.find()) {
                    ready.complete(m.group(1));
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              } finally {
                ready.completeExceptionally(new IllegalStateException("runner output ended"));
              }
            });
    try {
      String address = ready.get(JporchProcess.STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return new FunctionRunnerProcess(process, address, logFile);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new AssertionError("function runner did not start; log " + logFile, e);
    }
  }

  /** {@code 127.0.0.1:<port>}, for the server's {@code --function-runner}. */
  String address() {
    return address;
  }

  Path logFile() {
    return logFile;
  }

  /** SIGTERM, then SIGKILL after the stop timeout. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(JporchProcess.STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
