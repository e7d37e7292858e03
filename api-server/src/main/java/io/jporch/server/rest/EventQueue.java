package io.jporch.server.rest;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Bounded hand-off between a change notifier (which must never block) and a watch stream. When a
 * slow client lets the queue fill up, the queue overflows: further offers are refused and the
 * stream ends, so the client re-lists, rather than the notifier waiting. Memory is only taken for
 * queued events, so a large capacity costs nothing while a client keeps up.
 */
public final class EventQueue<T> {
  private final LinkedBlockingQueue<T> queue;
  private volatile boolean overflowed;
  private volatile boolean closed;

  public EventQueue(int capacity) {
    this.queue = new LinkedBlockingQueue<>(capacity);
  }

  /** Enqueues without blocking; false once the queue overflowed or was closed. */
  public boolean offer(T event) {
    if (closed || overflowed) {
      return false;
    }
    if (!queue.offer(event)) {
      overflowed = true;
      return false;
    }
    return true;
  }

  /** The next event, or null if none arrived within {@code timeout}. */
  public T poll(Duration timeout) throws InterruptedException {
    return queue.poll(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** True once an offer was refused because the queue was full. */
  public boolean overflowed() {
    return overflowed;
  }

  /** Refuses further events. */
  public void close() {
    closed = true;
  }
}
