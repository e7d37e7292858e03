package io.jporch.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * A set of latency samples in nanoseconds, with nearest-rank percentiles (the p-th percentile is
 * the smallest sample with at least p% of the samples at or below it).
 */
public final class Latencies {
  private final long[] sorted;

  private Latencies(long[] samples) {
    this.sorted = samples.clone();
    Arrays.sort(this.sorted);
  }

  /** The summary of {@code samples} (nanoseconds); there must be at least one. */
  public static Latencies of(long... samples) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    return new Latencies(samples);
  }

  /** The summary of {@code samples} (nanoseconds); there must be at least one. */
  public static Latencies of(Collection<Long> samples) {
    return of(samples.stream().mapToLong(Long::longValue).toArray());
  }

  public int count() {
    return sorted.length;
  }

  /** Nearest-rank percentile, {@code 0 < p <= 100}, in nanoseconds. */
  public long percentile(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  public long min() {
    return sorted[0];
  }

  public long max() {
    return sorted[sorted.length - 1];
  }

  public long mean() {
    long sum = 0;
    for (long s : sorted) {
      sum += s;
    }
    return sum / sorted.length;
  }

  /** Milliseconds with one decimal below 100 ms, none above (e.g. {@code 7.3}, {@code 1520}). */
  public static String ms(long nanos) {
    double ms = nanos / 1_000_000.0;
    return ms < 100
        ? String.format(Locale.ROOT, "%.1f", ms)
        : String.format(Locale.ROOT, "%.0f", ms);
  }

  @Override
  public String toString() {
    return "n="
        + count()
        + " p50="
        + ms(percentile(50))
        + "ms p95="
        + ms(percentile(95))
        + "ms p99="
        + ms(percentile(99))
        + "ms max="
        + ms(max())
        + "ms";
  }
}
