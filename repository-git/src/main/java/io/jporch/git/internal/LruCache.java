package io.jporch.git.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A small thread-safe least-recently-used map for values derived from immutable Git objects. The
 * value is computed outside the lock, so two threads may compute the same value once each.
 */
final class LruCache<K, V> {
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<K, V> map;

  LruCache(int capacity) {
    this.map =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  V get(K key) {
    lock.lock();
    try {
      return map.get(key);
    } finally {
      lock.unlock();
    }
  }

  void put(K key, V value) {
    lock.lock();
    try {
      map.put(key, value);
    } finally {
      lock.unlock();
    }
  }

  /** The cached value, or the computed one (then cached); {@code compute} must not return null. */
  V computeIfAbsent(K key, Function<K, V> compute) {
    V value = get(key);
    if (value == null) {
      value = compute.apply(key);
      put(key, value);
    }
    return value;
  }
}
