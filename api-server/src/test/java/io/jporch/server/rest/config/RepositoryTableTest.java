package io.jporch.server.rest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RepositoryTableTest {
  @Test
  void humanDurationMatchesKubernetes() {
    assertThat(RepositoryTable.humanDuration(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    assertThat(RepositoryTable.humanDuration(Duration.ofMillis(-500))).isEqualTo("0s");
    assertThat(RepositoryTable.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(RepositoryTable.humanDuration(Duration.ofSeconds(125))).isEqualTo("2m5s");
    assertThat(RepositoryTable.humanDuration(Duration.ofMinutes(9))).isEqualTo("9m");
    assertThat(RepositoryTable.humanDuration(Duration.ofMinutes(150))).isEqualTo("150m");
    assertThat(RepositoryTable.humanDuration(Duration.ofMinutes(5 * 60 + 7))).isEqualTo("5h7m");
    assertThat(RepositoryTable.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(RepositoryTable.humanDuration(Duration.ofHours(24 * 3 + 2))).isEqualTo("3d2h");
    assertThat(RepositoryTable.humanDuration(Duration.ofDays(100))).isEqualTo("100d");
    assertThat(RepositoryTable.humanDuration(Duration.ofDays(365 * 3 + 10))).isEqualTo("3y10d");
    assertThat(RepositoryTable.humanDuration(Duration.ofDays(365 * 9))).isEqualTo("9y");
  }
}
