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

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryTest {
  Path dir;
  ServerFixture fixture;
  ApiClient client;

  @BeforeAll
  void start(@TempDir Path dir) {
    this.dir = dir;
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
    JsonNode doc = r.json();
    assertThat(doc.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(doc.path("groupVersion").asText()).isEqualTo("porch.kpt.dev/v1alpha1");
    assertThat(resource(doc, "packagerevisions").toString())
        .isEqualTo(
            "{\"name\":\"packagerevisions\",\"singularName\":\"packagerevision\",\"namespaced\":true,"
                + "\"kind\":\"PackageRevision\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}");
    assertThat(resource(doc, "packagerevisions/approval").path("verbs").toString())
        .isEqualTo("[\"get\",\"patch\",\"update\"]");
    assertThat(resource(doc, "packagerevisionresources").path("singularName").asText())
        .isEqualTo("packagerevisionresources");
    assertThat(resource(doc, "packagerevisionresources").path("verbs").toString())
        .isEqualTo("[\"get\",\"list\",\"patch\",\"update\"]");
    JsonNode packages = resource(doc, "packages");
    assertThat(packages.path("kind").asText()).isEqualTo("PorchPackage");
    assertThat(packages.path("singularName").asText()).isEqualTo("package");
    assertThat(packages.has("shortNames")).isFalse();
    assertThat(names(doc))
        .containsExactly(
            "packagerevisions",
            "packagerevisions/approval",
            "packagerevisionresources",
            "packages");
  }

  @Test
  void configResourceListHasRepositories() {
    JsonNode doc = client.get("/apis/config.porch.kpt.dev/v1alpha1").json();
    JsonNode repositories = resource(doc, "repositories");
    assertThat(repositories.path("kind").asText()).isEqualTo("Repository");
    assertThat(repositories.path("shortNames").toString()).isEqualTo("[\"repo\"]");
    assertThat(repositories.path("verbs").toString()).contains("\"watch\"", "\"create\"");
    assertThat(names(doc)).containsExactly("repositories", "repositories/status");
  }

  @Test
  void groupListAndGroups() {
    JsonNode groups = client.get("/apis").json();
    assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
    List<String> names = new ArrayList<>();
    groups.path("groups").forEach(g -> names.add(g.path("name").asText()));
    assertThat(names).containsExactly("porch.kpt.dev", "config.porch.kpt.dev");
    JsonNode group = client.get("/apis/porch.kpt.dev").json();
    assertThat(group.path("kind").asText()).isEqualTo("APIGroup");
    assertThat(group.at("/preferredVersion/groupVersion").asText())
        .isEqualTo("porch.kpt.dev/v1alpha1");
    assertThat(client.get("/apis/example.com").code()).isEqualTo(404);
  }

  @Test
  void legacyApiHasNoVersions() {
    JsonNode api = client.get("/api").json();
    assertThat(api.path("kind").asText()).isEqualTo("APIVersions");
    assertThat(api.path("versions").isArray()).isTrue();
    assertThat(api.path("versions")).isEmpty();
  }

  @Test
  void aggregatedDiscoveryFallsBackOrIsRefused() {
    String aggregatedOnly = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    ApiClient.Response refused = client.get("/apis", aggregatedOnly);
    assertThat(refused.code()).isEqualTo(406);
    assertThat(refused.json().path("reason").asText()).isEqualTo("NotAcceptable");
    ApiClient.Response fallback = client.get("/apis", aggregatedOnly + ",application/json");
    assertThat(fallback.code()).isEqualTo(200);
    assertThat(fallback.contentType()).startsWith("application/json");
    assertThat(fallback.json().path("kind").asText()).isEqualTo("APIGroupList");
  }

  @Test
  void versionLooksLikeKubernetes() {
    JsonNode version = client.get("/version").json();
    assertThat(version.path("major").asText()).isEqualTo("1");
    assertThat(version.path("minor").asText()).isEqualTo("32");
    assertThat(version.path("gitVersion").asText()).isEqualTo("v1.32.0-jporch");
    assertThat(version.path("platform").asText()).contains("/");
  }

  @Test
  void openApiDocumentsDescribeTheKinds() {
    JsonNode v2 = client.get("/openapi/v2").json();
    assertThat(v2.path("swagger").asText()).isEqualTo("2.0");
    JsonNode pr =
        v2.at("/definitions/com.github.nephio-project.porch.api.porch.v1alpha1.PackageRevision");
    assertThat(pr.at("/x-kubernetes-group-version-kind/0/kind").asText())
        .isEqualTo("PackageRevision");
    assertThat(pr.at("/properties/spec/$ref").asText()).endsWith("PackageRevisionSpec");
    JsonNode index = client.get("/openapi/v3").json();
    String url = index.at("/paths/apis~1porch.kpt.dev~1v1alpha1/serverRelativeURL").asText();
    assertThat(url).startsWith("/openapi/v3/apis/porch.kpt.dev/v1alpha1?hash=");
    JsonNode v3 = client.get(url).json();
    assertThat(v3.path("openapi").asText()).startsWith("3.");
    JsonNode spec =
        v3.at(
            "/components/schemas/com.github.nephio-project.porch.api.porch.v1alpha1.PackageRevisionSpec");
    assertThat(spec.at("/properties/workspaceName/type").asText()).isEqualTo("string");
    assertThat(spec.at("/properties/tasks/items/$ref").asText()).endsWith(".Task");
    JsonNode task =
        v3.at("/components/schemas/com.github.nephio-project.porch.api.porch.v1alpha1.Task");
    assertThat(task.at("/properties/clone").isObject()).isTrue();
    JsonNode patch =
        v3.at(
            "/paths/~1apis~1porch.kpt.dev~1v1alpha1~1namespaces~1{namespace}~1packagerevisions~1{name}/patch");
    assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText())
        .isEqualTo("PackageRevision");
    assertThat(patch.path("parameters").toString()).contains("\"fieldValidation\"");
    JsonNode config = client.get("/openapi/v3/apis/config.porch.kpt.dev/v1alpha1").json();
    assertThat(
            config
                .at(
                    "/components/schemas/dev.kpt.porch.config.v1alpha1.Repository/x-kubernetes-group-version-kind/0/group")
                .asText())
        .isEqualTo("config.porch.kpt.dev");
  }

  @Test
  void protobufFirstAcceptGetsJson() {
    ApiClient.Response r =
        client.get(
            "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions",
            "application/vnd.kubernetes.protobuf,application/json");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.json().path("kind").asText()).isEqualTo("PackageRevisionList");
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
