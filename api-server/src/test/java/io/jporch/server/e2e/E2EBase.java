package io.jporch.server.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Shared set-up of the end-to-end tests: work directories and polling defaults. */
abstract class E2EBase {
  static final Duration WAIT = Duration.ofSeconds(60);

  /**
   * A fresh directory under {@code target/e2e/} (kept after the run so that server logs and Git
   * repositories can be inspected when a scenario fails).
   */
  static Path workDir(String name) {
    try {
      Path base = Paths.get("target", "e2e").toAbsolutePath();
      Files.createDirectories(base);
      return Files.createTempDirectory(base, name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Awaitility with the suite's timeout and a 250 ms poll interval. */
  static ConditionFactory await(String alias) {
    return Awaitility.await(alias)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions();
  }
}
