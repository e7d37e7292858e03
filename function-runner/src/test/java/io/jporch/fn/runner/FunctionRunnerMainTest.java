package io.jporch.fn.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FunctionRunnerMainTest {
  @Test
  void durationsAreGoOrIso() {
    assertThat(FunctionRunnerMain.parseDuration("--x", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(FunctionRunnerMain.parseDuration("--x", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(FunctionRunnerMain.parseDuration("--x", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(FunctionRunnerMain.parseDuration("--x", "PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> FunctionRunnerMain.parseDuration("--x", "5 minutes"))
        .hasMessage("--x: \"5 minutes\" is not a duration such as 90s, 5m or PT5M");
    assertThatThrownBy(() -> FunctionRunnerMain.parseDuration("--x", "0s"))
        .hasMessage("--x: must be positive, got \"0s\"");
  }

  @Test
  void badFlagsStopTheRunnerWithExitCode2() {
    assertThat(new CommandLine(new FunctionRunnerMain()).execute("--disable-runtimes", "docker"))
        .isEqualTo(2);
    assertThat(new CommandLine(new FunctionRunnerMain()).execute("--config", "/nonexistent.yaml"))
        .isEqualTo(2);
    assertThat(
            new CommandLine(new FunctionRunnerMain()).execute("--max-concurrent-evaluations", "0"))
        .isEqualTo(2);
    assertThat(new CommandLine(new FunctionRunnerMain()).execute("--max-evaluation-time", "soon"))
        .isEqualTo(2);
  }
}
