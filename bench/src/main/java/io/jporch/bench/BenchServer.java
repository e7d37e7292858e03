package io.jporch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.PorchServer;
import io.jporch.server.ServerConfig;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A jporch server started in this process ({@link PorchServer#start(ServerConfig)}: the standard
 * Git adapter, file metadata store, cache and engine) on a free loopback port with its own data
 * directory, and a {@link BenchClient} for it.
 */
public final class BenchServer implements AutoCloseable {
  public static final String PORCH = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/";
  public static final String CONFIG = "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/";
  public static final String PACKAGE_REVISIONS = PORCH + "packagerevisions";

  /** How long a Repository create waits for the repository to open before it answers. */
  private static final Duration OPEN_WAIT = Duration.ofMinutes(10);

  private final Path dataDir;
  private final HttpClient.Version version;
  private PorchServer server;
  private BenchClient client;

  private BenchServer(Path dataDir, HttpClient.Version version) {
    this.dataDir = dataDir;
    this.version = version;
    start();
  }

  /** Starts a server keeping its state in {@code dataDir}. */
  public static BenchServer start(Path dataDir, HttpClient.Version version) {
    return new BenchServer(dataDir, version);
  }

  private void start() {
    server = PorchServer.start(new ServerConfig(dataDir, "127.0.0.1", 0, null, OPEN_WAIT));
    client =
        new BenchClient(server.url(), server.tls().certificate(), server.token().reveal(), version);
  }

  /** Stops the server and starts it again on the same data directory; returns the start time. */
  public long restart() {
    server.close();
    long start = System.nanoTime();
    start();
    return System.nanoTime() - start;
  }

  public BenchClient client() {
    return client;
  }

  public PorchServer server() {
    return server;
  }

  /**
   * Registers a git Repository (namespace default) and returns the timed response; it answers once
   * the repository is open (Ready) or after {@link #OPEN_WAIT}.
   */
  public BenchClient.Timed register(String name, String url) {
    String body =
        """
        {"apiVersion":"config.porch.kpt.dev/v1alpha1","kind":"Repository",
         "metadata":{"name":"%s","namespace":"default"},
         "spec":{"type":"git","git":{"repo":"%s","branch":"main"}}}"""
            .formatted(name, url);
    BenchClient.Timed created =
        client.send("POST", CONFIG + "repositories", body, "application/json");
    created.expect(201, "registering repository " + name);
    String ready = created.json().at("/status/conditions/0/status").asText();
    if (!"True".equals(ready)) {
      throw new IllegalStateException(
          "repository " + name + " is not Ready: " + created.json().at("/status"));
    }
    return created;
  }

  /**
   * Lists package revisions (JSON) until the list holds {@code expected} items or {@code timeout}
   * passes; returns the first list that did, with its time.
   */
  public BenchClient.Timed awaitListed(int expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      BenchClient.Timed list = client.get(PACKAGE_REVISIONS, BenchClient.JSON_ACCEPT);
      list.expect(200, "listing package revisions");
      last = list.json().path("items").size();
      if (last == expected) {
        return list;
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException(
        "the server listed " + last + " package revisions, expected " + expected);
  }

  /** Number of items of a JSON list or rows of a Table. */
  public static int count(JsonNode list) {
    if (list.has("rows")) {
      return list.path("rows").size();
    }
    return list.path("items").size();
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
