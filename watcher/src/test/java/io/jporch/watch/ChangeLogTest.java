package io.jporch.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.cache.WatchEventType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ChangeLogTest {
  private final ChangeLog<String> log = new ChangeLog<>(10, 3);

  private void add(long version, String object) {
    log.append(new ChangeLog.Change<>(version, WatchEventType.ADDED, object, null));
  }

  @Test
  void replaysTheChangesAfterAVersionThenDeliversNewOnes() {
    add(11, "a");
    add(12, "b");
    List<String> seen = new ArrayList<>();
    try (ChangeLog.Subscription s = log.subscribe(11, c -> seen.add(c.version() + c.object()))) {
      assertThat(s.startedAfter()).isEqualTo(11);
      add(13, "c");
    }
    add(14, "d");
    assertThat(seen).containsExactly("12b", "13c");
    assertThat(log.version()).isEqualTo(14);
    assertThat(log.subscriberCount()).isZero();
  }

  @Test
  void theStartVersionAndTheNewestVersionCanBeResumed() {
    assertThat(log.subscribe(10, c -> {}).startedAfter()).isEqualTo(10);
    add(11, "a");
    List<Long> seen = new ArrayList<>();
    log.subscribe(11, c -> seen.add(c.version()));
    assertThat(seen).isEmpty();
  }

  @Test
  void versionsOutsideTheRetainedHistoryAreExpired() {
    for (long v = 11; v <= 15; v++) {
      add(v, "x" + v);
    }
    // Capacity 3: 13, 14 and 15 are retained, so the history covers versions after 12.
    assertThat(log.floor()).isEqualTo(12);
    assertThat(log.subscribe(12, c -> {}).startedAfter()).isEqualTo(12);
    assertThatThrownBy(() -> log.subscribe(11, c -> {}))
        .isInstanceOfSatisfying(
            ChangeLog.ExpiredException.class,
            e -> {
              assertThat(e.floor()).isEqualTo(12);
              assertThat(e.getMessage()).isEqualTo("too old resource version: 11 (12)");
            });
    assertThatThrownBy(() -> log.subscribe(16, c -> {}))
        .isInstanceOf(ChangeLog.ExpiredException.class)
        .hasMessageContaining("newer than the newest one known to this server (15)");
    assertThatThrownBy(() -> log.subscribe(9, c -> {}))
        .isInstanceOf(ChangeLog.ExpiredException.class);
  }

  @Test
  void versionsMustGrow() {
    add(11, "a");
    assertThatThrownBy(() -> add(11, "b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> add(5, "b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subscribingFromNowStartsAtTheNewestVersion() {
    add(11, "a");
    List<String> seen = new ArrayList<>();
    ChangeLog.Subscription s = log.subscribe(c -> seen.add(c.object()));
    assertThat(s.startedAfter()).isEqualTo(11);
    add(12, "b");
    assertThat(seen).containsExactly("b");
  }

  @Test
  void concurrentAppendsAreSeenExactlyOnceAndInOrderByALateSubscriber() throws Exception {
    ChangeLog<Long> big = new ChangeLog<>(0, 100_000);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<?> writing =
          writer.submit(
              () -> {
                for (long v = 1; v <= 20_000; v++) {
                  big.append(new ChangeLog.Change<>(v, WatchEventType.ADDED, v, null));
                }
              });
      while (big.version() < 5_000) {
        Thread.onSpinWait();
      }
      List<Long> seen = new CopyOnWriteArrayList<>();
      big.subscribe(0, c -> seen.add(c.version()));
      writing.get();
      assertThat(seen).hasSize(20_000);
      for (int i = 0; i < seen.size(); i++) {
        assertThat(seen.get(i)).isEqualTo(i + 1L);
      }
    } finally {
      writer.shutdownNow();
    }
  }
}
