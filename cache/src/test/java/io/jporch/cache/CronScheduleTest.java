package io.jporch.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {
  private static String next(String expression, String after) {
    return CronSchedule.parse(expression, ZoneOffset.UTC)
        .next(Instant.parse(after))
        .map(Instant::toString)
        .orElse("never");
  }

  @ParameterizedTest(name = "{0} after {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // every minute, strictly after, at second 0
        "* * * * *         | 2026-03-10T10:00:00Z     | 2026-03-10T10:01:00Z",
        "* * * * *         | 2026-03-10T10:00:59.999Z | 2026-03-10T10:01:00Z",
        "*/15 * * * *      | 2026-03-10T10:07:00Z     | 2026-03-10T10:15:00Z",
        "*/15 * * * *      | 2026-03-10T10:45:00Z     | 2026-03-10T11:00:00Z",
        "5/20 * * * *      | 2026-03-10T10:26:00Z     | 2026-03-10T10:45:00Z",
        "0 */6 * * *       | 2026-03-10T13:00:00Z     | 2026-03-10T18:00:00Z",
        "30 2 * * *        | 2026-03-10T02:30:00Z     | 2026-03-11T02:30:00Z",
        "0 9-17/4 * * *    | 2026-03-10T10:00:00Z     | 2026-03-10T13:00:00Z",
        "0 0 1,15 * *      | 2026-03-02T00:00:00Z     | 2026-03-15T00:00:00Z",
        "0 0 1 JAN *       | 2026-03-10T00:00:00Z     | 2027-01-01T00:00:00Z",
        "0 0 * * MON-FRI   | 2026-03-14T12:00:00Z     | 2026-03-16T00:00:00Z",
        "0 0 * * sun       | 2026-03-10T00:00:00Z     | 2026-03-15T00:00:00Z",
        "0 0 ? * 0         | 2026-03-10T00:00:00Z     | 2026-03-15T00:00:00Z",
        // both day fields restricted: either matches (the 13th, or a Friday)
        "0 0 13 * 5        | 2026-03-01T00:00:00Z     | 2026-03-06T00:00:00Z",
        "0 0 13 * 5        | 2026-03-07T00:00:00Z     | 2026-03-13T00:00:00Z",
        // day-of-week with a step is restricted too
        "0 0 1 * */2       | 2026-03-01T00:00:00Z     | 2026-03-03T00:00:00Z",
        // leap day
        "0 0 29 2 *        | 2026-03-01T00:00:00Z     | 2028-02-29T00:00:00Z",
        "0 0 30 2 *        | 2026-03-01T00:00:00Z     | never",
        "@hourly           | 2026-03-10T10:30:00Z     | 2026-03-10T11:00:00Z",
        "@daily            | 2026-03-10T10:30:00Z     | 2026-03-11T00:00:00Z",
        "@weekly           | 2026-03-10T10:30:00Z     | 2026-03-15T00:00:00Z",
        "@monthly          | 2026-03-10T10:30:00Z     | 2026-04-01T00:00:00Z",
        "@yearly           | 2026-03-10T10:30:00Z     | 2027-01-01T00:00:00Z",
        "@every 1h30m      | 2026-03-10T10:30:00.5Z   | 2026-03-10T12:00:00Z",
        "@every 90s        | 2026-03-10T10:30:00Z     | 2026-03-10T10:31:30Z",
        "@every 100ms      | 2026-03-10T10:30:00Z     | 2026-03-10T10:30:01Z",
        "CRON_TZ=Europe/Berlin 0 9 * * * | 2026-03-10T00:00:00Z | 2026-03-10T08:00:00Z",
        "TZ=Asia/Tokyo 0 0 * * *         | 2026-03-10T00:00:00Z | 2026-03-10T15:00:00Z",
      })
  void nextRun(String expression, String after, String expected) {
    assertThat(next(expression.strip(), after.strip())).isEqualTo(expected.strip());
  }

  @Test
  void defaultZoneApplies() {
    CronSchedule daily = CronSchedule.parse("0 0 * * *", ZoneId.of("America/New_York"));
    assertThat(daily.next(Instant.parse("2026-07-01T12:00:00Z")))
        .contains(Instant.parse("2026-07-02T04:00:00Z"));
    assertThat(daily.expression()).isEqualTo("0 0 * * *");
  }

  @Test
  void daylightSavingGapIsSkipped() {
    // 02:30 does not exist in Berlin on 2026-03-29; the next 02:30 is on the 30th.
    CronSchedule s = CronSchedule.parse("30 2 * * *", ZoneId.of("Europe/Berlin"));
    Instant next = s.next(Instant.parse("2026-03-28T02:00:00Z")).orElseThrow();
    assertThat(next).isAfter(Instant.parse("2026-03-28T02:00:00Z"));
    assertThat(next.atZone(ZoneId.of("Europe/Berlin")).getMinute()).isEqualTo(30);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "* * * *",
        "* * * * * *",
        "60 * * * *",
        "* 24 * * *",
        "* * 0 * *",
        "* * 32 * *",
        "* * * 13 *",
        "* * * * 7",
        "5-1 * * * *",
        "*/0 * * * *",
        "a * * * *",
        "1,,2 * * * *",
        "1-2-3 * * * *",
        "@sometimes",
        "@every",
        "@every 5x",
        "@every -5m",
        "TZ=Nowhere/City * * * * *"
      })
  void invalidExpressionsAreRefused(String expression) {
    assertThatThrownBy(() -> CronSchedule.parse(expression, ZoneOffset.UTC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("null");
  }

  @Test
  void messagesNameTheField() {
    assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *", ZoneOffset.UTC))
        .hasMessageContaining("hour")
        .hasMessageContaining("25");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 * FOO *", ZoneOffset.UTC))
        .hasMessageContaining("month");
  }
}
