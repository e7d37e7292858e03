package io.jporch.server.http;

import io.jporch.server.tls.TlsMaterial;
import java.time.Duration;
import java.util.List;

/** Network and limit settings of the HTTPS API server. */
public record ApiServerOptions(
    String bindAddress,
    int port,
    TlsMaterial tls,
    long maxBodyBytes,
    Duration requestTimeout,
    List<ReadinessCheck> readiness) {
  /** Porch's {@code --max-request-body-size} default: 6 MiB. */
  public static final long DEFAULT_MAX_BODY = 6L * 1024 * 1024;

  /** The same options with another request body limit. */
  public ApiServerOptions withMaxBodyBytes(long value) {
    return new ApiServerOptions(bindAddress, port, tls, value, requestTimeout, readiness);
  }

  /** The same options with the conditions {@code /readyz} waits for. */
  public ApiServerOptions withReadiness(List<ReadinessCheck> checks) {
    return new ApiServerOptions(
        bindAddress, port, tls, maxBodyBytes, requestTimeout, List.copyOf(checks));
  }

  /** Defaults for everything but address, port and certificate. */
  public static ApiServerOptions of(String bindAddress, int port, TlsMaterial tls) {
    return new ApiServerOptions(
        bindAddress, port, tls, DEFAULT_MAX_BODY, Duration.ofMinutes(5), List.of());
  }
}
