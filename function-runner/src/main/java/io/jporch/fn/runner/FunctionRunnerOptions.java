package io.jporch.fn.runner;

import java.time.Duration;

/**
 * Settings of the function runner's gRPC server.
 *
 * @param bindAddress the address to listen on (Porch listens on every interface; jporch on loopback
 *     unless told otherwise)
 * @param port the port; 0 picks a free one (Porch's default is 9445)
 * @param maxMessageBytes the largest request and response message (Porch's {@code
 *     --max-request-body-size}, 6 MiB)
 * @param maxConcurrent how many evaluations run at once; further calls wait for a slot
 * @param maxEvaluationTime the most one evaluation may take, even when the client set no deadline
 */
public record FunctionRunnerOptions(
    String bindAddress,
    int port,
    int maxMessageBytes,
    int maxConcurrent,
    Duration maxEvaluationTime) {
  public static final int DEFAULT_PORT = 9445;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 6 * 1024 * 1024;

  public FunctionRunnerOptions {
    bindAddress = bindAddress == null || bindAddress.isBlank() ? "127.0.0.1" : bindAddress;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
    }
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException(
          "--max-request-body-size must be positive, got " + maxMessageBytes);
    }
    if (maxConcurrent <= 0) {
      throw new IllegalArgumentException(
          "--max-concurrent-evaluations must be positive, got " + maxConcurrent);
    }
    maxEvaluationTime = maxEvaluationTime == null ? Duration.ofMinutes(5) : maxEvaluationTime;
    if (maxEvaluationTime.isZero() || maxEvaluationTime.isNegative()) {
      throw new IllegalArgumentException(
          "--max-evaluation-time must be positive, got " + maxEvaluationTime);
    }
  }

  /** Loopback, {@code port}, 6 MiB, 4 concurrent evaluations, 5 minutes. */
  public static FunctionRunnerOptions of(int port) {
    return new FunctionRunnerOptions("127.0.0.1", port, DEFAULT_MAX_MESSAGE_BYTES, 4, null);
  }

  /** These options with another concurrency limit. */
  public FunctionRunnerOptions withMaxConcurrent(int value) {
    return new FunctionRunnerOptions(bindAddress, port, maxMessageBytes, value, maxEvaluationTime);
  }

  /** These options with another message limit. */
  public FunctionRunnerOptions withMaxMessageBytes(int value) {
    return new FunctionRunnerOptions(bindAddress, port, value, maxConcurrent, maxEvaluationTime);
  }
}
