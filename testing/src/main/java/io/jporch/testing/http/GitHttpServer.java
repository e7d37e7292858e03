package io.jporch.testing.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Git smart-HTTP server for tests: serves every repository below a project root directory on
 * {@code http://127.0.0.1:<free port>/} (or {@code https://} with a {@link TestCertificate}), with
 * pushes allowed and, optionally, HTTP Basic or Bearer authentication ({@link HttpAuth}).
 *
 * <p>The protocol work is done by the real {@code git http-backend} (from the {@code git} package),
 * run as a CGI program by a small host on the JDK's {@code com.sun.net.httpserver}. A repository at
 * {@code <root>/team/blueprints.git} is addressed as {@code <baseUri>team/blueprints.git}; a
 * non-bare layout such as {@code <root>/simple/.git} works too ({@code <baseUri>simple/.git}).
 *
 * <pre>{@code
 * try (GitHttpServer server = GitHttpServer.start(root)) {
 *   server.createBareRepository("demo.git");
 *   String url = server.url("demo.git"); // http://127.0.0.1:PORT/demo.git
 * }
 * }</pre>
 */
public final class GitHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GitHttpServer.class);

  /** Longest time a single {@code git http-backend} invocation may run before it is killed. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private final Path projectRoot;
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<RequestRecord> requests;
  private final String scheme;

  private GitHttpServer(
      Path projectRoot,
      HttpServer server,
      ExecutorService executor,
      List<RequestRecord> requests,
      String scheme) {
    this.projectRoot = projectRoot;
    this.server = server;
    this.executor = executor;
    this.requests = requests;
    this.scheme = scheme;
  }

  /**
   * Starts a server for the repositories below {@code projectRoot} on a free loopback port.
   *
   * @param projectRoot existing directory holding the repositories
   * @return the running server; close it to stop it
   */
  public static GitHttpServer start(Path projectRoot) {
    return start(projectRoot, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * Starts a server for the repositories below {@code projectRoot} on a free loopback port.
   *
   * @param projectRoot existing directory holding the repositories
   * @param requestTimeout longest time one request may take
   * @return the running server; close it to stop it
   */
  public static GitHttpServer start(Path projectRoot, Duration requestTimeout) {
    return start(projectRoot, requestTimeout, HttpAuth.NONE, null);
  }

  /**
   * Starts a server that demands {@code auth} of every request.
   *
   * @param projectRoot existing directory holding the repositories
   * @param auth what a request must authenticate with
   * @return the running server; close it to stop it
   */
  public static GitHttpServer start(Path projectRoot, HttpAuth auth) {
    return start(projectRoot, DEFAULT_REQUEST_TIMEOUT, auth, null);
  }

  /**
   * Starts a server on {@code https://127.0.0.1:<free port>/} presenting {@code certificate}.
   *
   * @param projectRoot existing directory holding the repositories
   * @param auth what a request must authenticate with
   * @param certificate the server certificate; clients must trust {@link TestCertificate#pem()}
   * @return the running server; close it to stop it
   */
  public static GitHttpServer startHttps(
      Path projectRoot, HttpAuth auth, TestCertificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    return start(projectRoot, DEFAULT_REQUEST_TIMEOUT, auth, certificate);
  }

  private static GitHttpServer start(
      Path projectRoot, Duration requestTimeout, HttpAuth auth, TestCertificate certificate) {
    Objects.requireNonNull(projectRoot, "projectRoot");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(auth, "auth");
    Path root = projectRoot.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("project root is not a directory: " + root);
    }
    List<RequestRecord> requests = new CopyOnWriteArrayList<>();
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    HttpServer server;
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      if (certificate == null) {
        server = HttpServer.create(address, 0);
      } else {
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        server = https;
      }
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot bind a loopback port for the Git HTTP server", e);
    }
    server.createContext("/", new CgiGitHandler(root, requestTimeout, auth, requests::add));
    server.setExecutor(executor);
    server.start();
    GitHttpServer started =
        new GitHttpServer(root, server, executor, requests, certificate == null ? "http" : "https");
    log.info("git http-backend for {} serving on {}", root, started.baseUri());
    return started;
  }

  /** Returns the directory whose repositories are served. */
  public Path projectRoot() {
    return projectRoot;
  }

  /** Returns the TCP port the server listens on (on 127.0.0.1). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns {@code http://127.0.0.1:<port>/} (or {@code https://...}). */
  public URI baseUri() {
    return URI.create(scheme + "://127.0.0.1:" + port() + "/");
  }

  /**
   * Returns the clone URL of a repository below the project root.
   *
   * @param relativePath path relative to the project root, e.g. {@code demo.git} or {@code
   *     simple/.git}
   * @return e.g. {@code http://127.0.0.1:PORT/demo.git}
   */
  public String url(String relativePath) {
    String path = relativePath.startsWith("/") ? relativePath.substring(1) : relativePath;
    return baseUri() + path;
  }

  /**
   * Creates an empty bare repository (initial branch {@code main}) below the project root.
   *
   * @param relativePath path relative to the project root, e.g. {@code demo.git}
   * @return the repository directory
   */
  public Path createBareRepository(String relativePath) {
    Path dir = projectRoot.resolve(relativePath).normalize();
    if (!dir.startsWith(projectRoot)) {
      throw new IllegalArgumentException("repository path escapes the project root: " + dir);
    }
    GitProcesses.run(
        projectRoot, Duration.ofSeconds(30), "git", "init", "--bare", "-q", "-b", "main", "" + dir);
    return dir;
  }

  /** Returns the requests served so far, oldest first. */
  public List<RequestRecord> requests() {
    return List.copyOf(requests);
  }

  /** Stops the server; requests in flight get a short grace period. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("git http-backend requests still running after shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One request served by the server.
   *
   * @param method HTTP method
   * @param path request path (decoded)
   * @param query raw query string, empty when absent
   * @param contentEncoding request {@code Content-Encoding}, empty when absent
   * @param chunked whether the request body had no {@code Content-Length}
   * @param status HTTP status code answered
   */
  public record RequestRecord(
      String method,
      String path,
      String query,
      String contentEncoding,
      boolean chunked,
      int status) {}
}
