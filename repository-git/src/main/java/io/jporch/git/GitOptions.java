package io.jporch.git;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the Git adapter.
 *
 * @param retryAttempts how often a fetch or push is tried before giving up (Porch's {@code
 *     --repo-operation-retry-attempts}, default 3)
 * @param transportTimeout upper bound of one network operation; a shorter request deadline wins
 * @param lockTimeout upper bound of the wait for the per-clone lock when the request has no
 *     deadline
 */
public record GitOptions(int retryAttempts, Duration transportTimeout, Duration lockTimeout) {
  /** Porch's defaults: 3 attempts, 60 s per network operation, 5 min lock wait at most. */
  public static final GitOptions DEFAULTS =
      new GitOptions(3, Duration.ofSeconds(60), Duration.ofMinutes(5));

  public GitOptions {
    if (retryAttempts < 1) {
      throw new IllegalArgumentException("retryAttempts must be at least 1: " + retryAttempts);
    }
    Objects.requireNonNull(transportTimeout, "transportTimeout");
    Objects.requireNonNull(lockTimeout, "lockTimeout");
  }
}
