package io.jporch.server;

import io.jporch.fn.grpc.GrpcRuntimeOptions;
import io.jporch.server.auth.AuthOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a standalone jporch server.
 *
 * @param dataDir where TLS material, the token, Repository objects, package metadata and Git clones
 *     live
 * @param bindAddress address to listen on
 * @param port port to listen on; 0 picks a free port
 * @param kubeconfig where to write the kubeconfig for kubectl
 * @param repositoryOpenWait how long a Repository create/update waits for the repository to open
 *     before answering (it keeps opening in the background)
 * @param maxRequestBodyBytes the largest request body accepted (larger ones get 413); 0 or less
 *     means the default, 6 MiB as in kube-apiserver and Porch
 * @param auth authentication and authorization settings (null: {@link AuthOptions#DEFAULTS})
 * @param functionRunner the function runner that runs the functions that are not builtin (Porch's
 *     {@code --function-runner}), or null: such functions then fail to render
 */
public record ServerConfig(
    Path dataDir,
    String bindAddress,
    int port,
    Path kubeconfig,
    Duration repositoryOpenWait,
    long maxRequestBodyBytes,
    AuthOptions auth,
    GrpcRuntimeOptions functionRunner) {
  public static final int DEFAULT_PORT = 9443;
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 6L * 1024 * 1024;

  /** Settings without a function runner. */
  public ServerConfig(
      Path dataDir,
      String bindAddress,
      int port,
      Path kubeconfig,
      Duration repositoryOpenWait,
      long maxRequestBodyBytes,
      AuthOptions auth) {
    this(
        dataDir,
        bindAddress,
        port,
        kubeconfig,
        repositoryOpenWait,
        maxRequestBodyBytes,
        auth,
        null);
  }

  /** Settings with the default authentication and authorization. */
  public ServerConfig(
      Path dataDir,
      String bindAddress,
      int port,
      Path kubeconfig,
      Duration repositoryOpenWait,
      long maxRequestBodyBytes) {
    this(dataDir, bindAddress, port, kubeconfig, repositoryOpenWait, maxRequestBodyBytes, null);
  }

  /** Settings with the default request body limit. */
  public ServerConfig(
      Path dataDir, String bindAddress, int port, Path kubeconfig, Duration repositoryOpenWait) {
    this(dataDir, bindAddress, port, kubeconfig, repositoryOpenWait, 0);
  }

  public ServerConfig {
    maxRequestBodyBytes =
        maxRequestBodyBytes <= 0 ? DEFAULT_MAX_REQUEST_BODY_BYTES : maxRequestBodyBytes;
    Objects.requireNonNull(dataDir, "dataDir");
    dataDir = dataDir.toAbsolutePath().normalize();
    bindAddress = bindAddress == null || bindAddress.isBlank() ? DEFAULT_BIND_ADDRESS : bindAddress;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    kubeconfig =
        kubeconfig == null
            ? dataDir.resolve("kubeconfig")
            : kubeconfig.toAbsolutePath().normalize();
    repositoryOpenWait = repositoryOpenWait == null ? Duration.ofSeconds(20) : repositoryOpenWait;
    auth = auth == null ? AuthOptions.DEFAULTS : auth;
  }

  /** These settings with {@code options} for the function runner (null: none). */
  public ServerConfig withFunctionRunner(GrpcRuntimeOptions options) {
    return new ServerConfig(
        dataDir,
        bindAddress,
        port,
        kubeconfig,
        repositoryOpenWait,
        maxRequestBodyBytes,
        auth,
        options);
  }

  /** Defaults for everything but the data directory and port. */
  public static ServerConfig of(Path dataDir, int port) {
    return new ServerConfig(dataDir, DEFAULT_BIND_ADDRESS, port, null, null);
  }

  /** The host clients should use: loopback when listening on every interface. */
  public String clientHost() {
    return switch (bindAddress) {
      case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
      default -> bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
    };
  }
}
