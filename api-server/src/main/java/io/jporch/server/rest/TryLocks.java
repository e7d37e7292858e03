package io.jporch.server.rest;

import io.jporch.core.error.PorchException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Per-key try-locks: Porch's {@code getMutexForPackage(...).TryLock()}. A busy key fails at once
 * with the caller's exception (a 409 Conflict); there is no queueing.
 */
public final class TryLocks {
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** Takes the lock for {@code key}, or throws what {@code busy} supplies if it is held. */
  public Held tryLock(String key, Supplier<? extends PorchException> busy) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
      throw busy.get();
    }
    return new Held(lock);
  }

  /** A held lock; closing releases it. */
  public static final class Held implements AutoCloseable {
    private final ReentrantLock lock;

    private Held(ReentrantLock lock) {
      this.lock = lock;
    }

    @Override
    public void close() {
      lock.unlock();
    }
  }
}
