package io.jporch.cache;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A standard 5-field cron schedule ({@code minute hour day-of-month month day-of-week}), read as
 * Porch reads {@code spec.sync.schedule} (robfig/cron {@code ParseStandard}): lists ({@code 1,5}),
 * ranges ({@code 1-5}), steps ({@code *}{@code /15}, {@code 1-30/2}, {@code 5/10} meaning {@code
 * 5-max/10}), {@code *} and {@code ?}, month names {@code JAN}–{@code DEC} and day names {@code
 * SUN}–{@code SAT} (day of week 0–6, Sunday is 0), the descriptors {@code @yearly}, {@code
 * @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly}
 * and {@code @every <duration>} (Go duration syntax such as {@code 1h30m}), and an optional {@code
 * CRON_TZ=<zone>} or {@code TZ=<zone>} prefix. When both day fields are restricted a day matching
 * either is due; when either is {@code *} or {@code ?} both must match (Vixie cron's rule, as
 * robfig/cron applies it).
 *
 * <p>Immutable and thread-safe.
 */
public final class CronSchedule {
  private static final int SEARCH_YEARS = 5;
  private static final Map<String, String> DESCRIPTORS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private final String expression;
  private final ZoneId zone;
  private final Duration every; // non-null for @every
  private final Field minutes;
  private final Field hours;
  private final Field daysOfMonth;
  private final Field months;
  private final Field daysOfWeek;

  private CronSchedule(String expression, ZoneId zone, Duration every, Field[] fields) {
    this.expression = expression;
    this.zone = zone;
    this.every = every;
    this.minutes = fields == null ? null : fields[0];
    this.hours = fields == null ? null : fields[1];
    this.daysOfMonth = fields == null ? null : fields[2];
    this.months = fields == null ? null : fields[3];
    this.daysOfWeek = fields == null ? null : fields[4];
  }

  /**
   * Parses {@code expression}, evaluating times in {@code defaultZone} unless it names its own.
   *
   * @throws IllegalArgumentException with a message naming the offending field
   */
  public static CronSchedule parse(String expression, ZoneId defaultZone) {
    Objects.requireNonNull(defaultZone, "defaultZone");
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("empty cron schedule");
    }
    String spec = expression.strip();
    ZoneId zone = defaultZone;
    if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
      int space = spec.indexOf(' ');
      String name = spec.substring(spec.indexOf('=') + 1, space < 0 ? spec.length() : space);
      try {
        zone = ZoneId.of(name);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("unknown time zone " + name);
      }
      spec = space < 0 ? "" : spec.substring(space + 1).strip();
    }
    if (spec.startsWith("@every")) {
      Duration every = GoDurations.parse(spec.substring("@every".length()).strip());
      if (every.compareTo(Duration.ofSeconds(1)) < 0) {
        every = Duration.ofSeconds(1);
      }
      return new CronSchedule(expression, zone, every.truncatedTo(ChronoUnit.SECONDS), null);
    }
    if (spec.startsWith("@")) {
      String replaced = DESCRIPTORS.get(spec.toLowerCase(Locale.ROOT));
      if (replaced == null) {
        throw new IllegalArgumentException("unrecognized descriptor " + spec);
      }
      spec = replaced;
    }
    String[] parts = spec.split("\\s+");
    if (parts.length != 5) {
      throw new IllegalArgumentException(
          "expected exactly 5 fields (minute hour day-of-month month day-of-week), found "
              + parts.length);
    }
    Field[] fields = {
      Field.parse("minute", parts[0], 0, 59, List.of()),
      Field.parse("hour", parts[1], 0, 23, List.of()),
      Field.parse("day-of-month", parts[2], 1, 31, List.of()),
      Field.parse("month", parts[3], 1, 12, MONTHS),
      Field.parse("day-of-week", parts[4], 0, 6, DAYS)
    };
    return new CronSchedule(expression, zone, null, fields);
  }

  /** The expression as given. */
  public String expression() {
    return expression;
  }

  /**
   * The first time strictly after {@code after} at which the schedule fires (at second 0 of a
   * minute; for {@code @every}, {@code after} plus the interval), or empty if it never fires within
   * five years (e.g. {@code 0 0 30 2 *}).
   */
  public Optional<Instant> next(Instant after) {
    if (every != null) {
      return Optional.of(after.truncatedTo(ChronoUnit.SECONDS).plus(every));
    }
    ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    int limit = t.getYear() + SEARCH_YEARS;
    while (t.getYear() <= limit) {
      if (!months.matches(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.matches(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.matches(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return Optional.of(t.toInstant());
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.matches(t.getDayOfMonth());
    boolean dow = daysOfWeek.matches(t.getDayOfWeek().getValue() % 7);
    if (daysOfMonth.star() || daysOfWeek.star()) {
      return dom && dow;
    }
    return dom || dow;
  }

  @Override
  public String toString() {
    return expression;
  }

  /** One field: the set of allowed values as bits, and whether it was written as * or ?. */
  private record Field(long bits, boolean star) {
    boolean matches(int value) {
      return (bits & (1L << value)) != 0;
    }

    static Field parse(String name, String text, int min, int max, List<String> names) {
      long bits = 0;
      boolean star = false;
      for (String part : text.split(",", -1)) {
        try {
          Range range = Range.parse(part, min, max, names);
          for (int v = range.start(); v <= range.end(); v += range.step()) {
            bits |= 1L << v;
          }
          star |= range.star();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(name + " \"" + text + "\": " + e.getMessage());
        }
      }
      return new Field(bits, star);
    }
  }

  /** {@code *}, {@code ?}, {@code N} or {@code N-M}, with an optional {@code /step}. */
  private record Range(int start, int end, int step, boolean star) {
    static Range parse(String text, int min, int max, List<String> names) {
      if (text.isEmpty()) {
        throw new IllegalArgumentException("empty value");
      }
      String[] rangeAndStep = text.split("/", -1);
      if (rangeAndStep.length > 2) {
        throw new IllegalArgumentException("too many slashes in " + text);
      }
      String range = rangeAndStep[0];
      int start;
      int end;
      boolean star = false;
      boolean single = false;
      if (range.equals("*") || range.equals("?")) {
        start = min;
        end = max;
        star = true;
      } else {
        String[] bounds = range.split("-", -1);
        if (bounds.length > 2) {
          throw new IllegalArgumentException("too many hyphens in " + range);
        }
        start = value(bounds[0], names);
        end = bounds.length == 2 ? value(bounds[1], names) : start;
        single = bounds.length == 1;
      }
      int step = 1;
      if (rangeAndStep.length == 2) {
        step = number(rangeAndStep[1]);
        if (step <= 0) {
          throw new IllegalArgumentException("step must be positive: " + rangeAndStep[1]);
        }
        if (single) {
          end = max; // "N/step" means "N-max/step"
        }
        if (step > 1) {
          star = false;
        }
      }
      if (start < min) {
        throw new IllegalArgumentException("value " + start + " below minimum " + min);
      }
      if (end > max) {
        throw new IllegalArgumentException("value " + end + " above maximum " + max);
      }
      if (start > end) {
        throw new IllegalArgumentException("range start " + start + " after end " + end);
      }
      return new Range(start, end, step, star);
    }

    private static int value(String text, List<String> names) {
      int index = names.indexOf(text.toUpperCase(Locale.ROOT));
      if (index >= 0) {
        return names.size() == 12 ? index + 1 : index;
      }
      return number(text);
    }

    private static int number(String text) {
      if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 9) {
        throw new IllegalArgumentException("not a number: \"" + text + "\"");
      }
      return Integer.parseInt(text);
    }
  }
}
