package io.jporch.server.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentVersionSequenceTest {
  @TempDir Path dir;

  @Test
  void versionsKeepGrowingAcrossRestartsEvenAfterAKill() throws Exception {
    Path file = dir.resolve("watch/rv");
    PersistentVersionSequence first = new PersistentVersionSequence(file, 10);
    assertThat(first.start()).isEqualTo(1);
    long last = 0;
    for (int i = 0; i < 25; i++) {
      last = first.next();
    }
    assertThat(last).isEqualTo(26);
    assertThat(Long.parseLong(Files.readString(file).strip()))
        .as("the file reserves at least every number handed out")
        .isGreaterThanOrEqualTo(last);
    // No close: a killed process leaves only the reservation behind.
    PersistentVersionSequence second = new PersistentVersionSequence(file, 10);
    assertThat(second.start()).isGreaterThan(last);
    assertThat(second.next()).isGreaterThan(second.start());
  }

  @Test
  void aCorruptFileIsReportedNotIgnored() throws Exception {
    Path file = dir.resolve("rv");
    Files.writeString(file, "garbage");
    assertThatThrownBy(() -> new PersistentVersionSequence(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("corrupt");
  }
}
