package io.jporch.cache;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} syntax: {@code 1h30m}, {@code 90s}, {@code 1.5h}, {@code 500ms}.
 */
public final class GoDurations {
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "μs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDurations() {}

  /** Parses {@code text}; fails with {@link IllegalArgumentException} if it is not a duration. */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("missing duration");
    }
    String body = text.startsWith("+") ? text.substring(1) : text;
    if (body.startsWith("-")) {
      throw new IllegalArgumentException("negative duration " + text);
    }
    if (body.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(body);
    BigDecimal nanos = BigDecimal.ZERO;
    int position = 0;
    while (position < body.length()) {
      if (!m.find(position) || m.start() != position) {
        throw new IllegalArgumentException("invalid duration " + text);
      }
      nanos =
          nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
      position = m.end();
    }
    return Duration.ofNanos(nanos.longValueExact());
  }
}
