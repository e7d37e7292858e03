package io.jporch.server.cluster;

import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.jporch.server.LifecycleScenario;
import io.jporch.server.PorchServer;
import io.jporch.server.ServerConfig;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.TestPki;
import io.jporch.testing.git.GitFixtures;
import io.jporch.testing.http.GitHttpServer;
import io.jporch.testing.http.HttpAuth;
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
    if (cluster != null) {
      cluster.close();
    }
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
    createRepository(name, Map.of("repo", url, "branch", "main"));
  }

  private void createRepository(String name, Map<String, Object> git) {
    GenericKubernetesResource repository =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("config.porch.kpt.dev/v1alpha1")
            .withKind("Repository")
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .endMetadata()
            .addToAdditionalProperties("spec", Map.of("type", "git", "git", git))
            .build();
    repositories()
        .resource(repository)
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
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

  @Test
  void repositoryObjectsDriveTheRevisions() {
    PorchServer server = start("data");
    ApiClient client = aggregator(server, "alice", "authors");
    createRepository("simple", fixture("simple-repository"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(names(client.get(PRS).json()))
                    .containsExactlyInAnyOrder(
                        "simple.basens.main",
                        "simple.basens.v1",
                        "simple.basens.v2",
                        "simple.empty.main",
                        "simple.empty.v1",
                        "simple.istions.main",
                        "simple.istions.v1",
                        "simple.istions.v2"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(readyStatus("simple")).isEqualTo("True"));
    GenericKubernetesResource stored = repositories().withName("simple").get();
    assertThat(stored.<Object>get("status", "packageCount")).isEqualTo(8);
    assertThat(stored.<Object>get("status", "gitCommitHash")).isNotNull();
    // The API server does not serve config.porch.kpt.dev itself: kube-apiserver does.
    assertThat(
            client
                .get("/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories")
                .code())
        .isEqualTo(404);
    assertThat(client.get("/api/v1/namespaces/default/secrets").code()).isEqualTo(404);

    // A spec change reopens the repository: its revisions now come from a deployment repository.
    assertThat(client.get(PRS + "/simple.basens.v1").json().at("/status/deployment").asBoolean())
        .isFalse();
    repositories()
        .withName("simple")
        .edit(
            r -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> spec =
                  (Map<String, Object>) r.getAdditionalProperties().get("spec");
              spec.put("deployment", true);
              return r;
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .get(PRS + "/simple.basens.v1")
                            .json()
                            .at("/status/deployment")
                            .asBoolean())
                    .isTrue());

    // A second Repository adds its revisions; deleting one removes its revisions and PackageRevs.
    createRepository(
        "other", GitFixtures.porchRepository("simple-repository", dir.resolve("other")));
    await().atMost(WAIT).untilAsserted(() -> assertThat(readyStatus("other")).isEqualTo("True"));
    repositories().withName("simple").delete();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(names(client.get(PRS).json())).noneMatch(n -> n.startsWith("simple."));
              assertThat(packageRevs())
                  .extracting(p -> p.getMetadata().getName())
                  .noneMatch(n -> n.startsWith("simple."));
            });
    assertThat(client.get(PRS + "/simple.basens.v1").code()).isEqualTo(404);
  }

  @Test
  void gitCredentialsAreReadFromTheClustersSecrets() {
    String password = "cluster-secret-password";
    Path root = dir.resolve("http");
    GitFixtures.porchRepository("simple-repository", root.resolve("private"));
    try (GitHttpServer git = GitHttpServer.start(root, HttpAuth.basic("alice", password))) {
      PorchServer server = start("data");
      ApiClient client = aggregator(server, "alice", "authors");
      createRepository(
          "private",
          Map.of(
              "repo",
              git.url("private"),
              "branch",
              "main",
              "secretRef",
              Map.of("name", "git-auth")));
      // No Secret yet: the Repository is not Ready and has no revisions.
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(readyStatus("private")).isEqualTo("False"));
      assertThat(names(client.get(PRS).json())).noneMatch(n -> n.startsWith("private."));

      // The Secret is created in the cluster (kubernetes.io/basic-auth, as Porch reads it) and the
      // Repository object touched: the server reads the Secret and opens the repository.
      cluster
          .client
          .secrets()
          .inNamespace("default")
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("git-auth")
                  .withNamespace("default")
                  .endMetadata()
                  .withType("kubernetes.io/basic-auth")
                  .addToData("username", base64("alice"))
                  .addToData("password", base64(password))
                  .build())
          .create();
      repositories()
          .withName("private")
          .edit(
              r -> {
                r.getMetadata().setAnnotations(Map.of("example.com/touched", "1"));
                return r;
              });
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(names(client.get(PRS).json()))
                      .contains("private.basens.v1", "private.empty.main"));
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(readyStatus("private")).isEqualTo("True"));
      // The password is never written to the Repository's status.
      assertThat(repositories().withName("private").get().getAdditionalProperties().toString())
          .doesNotContain(password);
    }
  }

  private static String base64(String value) {
    return java.util.Base64.getEncoder()
        .encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void labelsLiveInPackageRevsAndSurviveARestart() {
    String url = fixture("simple-repository");
    PorchServer server = start("data");
    ApiClient client = aggregator(server, "alice", "authors");
    createRepository("simple", url);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(client.get(PRS + "/simple.basens.v1").code()).isEqualTo(200));
    ApiClient.Response labelled =
        client.patch(
            PRS + "/simple.basens.v1",
            "{\"metadata\":{\"labels\":{\"team\":\"blue\"},\"annotations\":{\"note\":\"kept\"},"
                + "\"finalizers\":[\"example.com/hold\"]}}",
            "application/merge-patch+json");
    assertThat(labelled.code()).as(labelled.body()).isEqualTo(200);
    assertThat(labelled.json().at("/metadata/labels/team").asText()).isEqualTo("blue");

    GenericKubernetesResource packageRev =
        cluster
            .client
            .genericKubernetesResources(KubeJson.PACKAGE_REVS)
            .inNamespace("default")
            .withName("simple.basens.v1")
            .get();
    assertThat(packageRev.getMetadata().getLabels())
        .containsEntry("team", "blue")
        .containsEntry("internal.porch.kpt.dev/repository", "simple");
    assertThat(packageRev.getMetadata().getAnnotations()).containsEntry("note", "kept");
    assertThat(packageRev.getMetadata().getFinalizers())
        .containsExactly("example.com/hold", "internal.porch.kpt.dev/packagerevision");
    assertThat(packageRev.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getApiVersion()).isEqualTo("porch.kpt.dev/v1alpha1");
              assertThat(o.getKind()).isEqualTo("PackageRevision");
              assertThat(o.getName()).isEqualTo("simple.basens.v1");
              assertThat(o.getUid())
                  .isEqualTo(
                      client.get(PRS + "/simple.basens.v1").json().at("/metadata/uid").asText());
            });
    server.close();
    servers.remove(server);

    // A new server with an empty data directory finds the metadata in the cluster.
    ApiClient again = aggregator(start("fresh-data"), "alice", "authors");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(again.get(PRS + "/simple.basens.v1").code()).isEqualTo(200));
    JsonNode revision = again.get(PRS + "/simple.basens.v1").json();
    assertThat(revision.at("/metadata/labels/team").asText()).isEqualTo("blue");
    assertThat(revision.at("/metadata/annotations/note").asText()).isEqualTo("kept");
    assertThat(revision.at("/metadata/finalizers").toString()).isEqualTo("[\"example.com/hold\"]");
    assertThat(revision.at("/metadata/labels").has("internal.porch.kpt.dev/repository")).isFalse();
    assertThat(names(again.get(PRS + "?labelSelector=team%3Dblue").json()))
        .containsExactly("simple.basens.v1");
  }

  @Test
  void approvalIsAuthorizedSeparately() {
    String url = fixture("simple-repository");
    PorchServer server = start("data");
    cluster.denied =
        spec ->
            spec.path("user").asText().equals("alice")
                && spec.at("/resourceAttributes/subresource").asText().equals("approval");
    ApiClient alice = aggregator(server, "alice", "authors");
    ApiClient bob = aggregator(server, "bob", "approvers");
    createRepository("simple", url);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(alice.get(PRS + "/simple.basens.v1").code()).isEqualTo(200));
    ApiClient.Response created =
        alice.post(
            PRS, io.jporch.server.support.Manifests.packageRevision("simple", "demo", "ws1"));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    ApiClient.Response proposed =
        alice.patch(
            PRS + "/simple.demo.ws1",
            "{\"spec\":{\"lifecycle\":\"Proposed\"}}",
            "application/merge-patch+json");
    assertThat(proposed.code()).as(proposed.body()).isEqualTo(200);
    JsonNode approval = proposed.json().deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) approval.get("spec"))
        .put("lifecycle", "Published");

    ApiClient.Response denied = alice.put(PRS + "/simple.demo.ws1/approval", approval.toString());
    assertThat(denied.code()).as(denied.body()).isEqualTo(403);
    assertThat(denied.json().path("message").asText())
        .isEqualTo(
            "packagerevisions.porch.kpt.dev \"simple.demo.ws1\" is forbidden: User \"alice\""
                + " cannot update resource \"packagerevisions/approval\" in API group"
                + " \"porch.kpt.dev\" in the namespace \"default\": denied by the test's policy");
    assertThat(alice.get(PRS + "/simple.demo.ws1").json().at("/spec/lifecycle").asText())
        .isEqualTo("Proposed");
    assertThat(cluster.accessReviews)
        .anySatisfy(
            spec -> {
              assertThat(spec.path("user").asText()).isEqualTo("alice");
              assertThat(spec.path("groups").toString())
                  .isEqualTo("[\"authors\",\"system:authenticated\"]");
              assertThat(spec.at("/resourceAttributes/verb").asText()).isEqualTo("update");
              assertThat(spec.at("/resourceAttributes/group").asText()).isEqualTo("porch.kpt.dev");
              assertThat(spec.at("/resourceAttributes/version").asText()).isEqualTo("v1alpha1");
              assertThat(spec.at("/resourceAttributes/resource").asText())
                  .isEqualTo("packagerevisions");
              assertThat(spec.at("/resourceAttributes/subresource").asText()).isEqualTo("approval");
              assertThat(spec.at("/resourceAttributes/namespace").asText()).isEqualTo("default");
              assertThat(spec.at("/resourceAttributes/name").asText()).isEqualTo("simple.demo.ws1");
            });

    ApiClient.Response approved = bob.put(PRS + "/simple.demo.ws1/approval", approval.toString());
    assertThat(approved.code()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().at("/status/publishedBy").asText()).isEqualTo("bob");

    // Answers are cached: the same request again asks the cluster no more.
    long before = reviewsOf("nothing-here");
    assertThat(bob.get(PRS + "/nothing-here").code()).isEqualTo(404);
    assertThat(bob.get(PRS + "/nothing-here").code()).isEqualTo(404);
    assertThat(reviewsOf("nothing-here") - before).isEqualTo(1);
  }

  private long reviewsOf(String name) {
    return cluster.accessReviews.stream()
        .filter(s -> s.at("/resourceAttributes/name").asText().equals(name))
        .count();
  }

  @Test
  void onlyVerifiedFrontProxiesMayNameTheUser() {
    PorchServer server = start("data");
    var serverCa = server.tls().certificate();
    Map<String, List<String>> claims = MockCluster.remoteUser("admin", "system:masters");
    String list = PORCH + "packagerevisions";

    // No client certificate: the headers count for nothing.
    assertThat(new ApiClient(server.url(), serverCa, null, claims).get(list).code()).isEqualTo(401);
    // A certificate named like the front proxy but issued by another CA.
    TestPki.Issued otherCa = TestPki.authority("front-proxy-ca");
    assertThat(
            new ApiClient(
                    server.url(),
                    TestPki.client(otherCa, MockCluster.FRONT_PROXY_NAME, List.of())
                        .clientContext(serverCa),
                    null,
                    claims)
                .get(list)
                .code())
        .isEqualTo(401);
    // Issued by the front-proxy CA, but not an allowed name.
    assertThat(
            new ApiClient(
                    server.url(),
                    TestPki.client(cluster.frontProxyCa, "intruder", List.of())
                        .clientContext(serverCa),
                    null,
                    claims)
                .get(list)
                .code())
        .isEqualTo(401);
    // The front proxy without a user header is nobody.
    assertThat(
            new ApiClient(server.url(), cluster.frontProxy.clientContext(serverCa), null, Map.of())
                .get(list)
                .code())
        .isEqualTo(401);
    assertThat(cluster.accessReviews).isEmpty();
    // Health checks need nothing.
    assertThat(
            new ApiClient(server.url(), serverCa, null)
                .send("GET", "/readyz", null, null, null, false)
                .code())
        .isEqualTo(200);
    // Ready: the informers have listed the cluster's Repositories and PackageRevs.
    ApiClient.Response ready =
        new ApiClient(server.url(), serverCa, null)
            .send("GET", "/readyz?verbose", null, null, null, false);
    assertThat(ready.code()).isEqualTo(200);
    assertThat(ready.body()).contains("[+]informer-sync ok", "readyz check passed");
    // An informer that has not listed yet is not ready.
    try (ClusterRepositories notStarted = new ClusterRepositories(cluster.client)) {
      assertThat(notStarted.hasSynced()).isFalse();
    }

    // The real front proxy, with extra attributes passed on to the SubjectAccessReview.
    Map<String, List<String>> withExtra =
        new java.util.HashMap<>(MockCluster.remoteUser("dora", "devs"));
    withExtra.put("X-Remote-Extra-Scopes", List.of("read", "write"));
    withExtra.put("X-Remote-Extra-Example.com%2fteam", List.of("blue"));
    ApiClient proxied =
        new ApiClient(server.url(), cluster.frontProxy.clientContext(serverCa), null, withExtra);
    assertThat(proxied.get(list).code()).isEqualTo(200);
    assertThat(cluster.accessReviews)
        .anySatisfy(
            spec -> {
              assertThat(spec.path("user").asText()).isEqualTo("dora");
              assertThat(spec.at("/extra/scopes").toString()).isEqualTo("[\"read\",\"write\"]");
              assertThat(spec.at("/extra/example.com~1team").toString()).isEqualTo("[\"blue\"]");
            });

    // Client certificates issued by the cluster's client CA.
    ApiClient carol =
        new ApiClient(
            server.url(),
            TestPki.client(cluster.clientCa, "carol", List.of("devs")).clientContext(serverCa),
            null,
            Map.of());
    assertThat(carol.get(list).code()).isEqualTo(200);
    assertThat(cluster.accessReviews)
        .anySatisfy(
            spec -> {
              assertThat(spec.path("user").asText()).isEqualTo("carol");
              assertThat(spec.path("groups").toString())
                  .isEqualTo("[\"devs\",\"system:authenticated\"]");
            });

    // Bearer tokens through TokenReview, answers cached.
    cluster.tokens.put(
        "good-token", Map.of("username", "erin", "uid", "u-7", "groups", List.of("ops")));
    ApiClient erin = new ApiClient(server.url(), serverCa, "good-token");
    assertThat(erin.get(list).code()).isEqualTo(200);
    assertThat(erin.get(list).code()).isEqualTo(200);
    assertThat(cluster.tokenReviews)
        .filteredOn(s -> s.path("token").asText().equals("good-token"))
        .hasSize(1);
    assertThat(cluster.accessReviews)
        .anySatisfy(
            spec -> {
              assertThat(spec.path("user").asText()).isEqualTo("erin");
              assertThat(spec.path("uid").asText()).isEqualTo("u-7");
            });
    assertThat(new ApiClient(server.url(), serverCa, "bad-token").get(list).code()).isEqualTo(401);

    // The cluster renames its front proxy: the server follows the ConfigMap.
    cluster
        .client
        .configMaps()
        .inNamespace(AuthenticationConfig.NAMESPACE)
        .withName(AuthenticationConfig.NAME)
        .edit(
            m -> {
              m.getData().put("requestheader-allowed-names", "[\"renamed-proxy\"]");
              return m;
            });
    await().atMost(WAIT).untilAsserted(() -> assertThat(proxied.get(list).code()).isEqualTo(401));
    ApiClient renamed =
        new ApiClient(
            server.url(),
            TestPki.client(cluster.frontProxyCa, "renamed-proxy", List.of())
                .clientContext(serverCa),
            null,
            MockCluster.remoteUser("dora", "devs"));
    assertThat(renamed.get(list).code()).isEqualTo(200);
  }
}
