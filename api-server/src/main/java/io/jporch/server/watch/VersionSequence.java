package io.jporch.server.watch;

/**
 * Hands out the resourceVersions of one resource type: a number that grows with every change and
 * never goes back, not even across a restart. {@link #start()} is the version of the state the
 * server started with; {@link #next()} numbers a change. Implementations are thread-safe.
 */
public interface VersionSequence {
  /** The version of the start state: above every version handed out before the start. */
  long start();

  /** The next version; greater than every version handed out before. */
  long next();

  /** A sequence kept in memory only (tests, or a server without a data directory). */
  static VersionSequence inMemory() {
    return new VersionSequence() {
      private final java.util.concurrent.atomic.AtomicLong last =
          new java.util.concurrent.atomic.AtomicLong(1);

      @Override
      public long start() {
        return 1;
      }

      @Override
      public long next() {
        return last.incrementAndGet();
      }
    };
  }
}
