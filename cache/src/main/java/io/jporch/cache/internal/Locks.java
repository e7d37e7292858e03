package io.jporch.cache.internal;

import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ServiceUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** Lock acquisition bounded by the request deadline: callers never wait forever. */
public final class Locks {
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

  private Locks() {}

  /**
   * Acquires {@code lock} before the request's deadline (or within a minute when it has none).
   *
   * @throws ServiceUnavailableException if the lock could not be acquired in time
   */
  public static void acquire(ReentrantLock lock, RequestContext ctx, String what) {
    long waitMillis = DEFAULT_WAIT.toMillis();
    if (ctx != null && ctx.deadline() != null) {
      waitMillis = Math.max(0, Duration.between(Instant.now(), ctx.deadline()).toMillis());
    }
    try {
      if (lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException(null, "interrupted while waiting for " + what, e);
    }
    throw new ServiceUnavailableException(null, "timed out waiting for " + what);
  }
}
