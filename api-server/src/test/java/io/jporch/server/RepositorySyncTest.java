package io.jporch.server;

import static io.jporch.server.support.Manifests.CONFIG;
import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.server.support.OutsideChanges;
import io.jporch.testing.git.GitFixtures;
import io.jporch.testing.git.OutsideGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background sync through the whole server: the Repository status follows each sync (Ready,
 * packageCount, gitCommitHash, lastFullSyncTime, nextFullSyncTime), changes pushed with plain
 * {@code git} appear in lists and watches, and a repository that cannot be opened reports the error
 * and becomes Ready once its remote exists, without a restart.
 */
class RepositorySyncTest {
  private static final String PRS = PORCH + "packagerevisions";
  private static final Duration WITHIN = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void statusAndListsFollowChangesPushedOutsideTheServer() throws Exception {
    String url = GitFixtures.porchRepository("simple-repository", dir.resolve("remote"));
    Path gitDir = GitFixtures.gitDir(url);
    try (PorchServer server = OutsideChanges.start(dir, Duration.ofMillis(500))) {
      ApiClient client = new ApiClient(server);
      assertThat(client.post(CONFIG + "repositories", Manifests.repository("simple", url)).code())
          .isEqualTo(201);
      await()
          .atMost(WITHIN)
          .untilAsserted(
              () -> {
                JsonNode status = client.get(CONFIG + "repositories/simple").json().at("/status");
                assertThat(status.at("/conditions/0/status").asText()).isEqualTo("True");
                assertThat(status.at("/packageCount").asInt()).isEqualTo(8);
                assertThat(status.at("/nextFullSyncTime").asText()).isNotEmpty();
              });
      JsonNode status = client.get(CONFIG + "repositories/simple").json().at("/status");
      assertThat(status.at("/gitCommitHash").asText())
          .isEqualTo(GitFixtures.refs(gitDir).get("refs/heads/main"));
      assertThat(Instant.parse(status.at("/nextFullSyncTime").asText()))
          .isAfterOrEqualTo(Instant.parse(status.at("/lastFullSyncTime").asText()));
      assertThat(status.at("/conditions/0/reason").asText()).isEqualTo("Ready");

      List<String> events = new CopyOnWriteArrayList<>();
      Thread.ofVirtual().start(() -> OutsideChanges.collect(client, 60, events));
      await().atMost(WITHIN).until(() -> events.contains("ADDED simple.basens.v2"));

      Path work = dir.resolve("work");
      OutsideGit.git(dir, "clone", "-q", gitDir.toString(), work.toString());
      Files.createDirectories(work.resolve("outside"));
      Files.writeString(
          work.resolve("outside/Kptfile"),
          "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: outside\n");
      OutsideGit.git(work, "add", ".");
      OutsideGit.git(work, "commit", "-q", "-m", "pushed outside the server");
      OutsideGit.git(work, "push", "-q", "origin", "HEAD:refs/tags/outside/v1");

      await().atMost(WITHIN).until(() -> events.contains("ADDED simple.outside.v1"));
      assertThat(OutsideChanges.names(client.get(PRS).json())).contains("simple.outside.v1");
      await()
          .atMost(WITHIN)
          .until(
              () ->
                  client
                          .get(CONFIG + "repositories/simple")
                          .json()
                          .at("/status/packageCount")
                          .asInt()
                      == 9);
    }
  }

  @Test
  void aRepositoryThatCannotBeOpenedIsRetriedUntilItsRemoteExists() throws Exception {
    Path remote = dir.resolve("later");
    String url = GitFixtures.fileUrl(remote.resolve(".git"));
    try (PorchServer server = OutsideChanges.start(dir, Duration.ofMillis(500))) {
      ApiClient client = new ApiClient(server);
      assertThat(client.post(CONFIG + "repositories", Manifests.repository("later", url)).code())
          .isEqualTo(201);
      await()
          .atMost(WITHIN)
          .untilAsserted(
              () -> {
                JsonNode condition =
                    client.get(CONFIG + "repositories/later").json().at("/status/conditions/0");
                assertThat(condition.at("/status").asText()).isEqualTo("False");
                assertThat(condition.at("/reason").asText()).isEqualTo("Error");
                assertThat(condition.at("/message").asText()).contains("cannot fetch repository");
              });

      GitFixtures.porchRepository("simple-repository", remote);

      await()
          .atMost(WITHIN)
          .pollInterval(200, TimeUnit.MILLISECONDS)
          .untilAsserted(
              () ->
                  assertThat(
                          client
                              .get(CONFIG + "repositories/later")
                              .json()
                              .at("/status/conditions/0/status")
                              .asText())
                      .isEqualTo("True"));
      assertThat(OutsideChanges.names(client.get(PRS).json())).contains("later.basens.v1");
    }
  }

  @Test
  void runOnceAtSyncsOnceAndTheStatusRecordsIt() throws Exception {
    String url = GitFixtures.porchRepository("simple-repository", dir.resolve("remote"));
    Path gitDir = GitFixtures.gitDir(url);
    ServerConfig config =
        new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, null, Duration.ofSeconds(30));
    // Hourly sync: lists are served from the synced snapshot, so only runOnceAt can explain the
    // pushed tag appearing.
    try (PorchServer server =
        PorchServer.start(config, PorchServer.syncOptions(Duration.ofHours(1)))) {
      ApiClient client = new ApiClient(server);
      assertThat(client.post(CONFIG + "repositories", Manifests.repository("simple", url)).code())
          .isEqualTo(201);
      await()
          .atMost(WITHIN)
          .until(
              () ->
                  client
                          .get(CONFIG + "repositories/simple")
                          .json()
                          .at("/status/packageCount")
                          .asInt()
                      == 8);
      Path work = dir.resolve("work");
      OutsideGit.git(dir, "clone", "-q", gitDir.toString(), work.toString());
      Files.createDirectories(work.resolve("once"));
      Files.writeString(
          work.resolve("once/Kptfile"),
          "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: once\n");
      OutsideGit.git(work, "add", ".");
      OutsideGit.git(work, "commit", "-q", "-m", "pushed outside the server");
      OutsideGit.git(work, "push", "-q", "origin", "HEAD:refs/tags/once/v1");

      String at =
          Instant.now()
              .plusSeconds(2)
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              .toString();
      ApiClient.Response patched =
          client.patch(
              CONFIG + "repositories/simple",
              "{\"spec\":{\"sync\":{\"runOnceAt\":\"" + at + "\"}}}",
              "application/merge-patch+json");
      assertThat(patched.code()).isEqualTo(200);
      assertThat(patched.json().at("/status/observedRunOnceAt").isMissingNode()).isTrue();
      await()
          .atMost(WITHIN)
          .until(
              () ->
                  at.equals(
                      client
                          .get(CONFIG + "repositories/simple")
                          .json()
                          .at("/status/observedRunOnceAt")
                          .asText()));
      JsonNode status = client.get(CONFIG + "repositories/simple").json().at("/status");
      assertThat(status.at("/packageCount").asInt()).isEqualTo(9);
      assertThat(Instant.parse(status.at("/lastFullSyncTime").asText()))
          .isAfterOrEqualTo(Instant.parse(at));
      assertThat(OutsideChanges.names(client.get(PRS).json())).contains("simple.once.v1");
      assertThat(
              client.get(CONFIG + "repositories/simple").json().at("/spec/sync/runOnceAt").asText())
          .as("the spec is left as written")
          .isEqualTo(at);
    }
  }
}
