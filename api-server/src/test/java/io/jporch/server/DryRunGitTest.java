package io.jporch.server;

import static io.jporch.server.support.Manifests.CONFIG;
import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.server.rest.Patches;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.testing.git.GitFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dryRun=All} over the whole stack and real Git: every write of every resource validates
 * fully and answers as the real call would, yet leaves the Git refs, the stored metadata, the
 * Repository store and the watchers exactly as they were. Porch executes dry runs for real.
 */
class DryRunGitTest {
  private static final String PRS = PORCH + "packagerevisions";
  private static final String PRRS = PORCH + "packagerevisionresources";
  private static final String REPOS = CONFIG + "repositories";
  private static final String DRY = "?dryRun=All";

  @TempDir Path dir;

  @Test
  void dryRunsChangeNothing() {
    String url = GitFixtures.porchRepository("simple-repository", dir.resolve("remote"));
    Path gitDir = GitFixtures.gitDir(url);
    Path dataDir = dir.resolve("data");
    ServerConfig config = new ServerConfig(dataDir, "127.0.0.1", 0, null, Duration.ofSeconds(60));
    try (PorchServer server = PorchServer.start(config)) {
      ApiClient client = new ApiClient(server);
      assertThat(client.post(REPOS, Manifests.repository("simple", url)).code()).isEqualTo(201);
      assertThat(client.post(PRS, Manifests.packageRevision("simple", "demo", "ws1")).code())
          .isEqualTo(201);
      assertThat(client.post(PRS, Manifests.packageRevision("simple", "prop", "ws1")).code())
          .isEqualTo(201);
      assertThat(
              client
                  .patch(
                      PRS + "/simple.prop.ws1",
                      "{\"spec\":{\"lifecycle\":\"Proposed\"}}",
                      Patches.MERGE_PATCH)
                  .code())
          .isEqualTo(200);

      Map<String, String> refs = GitFixtures.refs(gitDir);
      Map<String, String> metadata = files(dataDir.resolve("metadata"));
      JsonNode revisions = client.get(PRS).json();
      JsonNode repositories = client.get(REPOS).json();
      List<JsonNode> revisionEvents = new CopyOnWriteArrayList<>();
      List<JsonNode> repositoryEvents = new CopyOnWriteArrayList<>();
      watch(client, PRS, revisions, revisionEvents);
      watch(client, REPOS, repositories, repositoryEvents);

      dryRunRevisionWrites(client);
      dryRunRepositoryWrites(client);

      assertThat(GitFixtures.refs(gitDir)).as("git refs").isEqualTo(refs);
      assertThat(files(dataDir.resolve("metadata"))).as("stored metadata").isEqualTo(metadata);
      assertThat(client.get(PRS).json()).as("package revisions").isEqualTo(revisions);
      assertThat(client.get(REPOS).json()).as("repositories").isEqualTo(repositories);

      // A real change afterwards is the first thing each watcher sees (a label on a published
      // revision: a metadata-only change, one event).
      client.patch(
          PRS + "/simple.basens.v2",
          "{\"metadata\":{\"labels\":{\"real\":\"yes\"}}}",
          Patches.MERGE_PATCH);
      client.patch(
          REPOS + "/simple", "{\"metadata\":{\"labels\":{\"real\":\"yes\"}}}", Patches.MERGE_PATCH);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(revisionEvents).isNotEmpty();
                assertThat(repositoryEvents).isNotEmpty();
              });
      assertThat(revisionEvents.get(0).at("/object/metadata/name").asText())
          .as("first package revision event: %s", revisionEvents)
          .isEqualTo("simple.basens.v2");
      assertThat(revisionEvents.get(0).at("/object/metadata/labels/real").asText())
          .as("first package revision event: %s", revisionEvents)
          .isEqualTo("yes");
      assertThat(repositoryEvents.get(0).at("/object/metadata/labels/real").asText())
          .as("first repository event: %s", repositoryEvents)
          .isEqualTo("yes");
    }
  }

  private static void dryRunRevisionWrites(ApiClient client) {
    ApiClient.Response created =
        client.post(PRS + DRY, Manifests.packageRevision("simple", "fresh", "ws1"));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    JsonNode fresh = created.json();
    assertThat(fresh.at("/metadata/name").asText()).isEqualTo("simple.fresh.ws1");
    assertThat(fresh.at("/metadata/uid").asText()).isNotEmpty();
    assertThat(fresh.at("/spec/lifecycle").asText()).isEqualTo("Draft");
    assertThat(fresh.at("/spec/tasks/0/type").asText()).isEqualTo("init");
    assertThat(fresh.at("/metadata/managedFields/0/operation").asText()).isEqualTo("Update");
    assertThat(client.get(PRS + "/simple.fresh.ws1").code()).isEqualTo(404);

    ApiClient.Response duplicate =
        client.post(PRS + DRY, Manifests.packageRevision("simple", "demo", "ws1"));
    assertThat(duplicate.code()).as("a dry run validates like the real call").isEqualTo(500);

    JsonNode prr = client.get(PRRS + "/simple.demo.ws1").json();
    ((ObjectNode) prr.at("/spec/resources"))
        .put("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    ApiClient.Response resources = client.put(PRRS + "/simple.demo.ws1" + DRY, prr.toString());
    assertThat(resources.code()).as(resources.body()).isEqualTo(200);
    assertThat(resources.json().at("/spec/resources/cm.yaml").asText()).contains("ConfigMap");

    ApiClient.Response proposed =
        client.patch(
            PRS + "/simple.demo.ws1" + DRY,
            "{\"spec\":{\"lifecycle\":\"Proposed\"}}",
            Patches.MERGE_PATCH);
    assertThat(proposed.code()).as(proposed.body()).isEqualTo(200);
    assertThat(proposed.json().at("/spec/lifecycle").asText()).isEqualTo("Proposed");

    JsonNode toApprove = client.get(PRS + "/simple.prop.ws1").json().deepCopy();
    ((ObjectNode) toApprove.get("spec")).put("lifecycle", "Published");
    ApiClient.Response approved =
        client.put(PRS + "/simple.prop.ws1/approval" + DRY, toApprove.toString());
    assertThat(approved.code()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().at("/spec/lifecycle").asText()).isEqualTo("Published");
    assertThat(approved.json().at("/spec/revision").asInt()).isEqualTo(1);

    ApiClient.Response labelled =
        client.patch(
            PRS + "/simple.demo.ws1" + DRY,
            "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}",
            Patches.MERGE_PATCH);
    assertThat(labelled.json().at("/metadata/labels/a").asText()).isEqualTo("b");

    ApiClient.Response applied =
        client.patch(
            PRS + "/simple.applied.ws1" + DRY + "&fieldManager=alice",
            "apiVersion: porch.kpt.dev/v1alpha1\nkind: PackageRevision\nmetadata:\n  name: simple.applied.ws1\n"
                + "spec:\n  packageName: applied\n  repository: simple\n  workspaceName: ws1\n",
            Patches.APPLY_PATCH);
    assertThat(applied.code()).as(applied.body()).isEqualTo(201);

    ApiClient.Response deleted =
        client.send(
            "DELETE",
            PRS + "/simple.demo.ws1",
            "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"dryRun\":[\"All\"]}",
            "application/json",
            null,
            true);
    assertThat(deleted.code()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.json().at("/metadata/name").asText()).isEqualTo("simple.demo.ws1");
  }

  private static void dryRunRepositoryWrites(ApiClient client) {
    ApiClient.Response created =
        client.post(REPOS + DRY, Manifests.repository("other", "https://example.com/o.git"));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/metadata/uid").asText()).isNotEmpty();
    assertThat(created.json().at("/spec/git/branch").asText()).as("defaulted").isEqualTo("main");
    assertThat(
            client
                .post(REPOS + DRY, Manifests.repository("simple", "https://example.com/s.git"))
                .code())
        .as("already exists")
        .isEqualTo(409);

    JsonNode current = client.get(REPOS + "/simple").json().deepCopy();
    ((ObjectNode) current.get("spec")).put("description", "dry");
    ApiClient.Response updated = client.put(REPOS + "/simple" + DRY, current.toString());
    assertThat(updated.code()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().at("/spec/description").asText()).isEqualTo("dry");
    assertThat(updated.json().at("/metadata/generation").asLong()).isEqualTo(2);

    ApiClient.Response status =
        client.put(REPOS + "/simple/status" + DRY, client.get(REPOS + "/simple").json().toString());
    assertThat(status.code()).as(status.body()).isEqualTo(200);
    ApiClient.Response deleted = client.delete(REPOS + "/simple" + DRY);
    assertThat(deleted.code()).as(deleted.body()).isEqualTo(200);
  }

  private static void watch(ApiClient client, String path, JsonNode list, List<JsonNode> events) {
    String rv = list.at("/metadata/resourceVersion").asText();
    ApiClient.Watch watch =
        client.watch(path + "?watch=true&timeoutSeconds=60&resourceVersion=" + rv, null);
    assertThat(watch.code()).isEqualTo(200);
    Thread.ofVirtual()
        .start(
            () -> {
              try (watch) {
                for (JsonNode e = watch.next(); e != null; e = watch.next()) {
                  if (!e.path("type").asText().equals("BOOKMARK")) {
                    events.add(e);
                  }
                }
              } catch (RuntimeException e) {
                // the server stops at the end of the test
              }
            });
  }

  private static Map<String, String> files(Path root) {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
