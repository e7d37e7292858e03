package io.jporch.cache;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How the cache keeps open repositories in step with their remotes in the background.
 *
 * @param defaultPeriod time between two syncs of a repository without a (valid) {@code
 *     spec.sync.schedule}; Porch's repository controller uses 1 h for a full sync
 * @param syncTimeout upper bound of one sync (fetch, re-list); it becomes the deadline of the
 *     sync's requests, so a hanging remote cannot block its repository for longer
 * @param initialBackoff wait before retrying a failed sync; doubled after every further failure
 * @param maxBackoff upper bound of that wait
 * @param zone time zone of cron schedules without {@code CRON_TZ=}
 */
public record SyncOptions(
    Duration defaultPeriod,
    Duration syncTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    ZoneId zone) {
  public SyncOptions {
    positive(defaultPeriod, "defaultPeriod");
    positive(syncTimeout, "syncTimeout");
    positive(initialBackoff, "initialBackoff");
    positive(maxBackoff, "maxBackoff");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
    }
    zone = zone == null ? ZoneId.systemDefault() : zone;
  }

  /** A sync every {@code period}; 60 s timeout, back-off from 5 s to 10 min, local time zone. */
  public static SyncOptions every(Duration period) {
    return new SyncOptions(
        period, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMinutes(10), null);
  }

  /**
   * These options with another {@code maxBackoff} (and {@code initialBackoff} if it was longer).
   */
  public SyncOptions withMaxBackoff(Duration value) {
    Duration initial = initialBackoff.compareTo(value) > 0 ? value : initialBackoff;
    return new SyncOptions(defaultPeriod, syncTimeout, initial, value, zone);
  }

  private static void positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
