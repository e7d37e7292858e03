package io.jporch.testing.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code git} command line as a committer outside the server ("Outsider", no system or global
 * configuration), for tests that change a remote behind the server's back.
 */
public final class OutsideGit {
  private OutsideGit() {}

  /**
   * Runs {@code git <args>} in {@code dir} and returns its output (stdout and stderr); fails the
   * test on a non-zero exit or after 60 s.
   */
  public static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    builder.environment().put("GIT_AUTHOR_NAME", "Outsider");
    builder.environment().put("GIT_AUTHOR_EMAIL", "outsider@example.com");
    builder.environment().put("GIT_COMMITTER_NAME", "Outsider");
    builder.environment().put("GIT_COMMITTER_EMAIL", "outsider@example.com");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("git " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }
}
