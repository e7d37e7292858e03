package io.jporch.server.support;

import io.jporch.server.PorchServer;
import io.jporch.server.ServerConfig;
import io.jporch.testing.fake.FakeRepositoryFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An in-process server on a free port over fake repositories, plus a client for it. Closing stops
 * the server; {@link #restart()} starts a new one on the same data directory and fakes.
 */
public final class ServerFixture implements AutoCloseable {
  private final Path dataDir;
  private final FakeRepositoryFactory factory;
  private PorchServer server;
  private PorchServer.Backend backend;
  private ApiClient client;

  private final long maxBodyBytes;

  private ServerFixture(Path dataDir, FakeRepositoryFactory factory, long maxBodyBytes) {
    this.dataDir = dataDir;
    this.factory = factory;
    this.maxBodyBytes = maxBodyBytes;
    start();
  }

  /** Starts a server in {@code dataDir} with fresh fake repositories. */
  public static ServerFixture start(Path dataDir) {
    return new ServerFixture(dataDir, new FakeRepositoryFactory(), 0);
  }

  /** Starts a server whose request bodies may not exceed {@code maxBodyBytes}. */
  public static ServerFixture start(Path dataDir, long maxBodyBytes) {
    return new ServerFixture(dataDir, new FakeRepositoryFactory(), maxBodyBytes);
  }

  private void start() {
    ServerConfig config =
        new ServerConfig(dataDir, "127.0.0.1", 0, null, Duration.ofSeconds(10), maxBodyBytes);
    backend = TestBackends.fake(factory, dataDir);
    server = PorchServer.start(config, backend);
    client = new ApiClient(server);
  }

  /** Stops the server and starts another one on the same data directory. */
  public void restart() {
    server.close();
    start();
  }

  public PorchServer server() {
    return server;
  }

  /** The layers below the API of the running server (cache, engine, change journal). */
  public PorchServer.Backend backend() {
    return backend;
  }

  public ApiClient client() {
    return client;
  }

  public FakeRepositoryFactory repositories() {
    return factory;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    server.close();
  }
}
