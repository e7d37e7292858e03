package io.jporch.server.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the scenario classes that drive one server process, shared by all their tests, through
 * {@link ScenarioApi}: the server runs on a fresh work directory ({@code data/} for its state,
 * {@code git/} for the scenarios' bare repositories) from before the first test to after the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScenarioE2EBase extends E2EBase {
  private final String workName;

  /** The work directory (kept after the run). */
  Path work;

  /** The server process. */
  JporchProcess server;

  /** The API calls of the scenarios, against {@link #server}. */
  ScenarioApi s;

  /** {@code workName} names the work directory under {@code target/e2e/}. */
  ScenarioE2EBase(String workName) {
    this.workName = workName;
  }

  @BeforeAll
  void startServer() {
    work = workDir(workName);
    server = JporchProcess.start(work.resolve("data"), work);
    s = new ScenarioApi(server, work.resolve("git"));
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }
}
