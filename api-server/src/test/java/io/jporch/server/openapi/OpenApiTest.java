package io.jporch.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.ServerFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI endpoints as kubectl uses them: v3 index, group documents, v2, caching. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {
  private static final String PR = "com.github.nephio-project.porch.api.porch.v1alpha1.";
  private static final String REPOSITORY = "dev.kpt.porch.config.v1alpha1.Repository";

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
  void v3IndexPointsAtHashedGroupDocuments() {
    JsonNode index = client.get("/openapi/v3").json();
    for (String gv : List.of("porch.kpt.dev/v1alpha1", "config.porch.kpt.dev/v1alpha1")) {
      String url =
          index.at("/paths/apis~1" + gv.replace("/", "~1") + "/serverRelativeURL").asText();
      assertThat(url).matches("/openapi/v3/apis/" + gv + "\\?hash=[0-9A-F]{128}");
      ApiClient.Response doc = client.get(url);
      assertThat(doc.code()).isEqualTo(200);
      assertThat(doc.contentType()).isEqualTo("application/json");
      assertThat(doc.headers().firstValue("Cache-Control")).contains("public, immutable");
      String hash = url.substring(url.indexOf("hash=") + 5);
      assertThat(doc.headers().firstValue("ETag")).contains("\"" + hash + "\"");
      assertThat(doc.json().path("openapi").asText()).isEqualTo("3.0.0");
    }
  }

  @Test
  void staleHashRedirectsAndEtagsRevalidate() {
    ApiClient.Response stale = client.get("/openapi/v3/apis/porch.kpt.dev/v1alpha1?hash=ABC");
    assertThat(stale.code()).isEqualTo(301);
    String location = stale.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/openapi/v3/apis/porch.kpt.dev/v1alpha1?hash=");
    assertThat(client.get(location).code()).isEqualTo(200);
    ApiClient.Response v2 = client.get("/openapi/v2");
    String etag = v2.headers().firstValue("ETag").orElseThrow();
    ApiClient.Response revalidated =
        client.send("GET", "/openapi/v2", null, null, Map.of("If-None-Match", etag));
    assertThat(revalidated.code()).isEqualTo(304);
    assertThat(client.get("/openapi/v3/apis/example.com/v1").code()).isEqualTo(404);
  }

  @Test
  void everyKindAndListIsFoundByGroupVersionKind() {
    JsonNode porch = client.get("/openapi/v3/apis/porch.kpt.dev/v1alpha1").json();
    JsonNode config = client.get("/openapi/v3/apis/config.porch.kpt.dev/v1alpha1").json();
    assertThat(kinds(porch))
        .contains(
            "porch.kpt.dev/v1alpha1/PackageRevision",
            "porch.kpt.dev/v1alpha1/PackageRevisionList",
            "porch.kpt.dev/v1alpha1/PackageRevisionResources",
            "porch.kpt.dev/v1alpha1/PackageRevisionResourcesList",
            "porch.kpt.dev/v1alpha1/PorchPackage",
            "porch.kpt.dev/v1alpha1/PorchPackageList");
    assertThat(kinds(config))
        .contains(
            "config.porch.kpt.dev/v1alpha1/Repository",
            "config.porch.kpt.dev/v1alpha1/RepositoryList");
    JsonNode v2 = client.get("/openapi/v2").json();
    assertThat(v2.path("swagger").asText()).isEqualTo("2.0");
    assertThat(
            v2.at("/definitions/" + PR.replace("/", "~1") + "PackageRevision/properties/spec/$ref")
                .asText())
        .isEqualTo("#/definitions/" + PR + "PackageRevisionSpec");
    assertThat(
            v2.at("/definitions/" + REPOSITORY + "/x-kubernetes-group-version-kind/0/kind")
                .asText())
        .isEqualTo("Repository");
  }

  @Test
  void schemasCarryPorchsDescriptionsAndConstraints() {
    JsonNode schemas =
        client
            .get("/openapi/v3/apis/porch.kpt.dev/v1alpha1")
            .json()
            .path("components")
            .path("schemas");
    JsonNode spec = schemas.path(PR + "PackageRevisionSpec");
    assertThat(spec.at("/properties/tasks/description").asText())
        .startsWith("The task slice holds zero or more tasks");
    assertThat(spec.at("/properties/tasks/items/$ref").asText())
        .isEqualTo("#/components/schemas/" + PR + "Task");
    assertThat(spec.at("/properties/lifecycle/enum").toString())
        .isEqualTo("[\"Draft\",\"Proposed\",\"Published\",\"DeletionProposed\"]");
    assertThat(spec.at("/properties/parent/allOf/0/$ref").asText())
        .isEqualTo("#/components/schemas/" + PR + "ParentReference");
    JsonNode task = schemas.path(PR + "Task");
    assertThat(task.path("required").toString()).isEqualTo("[\"type\"]");
    assertThat(task.at("/properties/init/$ref").asText())
        .isEqualTo("#/components/schemas/" + PR + "PackageInitTaskSpec");
    assertThat(schemas.at("/" + PR + "GitPackage/required").toString())
        .isEqualTo("[\"repo\",\"ref\",\"directory\"]");
    assertThat(
            schemas
                .at("/" + PR + "PackageRevisionStatus/properties/publishTimestamp/allOf/0/$ref")
                .asText())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time");
    JsonNode objectMeta = schemas.path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(objectMeta.at("/properties/ownerReferences/x-kubernetes-patch-merge-key").asText())
        .isEqualTo("uid");
    JsonNode repository =
        client
            .get("/openapi/v3/apis/config.porch.kpt.dev/v1alpha1")
            .json()
            .path("components")
            .path("schemas")
            .path(REPOSITORY);
    JsonNode git = repository.at("/properties/spec/properties/git");
    assertThat(git.path("description").asText()).startsWith("Git repository details.");
    assertThat(git.path("required").toString()).isEqualTo("[\"repo\"]");
    assertThat(git.at("/properties/branch/default").asText()).isEqualTo("main");
    assertThat(git.at("/properties/branch/minLength").asInt()).isEqualTo(1);
    assertThat(repository.at("/properties/status/properties/conditions/items/required")).hasSize(5);
  }

  @Test
  void patchOperationsAdvertiseWhatKubectlMaySend() {
    JsonNode porchPaths =
        client.get("/openapi/v3/apis/porch.kpt.dev/v1alpha1").json().path("paths");
    JsonNode patch =
        porchPaths
            .path("/apis/porch.kpt.dev/v1alpha1/namespaces/{namespace}/packagerevisions/{name}")
            .path("patch");
    assertThat(patch.path("operationId").asText())
        .isEqualTo("patchPorchKptDevV1alpha1NamespacedPackageRevision");
    assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText())
        .isEqualTo("PackageRevision");
    // As Porch: strategic merge patch is advertised (the server honours its directives).
    assertThat(fieldNames(patch.at("/requestBody/content")))
        .containsExactly(
            "application/apply-patch+yaml",
            "application/json-patch+json",
            "application/merge-patch+json",
            "application/strategic-merge-patch+json");
    assertThat(patch.path("parameters").toString()).contains("\"fieldValidation\"", "\"force\"");
    JsonNode approval =
        porchPaths.path(
            "/apis/porch.kpt.dev/v1alpha1/namespaces/{namespace}/packagerevisions/{name}/approval");
    assertThat(approval.at("/put/operationId").asText())
        .isEqualTo("replacePorchKptDevV1alpha1NamespacedPackageRevisionApproval");
    assertThat(approval.has("delete")).isFalse();
    assertThat(
            porchPaths
                .path("/apis/porch.kpt.dev/v1alpha1/packagerevisions")
                .at("/get/x-kubernetes-action")
                .asText())
        .isEqualTo("list");
    assertThat(
            porchPaths.has(
                "/apis/porch.kpt.dev/v1alpha1/watch/namespaces/{namespace}/packagerevisions"))
        .isTrue();
    assertThat(porchPaths.has("/apis/porch.kpt.dev/v1alpha1/watch/namespaces/{namespace}/packages"))
        .isFalse();
    JsonNode repositoryPatch =
        client
            .get("/openapi/v3/apis/config.porch.kpt.dev/v1alpha1")
            .json()
            .at(
                "/paths/~1apis~1config.porch.kpt.dev~1v1alpha1~1namespaces~1{namespace}~1repositories~1{name}/patch");
    // A custom resource takes no strategic merge patch: kubectl falls back to a merge patch.
    assertThat(fieldNames(repositoryPatch.at("/requestBody/content")))
        .containsExactly(
            "application/apply-patch+yaml",
            "application/json-patch+json",
            "application/merge-patch+json");
  }

  private static List<String> kinds(JsonNode doc) {
    List<String> kinds = new ArrayList<>();
    doc.path("components")
        .path("schemas")
        .forEach(
            schema ->
                schema
                    .path("x-kubernetes-group-version-kind")
                    .forEach(
                        gvk ->
                            kinds.add(
                                gvk.path("group").asText()
                                    + "/"
                                    + gvk.path("version").asText()
                                    + "/"
                                    + gvk.path("kind").asText())));
    return kinds;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
