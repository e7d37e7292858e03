package io.jporch.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
            "6291456",
            "--token-auth-file",
            "--client-ca-file",
            "--anonymous-auth",
            "--authorization-policy-file");
  }

  @Test
  void aMalformedTokenFileStopsTheServerNamingTheLine(@TempDir Path dir) throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens.csv"), "# users\nsecret-token-1,alice\n");
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "rules:\n- users: [a]\n");
    assertThat(
            serveError(
                "--data-dir", dir.resolve("a").toString(), "--token-auth-file", tokens.toString()))
        .contains("cannot start", tokens + " line 2", "needs at least 3 columns")
        .doesNotContain("secret-token-1");
    assertThat(
            serveError(
                "--data-dir",
                dir.resolve("b").toString(),
                "--authorization-policy-file",
                policy.toString()))
        .contains("cannot start", "invalid authorization policy file", "rules[0].verbs: required");
    assertThat(
            serveError(
                "--data-dir",
                dir.resolve("c").toString(),
                "--client-ca-file",
                dir.resolve("none.pem").toString()))
        .contains("cannot start", "cannot read the client CA file");
  }

  private static String serveError(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      String[] all = new String[args.length + 3];
      all[0] = "serve";
      all[1] = "--port";
      all[2] = "0";
      System.arraycopy(args, 0, all, 3, args.length);
      int code = new CommandLine(new Main()).execute(all);
      assertThat(code).isEqualTo(1);
    } finally {
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void clusterModeFlagsAreChecked() {
    assertThat(run(2, "serve", "--standalone=false", "--token-auth-file", "tokens.csv"))
        .contains("standalone-mode flags; cluster mode delegates authentication");
    assertThat(run(2, "serve", "--kubeconfig", "kubeconfig"))
        .contains("--kubeconfig needs cluster mode (--standalone=false)");
    assertThat(run(1, "serve", "--standalone=false", "--kubeconfig", "/nonexistent/kubeconfig"))
        .contains("cannot start: cannot read --kubeconfig /nonexistent/kubeconfig");
  }

  /** Runs the command line, expects exit {@code code} and returns what it printed to stderr. */
  private static String run(int code, String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(new CommandLine(new Main()).execute(args)).isEqualTo(code);
    } finally {
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8);
  }
}
