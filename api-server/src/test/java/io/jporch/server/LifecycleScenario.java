package io.jporch.server;

import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.server.support.OutsideChanges;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The package revision lifecycle over Porch's {@code simple-repository} fixture, registered as
 * Repository {@code simple}: the listing, a package revision taken from init through resources,
 * proposal and approval, a draft deleted, and the watch events of it all. Run in standalone mode
 * ({@link GitFlowTest}) and in cluster mode ({@code ClusterModeTest}), with a client of that mode.
 */
public final class LifecycleScenario {
  private static final String PRS = PORCH + "packagerevisions";

  private LifecycleScenario() {}

  /** Runs the lifecycle; {@code gitDir} is the registered remote's Git directory. */
  public static void run(ApiClient client, Path gitDir) {
    List<String> events = new CopyOnWriteArrayList<>();
    assertThat(OutsideChanges.names(client.get(PRS).json()))
        .containsExactlyInAnyOrder(
            "simple.basens.main",
            "simple.basens.v1",
            "simple.basens.v2",
            "simple.empty.main",
            "simple.empty.v1",
            "simple.istions.main",
            "simple.istions.v1",
            "simple.istions.v2");
    Thread.ofVirtual().start(() -> OutsideChanges.collect(client, 60, events));

    ApiClient.Response created =
        client.post(PRS, Manifests.packageRevision("simple", "demo", "ws1"));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/metadata/name").asText()).isEqualTo("simple.demo.ws1");
    assertThat(created.json().at("/spec/tasks/0/type").asText()).isEqualTo("init");
    assertThat(GitFixtures.refs(gitDir)).containsKey("refs/heads/drafts/demo/ws1");

    JsonNode prr = client.get(PORCH + "packagerevisionresources/simple.demo.ws1").json();
    assertThat(prr.at("/spec/resources/Kptfile").asText()).contains("name: demo");
    ((ObjectNode) prr.at("/spec/resources"))
        .put(
            "cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  greeting: hello\n");
    ApiClient.Response updated =
        client.put(PORCH + "packagerevisionresources/simple.demo.ws1", prr.toString());
    assertThat(updated.code()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().at("/spec/resources/cm.yaml").asText()).contains("greeting: hello");
    assertThat(updated.json().at("/status/renderStatus/error").asText()).isEmpty();

    ApiClient.Response proposed =
        client.patch(
            PRS + "/simple.demo.ws1",
            "{\"spec\":{\"lifecycle\":\"Proposed\"}}",
            "application/merge-patch+json");
    assertThat(proposed.code()).as(proposed.body()).isEqualTo(200);
    assertThat(GitFixtures.refs(gitDir))
        .containsKey("refs/heads/proposed/demo/ws1")
        .doesNotContainKey("refs/heads/drafts/demo/ws1");

    JsonNode approval = proposed.json().deepCopy();
    ((ObjectNode) approval.get("spec")).put("lifecycle", "Published");
    ApiClient.Response approved =
        client.put(PRS + "/simple.demo.ws1/approval", approval.toString());
    assertThat(approved.code()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().at("/spec/revision").asInt()).isEqualTo(1);
    assertThat(approved.json().at("/metadata/labels/kpt.dev~1latest-revision").asText())
        .isEqualTo("true");
    Map<String, String> refs = GitFixtures.refs(gitDir);
    assertThat(refs).containsKey("refs/tags/demo/v1");
    assertThat(refs.get("refs/tags/demo/v1")).isEqualTo(refs.get("refs/heads/main"));

    assertThat(client.post(PRS, Manifests.packageRevision("simple", "scratch", "ws1")).code())
        .isEqualTo(201);
    assertThat(client.delete(PRS + "/simple.scratch.ws1").code()).isEqualTo(200);
    assertThat(client.get(PRS + "/simple.scratch.ws1").code()).isEqualTo(404);
    assertThat(GitFixtures.refs(gitDir)).doesNotContainKey("refs/heads/drafts/scratch/ws1");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(events).contains("ADDED simple.demo.ws1", "DELETED simple.scratch.ws1"));
  }

  /** What a server started again on the same data must show after {@link #run}. */
  public static void checkAfterRestart(ApiClient client) {
    JsonNode demo = client.get(PRS + "/simple.demo.ws1").json();
    assertThat(demo.at("/spec/lifecycle").asText()).isEqualTo("Published");
    assertThat(demo.at("/spec/revision").asInt()).isEqualTo(1);
    assertThat(
            OutsideChanges.names(client.get(PRS + "?fieldSelector=spec.packageName%3Ddemo").json()))
        .containsExactlyInAnyOrder("simple.demo.main", "simple.demo.ws1");
  }
}
