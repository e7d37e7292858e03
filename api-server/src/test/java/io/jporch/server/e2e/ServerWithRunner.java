package io.jporch.server.e2e;

import java.nio.file.Path;
import java.util.List;

/**
 * A function runner process and a jporch server started with {@code --function-runner} pointing at
 * it, with one Git repository (a seeded bare repository under {@code work/git}) registered and
 * Ready. Closing it stops the server, then the runner.
 */
final class ServerWithRunner implements AutoCloseable {
  private final FunctionRunnerProcess runner;
  private final JporchProcess server;
  private final Kubectl kubectl;

  private ServerWithRunner(FunctionRunnerProcess runner, JporchProcess server) {
    this.runner = runner;
    this.server = server;
    this.kubectl = server.kubectl();
  }

  /** Starts both processes in {@code work} and registers {@code repository}. */
  static ServerWithRunner start(Path work, List<String> runnerFlags, String repository) {
    FunctionRunnerProcess runner = FunctionRunnerProcess.start(work, runnerFlags);
    ServerWithRunner started;
    try {
      started =
          new ServerWithRunner(
              runner,
              JporchProcess.start(
                  work.resolve("data"), work, 0, List.of("--function-runner", runner.address())));
    } catch (RuntimeException | Error e) {
      runner.close();
      throw e;
    }
    try {
      Path bare = GitCli.createSeededBareRepository(work.resolve("git"), repository + ".git");
      started
          .kubectl
          .withFile(Manifests.gitRepository(repository, "file://" + bare, false), "apply")
          .assertSuccess();
      RepositoryAssertions.awaitReady(started.kubectl, repository);
    } catch (RuntimeException | Error e) {
      started.close();
      throw e;
    }
    return started;
  }

  /** kubectl against the server. */
  Kubectl kubectl() {
    return kubectl;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      runner.close();
    }
  }
}
