package io.jporch.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  @Test
  void serveHelpListsEveryFlag() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8));
    int code = cli.execute("serve", "--help");
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "--port",
            "--bind-address",
            "--data-dir",
            "--write-kubeconfig",
            "--standalone",
            "9443",
            "--max-request-body-bytes",
            "--max-request-body-size",
            "6291456");
  }

  @Test
  void clusterModeIsRefusedClearly() {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new Main()).execute("serve", "--standalone=false");
      assertThat(code).isEqualTo(2);
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cluster mode is not implemented yet");
  }
}
