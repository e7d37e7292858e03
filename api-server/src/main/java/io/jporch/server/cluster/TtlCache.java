package io.jporch.server.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Short-lived answers of the cluster (TokenReview, SubjectAccessReview), as k8s.io/apiserver's
 * delegating authenticator and authorizer cache them: an answer is reused for its TTL (which may
 * depend on the answer: allowed or denied), concurrent asks for the same key share one request, and
 * failures are not kept. At most {@code capacity} entries are held; beyond that expired ones are
 * dropped, and if none expired everything is.
 */
final class TtlCache<K, V> {
  /** {@code expiresAt} is 0 while the answer is awaited. */
  private record Entry<V>(CompletableFuture<V> value, AtomicLong expiresAt) {}

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Function<V, Duration> ttl;
  private final int capacity;
  private final LongSupplier clock;

  TtlCache(Function<V, Duration> ttl, int capacity, LongSupplier nanoClock) {
    this.ttl = ttl;
    this.capacity = capacity;
    this.clock = nanoClock;
  }

  /** The cached answer for {@code key}, or the one {@code load} starts. */
  CompletableFuture<V> get(K key, Function<K, CompletableFuture<V>> load) {
    long now = clock.getAsLong();
    Entry<V> held = entries.get(key);
    if (held != null && (held.expiresAt().get() == 0 || now - held.expiresAt().get() < 0)) {
      return held.value(); // in flight (expiresAt 0) or still fresh
    }
    if (entries.size() >= capacity) {
      entries.values().removeIf(e -> e.expiresAt().get() != 0 && now - e.expiresAt().get() >= 0);
      if (entries.size() >= capacity) {
        entries.clear();
      }
    }
    CompletableFuture<V> started = new CompletableFuture<>();
    Entry<V> mine = new Entry<>(started, new AtomicLong(0));
    Entry<V> raced = held == null ? entries.putIfAbsent(key, mine) : replace(key, held, mine);
    if (raced != null) {
      return raced.value();
    }
    load.apply(key)
        .whenComplete(
            (value, error) -> {
              if (error != null) {
                entries.remove(key, mine);
                started.completeExceptionally(error);
              } else {
                long expires = clock.getAsLong() + ttl.apply(value).toNanos();
                mine.expiresAt().set(expires == 0 ? 1 : expires);
                started.complete(value);
              }
            });
    return started;
  }

  /** Puts {@code mine} in place of the expired {@code held}; returns the winner if another did. */
  private Entry<V> replace(K key, Entry<V> held, Entry<V> mine) {
    if (entries.replace(key, held, mine)) {
      return null;
    }
    Entry<V> other = entries.putIfAbsent(key, mine);
    return other;
  }

  int size() {
    return entries.size();
  }
}
