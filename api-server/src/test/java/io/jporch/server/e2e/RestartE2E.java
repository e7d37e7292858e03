package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.testing.http.TestData;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Scenario (d): the registered repositories and their package revisions survive a restart of the
 * server process on the same data directory.
 */
class RestartE2E extends E2EBase {

  @Test
  void repositoriesAndRevisionsSurviveARestart() {
    Path work = workDir("restart");
    Path data = work.resolve("data");
    Path simple = TestData.unpackPorchGitRepo("simple-repository", work.resolve("simple"));
    Path fresh = GitCli.createSeededBareRepository(work.resolve("git"), "fresh.git");

    Map<String, String> repositoriesBefore;
    Map<String, Manifests.Revision> revisionsBefore;
    try (JporchProcess first = JporchProcess.start(data, work)) {
      Kubectl kubectl = first.kubectl();
      kubectl
          .withFile(
              Manifests.gitRepository("simple", "file://" + simple.resolve(".git"), false), "apply")
          .assertSuccess();
      kubectl
          .withFile(Manifests.gitRepository("fresh", "file://" + fresh, false), "apply")
          .assertSuccess();
      RepositoryAssertions.awaitReady(kubectl, "simple");
      RepositoryAssertions.awaitReady(kubectl, "fresh");
      kubectl
          .withFile(Manifests.initPackageRevision("fresh", "kept", "ws1"), "create")
          .assertSuccess();
      await("revisions before restart")
          .untilAsserted(
              () ->
                  assertThat(revisions(kubectl))
                      .containsKey("fresh.kept.ws1")
                      .containsKeys("simple.basens.v2", "simple.basens.main"));
      repositoriesBefore = repositories(kubectl);
      revisionsBefore = revisions(kubectl);
    }
    assertThat(repositoriesBefore)
        .containsEntry("simple", "file://" + simple.resolve(".git"))
        .containsEntry("fresh", "file://" + fresh);
    assertThat(revisionsBefore).hasSize(9); // 8 from simple-repository + the draft

    try (JporchProcess second = JporchProcess.start(data, work)) {
      Kubectl kubectl = second.kubectl();
      assertThat(repositories(kubectl)).isEqualTo(repositoriesBefore);
      await("revisions after restart")
          .untilAsserted(() -> assertThat(revisions(kubectl)).isEqualTo(revisionsBefore));
      assertThat(revisionsBefore.get("fresh.kept.ws1").lifecycle()).isEqualTo("Draft");
    }
  }

  private static Map<String, String> repositories(Kubectl kubectl) {
    JsonNode list = kubectl.json("get", "repositories", "-n", "default", "-o", "json");
    Map<String, String> result = new TreeMap<>();
    list.path("items")
        .forEach(r -> result.put(r.at("/metadata/name").asText(), r.at("/spec/git/repo").asText()));
    return result;
  }

  private static Map<String, Manifests.Revision> revisions(Kubectl kubectl) {
    return Manifests.revisions(
        kubectl.json("get", "packagerevisions", "-n", "default", "-o", "json"));
  }
}
