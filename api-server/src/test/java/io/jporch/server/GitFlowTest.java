package io.jporch.server;

import static io.jporch.server.support.Manifests.CONFIG;
import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack (JGit adapter, cache, engine, task handler, function runtime) behind the HTTP
 * API: a Porch fixture repository registered over {@code file://}, then a package revision taken
 * from init through resources, proposal and approval, a draft deleted, and everything still there
 * after a restart.
 */
class GitFlowTest {
  private static final String PRS = PORCH + "packagerevisions";

  @TempDir Path dir;

  @Test
  void packageLifecycleOverRealGit() {
    String url = GitFixtures.porchRepository("simple-repository", dir.resolve("remote"));
    Path gitDir = GitFixtures.gitDir(url);
    ServerConfig config =
        new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, null, Duration.ofSeconds(60));
    try (PorchServer server = PorchServer.start(config)) {
      ApiClient client = new ApiClient(server);
      JsonNode repository =
          client.post(CONFIG + "repositories", Manifests.repository("simple", url)).json();
      assertThat(repository.at("/status/conditions/0/status").asText())
          .as(repository.toString())
          .isEqualTo("True");
      assertThat(repository.at("/status/gitCommitHash").asText())
          .isEqualTo(GitFixtures.refs(gitDir).get("refs/heads/main"));

      LifecycleScenario.run(client, gitDir);
    }

    try (PorchServer restarted = PorchServer.start(config)) {
      LifecycleScenario.checkAfterRestart(new ApiClient(restarted));
    }
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
    return names;
  }
}
