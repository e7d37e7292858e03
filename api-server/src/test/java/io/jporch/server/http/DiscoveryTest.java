package io.jporch.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.ServerFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Legacy and aggregated discovery, as kube-apiserver serves them (01-api §2.1, §3.1). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryTest {
  /** What kubectl 1.32 (client-go) sends to /api and /apis. */
  static final String KUBECTL_ACCEPT =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
          + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
          + "application/json";

  ServerFixture fixture;
  ApiClient client;

  @BeforeAll
  void start(@TempDir Path dir) {
    fixture = ServerFixture.start(dir);
    client = fixture.client();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void porchResourceListMatchesPorch() {
    ApiClient.Response r = client.get("/apis/porch.kpt.dev/v1alpha1");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    JsonNode doc = r.json();
    assertThat(doc.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(doc.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(doc.path("groupVersion").asText()).isEqualTo("porch.kpt.dev/v1alpha1");
    assertThat(resource(doc, "packagerevisions").toString())
        .isEqualTo(
            "{\"name\":\"packagerevisions\",\"singularName\":\"packagerevision\",\"namespaced\":true,"
                + "\"kind\":\"PackageRevision\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\","
                + "\"patch\",\"update\",\"watch\"]}");
    assertThat(resource(doc, "packagerevisions/approval").toString())
        .isEqualTo(
            "{\"name\":\"packagerevisions/approval\",\"singularName\":\"\",\"namespaced\":true,"
                + "\"kind\":\"PackageRevision\",\"verbs\":[\"get\",\"patch\",\"update\"]}");
    assertThat(resource(doc, "packagerevisionresources").path("singularName").asText())
        .isEqualTo("packagerevisionresources");
    assertThat(resource(doc, "packagerevisionresources").path("verbs").toString())
        .isEqualTo("[\"get\",\"list\",\"patch\",\"update\"]");
    JsonNode packages = resource(doc, "packages");
    assertThat(packages.path("kind").asText()).isEqualTo("PorchPackage");
    assertThat(packages.path("singularName").asText()).isEqualTo("package");
    assertThat(packages.has("shortNames")).isFalse();
    assertThat(packages.has("storageVersionHash")).isFalse();
    // The generic apiserver registers storage paths in sorted order.
    assertThat(names(doc))
        .containsExactly(
            "packagerevisionresources",
            "packagerevisions",
            "packagerevisions/approval",
            "packages");
  }

  @Test
  void configResourceListIsTheRepositoryCrd() {
    JsonNode doc = client.get("/apis/config.porch.kpt.dev/v1alpha1").json();
    JsonNode repositories = resource(doc, "repositories");
    assertThat(repositories.path("kind").asText()).isEqualTo("Repository");
    assertThat(repositories.path("singularName").asText()).isEqualTo("repository");
    assertThat(repositories.path("shortNames").toString()).isEqualTo("[\"repo\"]");
    assertThat(repositories.path("verbs").toString())
        .isEqualTo("[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]");
    // base64(sha256("config.porch.kpt.dev/v1alpha1/Repository")[:8]), as for the CRD in a cluster.
    assertThat(repositories.path("storageVersionHash").asText()).isEqualTo("fFd32n+v7Og=");
    assertThat(resource(doc, "repositories/status").has("storageVersionHash")).isFalse();
    assertThat(names(doc)).containsExactly("repositories", "repositories/status");
  }

  @Test
  void groupListAndGroups() {
    JsonNode groups = client.get("/apis", "application/json").json();
    assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
    List<String> names = new ArrayList<>();
    groups.path("groups").forEach(g -> names.add(g.path("name").asText()));
    assertThat(names).containsExactly("porch.kpt.dev", "config.porch.kpt.dev");
    assertThat(groups.at("/groups/0/kind").isMissingNode()).isTrue();
    assertThat(groups.at("/groups/0/preferredVersion/version").asText()).isEqualTo("v1alpha1");
    JsonNode group = client.get("/apis/porch.kpt.dev").json();
    assertThat(group.path("kind").asText()).isEqualTo("APIGroup");
    assertThat(group.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(group.path("name").asText()).isEqualTo("porch.kpt.dev");
    assertThat(group.at("/versions/0").toString())
        .isEqualTo("{\"groupVersion\":\"porch.kpt.dev/v1alpha1\",\"version\":\"v1alpha1\"}");
    assertThat(group.path("preferredVersion").toString())
        .isEqualTo("{\"groupVersion\":\"porch.kpt.dev/v1alpha1\",\"version\":\"v1alpha1\"}");
    assertThat(client.get("/apis/example.com").code()).isEqualTo(404);
    assertThat(client.get("/apis/porch.kpt.dev/v2").code()).isEqualTo(404);
  }

  @Test
  void legacyApiServesCoreV1ForSecrets() {
    JsonNode api = client.get("/api").json();
    assertThat(api.path("kind").asText()).isEqualTo("APIVersions");
    assertThat(api.path("versions").isArray()).isTrue();
    assertThat(api.path("versions").get(0).asText()).isEqualTo("v1");
    assertThat(api.path("versions")).hasSize(1);
  }

  @Test
  void aggregatedDiscoveryV2IsComplete() {
    ApiClient.Response r = client.get("/apis", KUBECTL_ACCEPT);
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.contentType())
        .isEqualTo("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    JsonNode doc = r.json();
    assertThat(doc.path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
    assertThat(doc.path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
    List<String> groups = new ArrayList<>();
    doc.path("items").forEach(g -> groups.add(g.at("/metadata/name").asText()));
    assertThat(groups).containsExactly("config.porch.kpt.dev", "porch.kpt.dev");

    JsonNode porch = item(doc, "porch.kpt.dev").at("/versions/0");
    assertThat(porch.path("version").asText()).isEqualTo("v1alpha1");
    assertThat(porch.path("freshness").asText()).isEqualTo("Current");
    List<String> resources = new ArrayList<>();
    porch.path("resources").forEach(x -> resources.add(x.path("resource").asText()));
    assertThat(resources)
        .containsExactly("packagerevisionresources", "packagerevisions", "packages");
    assertThat(aggregatedResource(porch, "packagerevisions").toString())
        .isEqualTo(
            "{\"resource\":\"packagerevisions\","
                + "\"responseKind\":{\"group\":\"\",\"version\":\"\",\"kind\":\"PackageRevision\"},"
                + "\"scope\":\"Namespaced\",\"singularResource\":\"packagerevision\","
                + "\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],"
                + "\"subresources\":[{\"subresource\":\"approval\","
                + "\"responseKind\":{\"group\":\"\",\"version\":\"\",\"kind\":\"PackageRevision\"},"
                + "\"verbs\":[\"get\",\"patch\",\"update\"]}]}");
    assertThat(aggregatedResource(porch, "packagerevisionresources").toString())
        .isEqualTo(
            "{\"resource\":\"packagerevisionresources\","
                + "\"responseKind\":{\"group\":\"\",\"version\":\"\","
                + "\"kind\":\"PackageRevisionResources\"},"
                + "\"scope\":\"Namespaced\",\"singularResource\":\"packagerevisionresources\","
                + "\"verbs\":[\"get\",\"list\",\"patch\",\"update\"]}");
    assertThat(aggregatedResource(porch, "packages").at("/responseKind/kind").asText())
        .isEqualTo("PorchPackage");
    assertThat(aggregatedResource(porch, "packages").path("singularResource").asText())
        .isEqualTo("package");

    JsonNode config = item(doc, "config.porch.kpt.dev").at("/versions/0");
    assertThat(aggregatedResource(config, "repositories").toString())
        .isEqualTo(
            "{\"resource\":\"repositories\","
                + "\"responseKind\":{\"group\":\"config.porch.kpt.dev\",\"version\":\"v1alpha1\","
                + "\"kind\":\"Repository\"},"
                + "\"scope\":\"Namespaced\",\"singularResource\":\"repository\","
                + "\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],"
                + "\"shortNames\":[\"repo\"],"
                + "\"subresources\":[{\"subresource\":\"status\","
                + "\"responseKind\":{\"group\":\"config.porch.kpt.dev\",\"version\":\"v1alpha1\","
                + "\"kind\":\"Repository\"},\"verbs\":[\"get\",\"patch\",\"update\"]}]}");
  }

  @Test
  void aggregatedDiscoveryV2beta1AndLegacyApi() {
    String beta = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
    ApiClient.Response r = client.get("/apis", beta);
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.contentType()).endsWith(";v=v2beta1;as=APIGroupDiscoveryList");
    assertThat(r.json().path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2beta1");
    assertThat(r.json().path("items")).hasSize(2);
    ApiClient.Response api = client.get("/api", KUBECTL_ACCEPT);
    assertThat(api.code()).isEqualTo(200);
    assertThat(api.json().path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
    // The core group (Secrets, for repository credentials), as kube-apiserver lists it.
    assertThat(api.json().path("items")).hasSize(1);
    assertThat(api.json().at("/items/0/metadata/name").isMissingNode()).isTrue();
    assertThat(api.json().at("/items/0/versions/0/version").asText()).isEqualTo("v1");
    assertThat(api.json().at("/items/0/versions/0/resources/0/resource").asText())
        .isEqualTo("secrets");
    assertThat(api.json().at("/items/0/versions/0/resources/0/responseKind/version").asText())
        .isEqualTo("v1");
  }

  @Test
  void aggregatedDiscoveryHasAnEtag() {
    ApiClient.Response first = client.get("/apis", KUBECTL_ACCEPT);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"[0-9A-F]{128}\"");
    assertThat(first.headers().firstValue("Vary")).contains("Accept");
    ApiClient.Response cached =
        client.send(
            "GET",
            "/apis",
            null,
            null,
            java.util.Map.of("Accept", KUBECTL_ACCEPT, "If-None-Match", etag));
    assertThat(cached.code()).isEqualTo(304);
    assertThat(cached.body()).isEmpty();
  }

  @Test
  void unacceptableDiscoveryRequestsAre406() {
    String aggregatedOnly = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    // Only /api and /apis serve the aggregated document.
    ApiClient.Response group = client.get("/apis/porch.kpt.dev/v1alpha1", aggregatedOnly);
    assertThat(group.code()).isEqualTo(406);
    assertThat(group.json().path("kind").asText()).isEqualTo("Status");
    assertThat(group.json().path("reason").asText()).isEqualTo("NotAcceptable");
    ApiClient.Response fallback =
        client.get("/apis/porch.kpt.dev/v1alpha1", aggregatedOnly + ",application/json");
    assertThat(fallback.code()).isEqualTo(200);
    assertThat(fallback.json().path("kind").asText()).isEqualTo("APIResourceList");
    ApiClient.Response unknownVersion =
        client.get("/apis", "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList");
    assertThat(unknownVersion.code()).isEqualTo(406);
    assertThat(unknownVersion.json().path("message").asText())
        .isEqualTo(
            "only the following media types are accepted: application/json, application/yaml");
    assertThat(client.get("/apis", "application/vnd.kubernetes.protobuf").code()).isEqualTo(406);
  }

  @Test
  void discoveryInYaml() {
    ApiClient.Response r = client.get("/apis/porch.kpt.dev", "application/yaml");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/yaml");
    JsonNode doc = ContentNegotiationTest.yaml(r.body());
    assertThat(doc.path("kind").asText()).isEqualTo("APIGroup");
    assertThat(r.body()).startsWith("apiVersion: v1\n");
  }

  @Test
  void versionLooksLikeKubernetes() {
    JsonNode version = client.get("/version").json();
    assertThat(version.path("major").asText()).isEqualTo("1");
    assertThat(version.path("minor").asText()).isEqualTo("32");
    assertThat(version.path("gitVersion").asText()).isEqualTo("v1.32.0-jporch");
    assertThat(version.path("platform").asText()).contains("/");
  }

  private static JsonNode item(JsonNode list, String group) {
    for (JsonNode g : list.path("items")) {
      if (g.at("/metadata/name").asText().equals(group)) {
        return g;
      }
    }
    throw new AssertionError("no group " + group + " in " + list);
  }

  private static JsonNode aggregatedResource(JsonNode version, String name) {
    for (JsonNode r : version.path("resources")) {
      if (r.path("resource").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no resource " + name + " in " + version);
  }

  private static JsonNode resource(JsonNode list, String name) {
    for (JsonNode r : list.path("resources")) {
      if (r.path("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no resource " + name + " in " + list);
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("resources").forEach(r -> names.add(r.path("name").asText()));
    return names;
  }
}
