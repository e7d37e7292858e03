package io.jporch.fn.grpc;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link GrpcFunctionRuntime}: where the function runner is and how to call it.
 *
 * @param address the runner's {@code host:port} (Porch's {@code --function-runner}); any gRPC
 *     target string works, e.g. {@code dns:///runner:9445}
 * @param maxMessageBytes the largest request and response message, in bytes (Porch uses the
 *     server's {@code --max-request-body-size}, 6 MiB by default)
 * @param timeout the most one evaluation may take, retries included
 * @param maxAttempts how often a call that found the runner unavailable is tried in all
 * @param initialBackoff the pause before the first retry; it doubles for every further one
 * @param maxBackoff the longest pause between two attempts
 */
public record GrpcRuntimeOptions(
    String address,
    int maxMessageBytes,
    Duration timeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff) {
  /** Porch's default message limit, 6 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 6 * 1024 * 1024;

  /** The API server's request timeout in Porch (291 s), which bounds its gRPC calls. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(291);

  public GrpcRuntimeOptions {
    Objects.requireNonNull(address, "address");
    if (address.isBlank()) {
      throw new IllegalArgumentException(
          "address is required to instantiate gRPC function runtime");
    }
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException(
          "the function runner's message limit must be positive, got " + maxMessageBytes);
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException(
          "the function runner timeout must be positive, got " + timeout);
    }
    maxAttempts = Math.max(1, maxAttempts);
    initialBackoff = initialBackoff == null ? Duration.ofMillis(100) : initialBackoff;
    maxBackoff = maxBackoff == null ? Duration.ofSeconds(2) : maxBackoff;
  }

  /** The runner at {@code address} with the defaults: 6 MiB, 291 s, 5 attempts, 100 ms..2 s. */
  public static GrpcRuntimeOptions of(String address) {
    return new GrpcRuntimeOptions(
        address, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_TIMEOUT, 5, null, null);
  }

  /** These options with another message limit. */
  public GrpcRuntimeOptions withMaxMessageBytes(int bytes) {
    return new GrpcRuntimeOptions(address, bytes, timeout, maxAttempts, initialBackoff, maxBackoff);
  }

  /** These options with another timeout. */
  public GrpcRuntimeOptions withTimeout(Duration value) {
    return new GrpcRuntimeOptions(
        address, maxMessageBytes, value, maxAttempts, initialBackoff, maxBackoff);
  }

  /** These options with another retry policy for an unavailable runner. */
  public GrpcRuntimeOptions withRetries(int attempts, Duration initial, Duration max) {
    return new GrpcRuntimeOptions(address, maxMessageBytes, timeout, attempts, initial, max);
  }
}
