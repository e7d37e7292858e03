package io.jporch.server.cluster;

import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.jporch.server.LifecycleScenario;
import io.jporch.server.PorchServer;
import io.jporch.server.ServerConfig;
import io.jporch.server.support.ApiClient;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode against fabric8's mock API server: Repository custom resources drive the cache,
 * their status is written to the status subresource, package revision metadata lives in PackageRev
 * custom resources, and requests come through a client playing kube-apiserver's aggregator (the
 * front-proxy certificate and {@code X-Remote-*} headers), authorized with SubjectAccessReviews.
 */
class ClusterModeTest {
  private static final String PRS = PORCH + "packagerevisions";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private MockCluster cluster;
  private final List<PorchServer> servers = new ArrayList<>();

  @BeforeEach
  void startCluster() {
    cluster = new MockCluster();
  }

  @AfterEach
  void stop() {
    servers.forEach(PorchServer::close);
    cluster.close();
  }

  private PorchServer start(String dataDir) {
    ServerConfig config =
        new ServerConfig(dir.resolve(dataDir), "127.0.0.1", 0, null, Duration.ofSeconds(30));
    PorchServer server =
        PorchServer.startCluster(
            config, cluster.client, PorchServer.syncOptions(Duration.ofHours(1)));
    servers.add(server);
    return server;
  }

  /** The aggregator: front-proxy certificate, the user in {@code X-Remote-*} headers. */
  private ApiClient aggregator(PorchServer server, String user, String... groups) {
    return new ApiClient(
        server.url(),
        cluster.frontProxy.clientContext(server.tls().certificate()),
        null,
        MockCluster.remoteUser(user, groups));
  }

  private String fixture(String name) {
    return GitFixtures.porchRepository(name, dir.resolve("remote-" + name));
  }

  private void createRepository(String name, String url) {
    GenericKubernetesResource repository =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("config.porch.kpt.dev/v1alpha1")
            .withKind("Repository")
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .endMetadata()
            .addToAdditionalProperties(
                "spec", Map.of("type", "git", "git", Map.of("repo", url, "branch", "main")))
            .build();
    repositories().resource(repository).create();
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      repositories() {
    return cluster.client.genericKubernetesResources(KubeJson.REPOSITORIES).inNamespace("default");
  }

  private List<GenericKubernetesResource> packageRevs() {
    return cluster
        .client
        .genericKubernetesResources(KubeJson.PACKAGE_REVS)
        .inNamespace("default")
        .list()
        .getItems();
  }

  /** The Repository CR's Ready condition status as stored in the cluster ("" when none). */
  private String readyStatus(String name) {
    GenericKubernetesResource repository = repositories().withName(name).get();
    Object status = repository == null ? null : repository.get("status", "conditions", 0, "status");
    return status == null ? "" : status.toString();
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
    return names;
  }

  @Test
  void lifecycleRunsAsInStandaloneMode() {
    String url = fixture("simple-repository");
    PorchServer server = start("data");
    ApiClient client = aggregator(server, "alice", "authors");
    createRepository("simple", url);
    await().atMost(WAIT).untilAsserted(() -> assertThat(readyStatus("simple")).isEqualTo("True"));
    LifecycleScenario.run(client, GitFixtures.gitDir(url));
    // Porch's CR cache: one PackageRev per revision, labelled with the repository.
    assertThat(packageRevs())
        .extracting(p -> p.getMetadata().getName())
        .contains("simple.demo.ws1", "simple.demo.main")
        .doesNotContain("simple.scratch.ws1");
    server.close();
    servers.remove(server);

    LifecycleScenario.checkAfterRestart(aggregator(start("data"), "alice", "authors"));
  }
}
