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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jporch server ({@code api-server/target/jporch-server.jar}) running as a separate
 * process in standalone mode, as a user would start it:
 *
 * <pre>java -jar jporch-server.jar serve --port 0 --data-dir DIR --write-kubeconfig DIR/kubeconfig
 * </pre>
 *
 * <p>It is started with the JDK running the tests, considered up when it prints {@code jporch:
 * serving on https://127.0.0.1:<port>}, and its combined stdout/stderr go to {@code
 * <logDir>/server-<n>.log} for diagnostics. {@link #close()} sends SIGTERM and kills it after a
 * timeout.
 */
final class JporchProcess implements AutoCloseable {
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern SERVING =
      Pattern.compile("jporch: serving on https://127\\.0\\.0\\.1:(\\d+)");
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final Process process;
  private final Path dataDir;
  private final Path kubeconfig;
  private final Path logFile;
  private final int port;

  private JporchProcess(Process process, Path dataDir, Path kubeconfig, Path logFile, int port) {
    this.process = process;
    this.dataDir = dataDir;
    this.kubeconfig = kubeconfig;
    this.logFile = logFile;
    this.port = port;
  }

  /** Path of the server jar: system property {@code jporch.serverJar} (set by failsafe). */
  static Path serverJar() {
    String configured = System.getProperty("jporch.serverJar");
    Path jar =
        configured != null
            ? Paths.get(configured)
            : Paths.get("target/jporch-server.jar").toAbsolutePath();
    assertThat(jar)
        .as("packaged server jar (run `mvn package` or ./porch build first)")
        .isRegularFile();
    assertThat(jar.resolveSibling("lib")).as("runtime libraries beside the jar").isDirectory();
    return jar;
  }

  /**
   * Starts a server on a free port with the given data directory; the kubeconfig is written to
   * {@code <dataDir>/kubeconfig} and the log to {@code <logDir>}.
   */
  static JporchProcess start(Path dataDir, Path logDir) {
    return start(dataDir, logDir, 0);
  }

  /**
   * Starts a server on {@code port} (0: a free one), e.g. the port of a previous server on the same
   * data directory, so that clients reconnect to the same URL.
   */
  static JporchProcess start(Path dataDir, Path logDir, int port) {
    return start(dataDir, logDir, port, List.of());
  }

  /**
   * Starts a server on {@code port} (0: a free one) with further {@code serve} flags (e.g. {@code
   * --token-auth-file FILE}).
   */
  static JporchProcess start(Path dataDir, Path logDir, int port, List<String> extraArgs) {
    return start(dataDir, logDir, port, extraArgs, List.of());
  }

  /**
   * Starts a server on {@code port} (0: a free one) with further {@code serve} flags and options
   * for its JVM (e.g. class data sharing, to start faster).
   */
  static JporchProcess start(
      Path dataDir, Path logDir, int port, List<String> extraArgs, List<String> jvmOptions) {
    try {
      Files.createDirectories(dataDir);
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path kubeconfig = dataDir.resolve("kubeconfig");
    Path logFile = logDir.resolve("server-" + COUNTER.incrementAndGet() + ".log");
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "cannot determine the java executable running the tests"));
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            serverJar().toString(),
            "serve",
            "--port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString(),
            "--write-kubeconfig",
            kubeconfig.toString()));
    command.addAll(extraArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dataDir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process;
    Writer log;
    try {
      log =
          Files.newBufferedWriter(
              logFile,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
      log.write("$ " + String.join(" ", command) + "\n");
      log.flush();
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the jporch server", e);
    }
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Thread.ofVirtual().name("jporch-server-log").start(() -> pump(process, log, ready));
    int bound;
    try {
      bound = ready.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
      throw new AssertionError(
          "jporch server did not print 'jporch: serving on https://127.0.0.1:<port>' within "
              + STARTUP_TIMEOUT
              + " (alive="
              + process.isAlive()
              + "); log "
              + logFile
              + ":\n"
              + tail(logFile, 60),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted while starting the server", e);
    }
    assertThat(kubeconfig).as("kubeconfig written by the server").isRegularFile();
    return new JporchProcess(process, dataDir, kubeconfig, logFile, bound);
  }

  private static void pump(Process process, Writer log, CompletableFuture<Integer> ready) {
    try (log;
        BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        log.write(line);
        log.write('\n');
        log.flush();
        Matcher matcher = SERVING.matcher(line);
        if (!ready.isDone() && matcher.find()) {
          ready.complete(Integer.parseInt(matcher.group(1)));
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    } finally {
      ready.completeExceptionally(new IllegalStateException("server output ended"));
    }
  }

  int port() {
    return port;
  }

  Path dataDir() {
    return dataDir;
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  Path logFile() {
    return logFile;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The last {@code lines} lines of the server log, for failure messages. */
  String logTail(int lines) {
    return "server log "
        + logFile
        + (process.isAlive() ? "" : " (server exited)")
        + ":\n"
        + tail(logFile, lines);
  }

  /** A kubectl bound to this server's kubeconfig. */
  Kubectl kubectl() {
    return new Kubectl(
        kubeconfig,
        dataDir.resolveSibling(dataDir.getFileName() + "-kubecache-" + port),
        () -> logTail(40));
  }

  /** A kubectl bound to another kubeconfig (e.g. another user's) for this server. */
  Kubectl kubectl(Path otherKubeconfig) {
    return new Kubectl(
        otherKubeconfig,
        dataDir.resolveSibling(otherKubeconfig.getFileName() + "-kubecache-" + port),
        () -> logTail(40));
  }

  /**
   * Kills the server at once ({@code kill -9}: no shutdown hook, no flush) and waits until it is
   * gone.
   */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("server " + process.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while killing the server", e);
    }
  }

  /** Stops the server: SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(
          "\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
