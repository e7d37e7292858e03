package io.jporch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void nearestRankPercentiles() {
    Latencies l = Latencies.of(List.of(50L, 10L, 40L, 20L, 30L, 60L, 70L, 80L, 90L, 100L));
    assertThat(l.count()).isEqualTo(10);
    assertThat(l.percentile(50)).isEqualTo(50);
    assertThat(l.percentile(95)).isEqualTo(100);
    assertThat(l.percentile(10)).isEqualTo(10);
    assertThat(l.percentile(11)).isEqualTo(20);
    assertThat(l.min()).isEqualTo(10);
    assertThat(l.max()).isEqualTo(100);
    assertThat(l.mean()).isEqualTo(55);
  }

  @Test
  void singleSampleIsEveryPercentile() {
    Latencies l = Latencies.of(7_000_000L);
    assertThat(l.percentile(1)).isEqualTo(7_000_000L);
    assertThat(l.percentile(100)).isEqualTo(7_000_000L);
  }

  @Test
  void rejectsNoSamplesAndBadPercentiles() {
    assertThatThrownBy(() -> Latencies.of(new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Latencies.of(1L).percentile(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Latencies.of(1L).percentile(101))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsMilliseconds() {
    assertThat(Latencies.ms(7_345_000L)).isEqualTo("7.3");
    assertThat(Latencies.ms(1_520_400_000L)).isEqualTo("1520");
  }
}
