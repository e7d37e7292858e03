package io.jporch.server.http;

import static io.jporch.server.support.Manifests.CONFIG;
import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.server.support.ServerFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is a Kubernetes Status with the right code and reason (01-api §8). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorResponsesTest {
  ServerFixture fixture;
  ApiClient client;

  @BeforeAll
  void start(@TempDir Path dir) {
    fixture = ServerFixture.start(dir);
    client = fixture.client();
    client.post(
        CONFIG + "repositories", Manifests.repository("blueprints", "https://example.com/b.git"));
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void unknownPathsAreNotFound() {
    assertStatus(client.get("/nothing/here"), 404, "NotFound");
    assertStatus(
        client.get("/apis/porch.kpt.dev/v1alpha1/namespaces/default/widgets"), 404, "NotFound");
    assertStatus(client.get("/apis/example.com/v1/namespaces/default/widgets"), 404, "NotFound");
    assertStatus(
        client.get("/apis/porch.kpt.dev/v1alpha1/packagerevisions/x.y.z"), 404, "NotFound");
  }

  @Test
  void malformedBodiesAreBadRequests() {
    JsonNode status =
        assertStatus(client.post(PORCH + "packagerevisions", "{\"spec\": {"), 400, "BadRequest");
    assertThat(status.path("message").asText()).contains("not valid JSON");
    JsonNode yaml =
        assertStatus(
            client.send(
                "POST",
                PORCH + "packagerevisions",
                "spec: [unclosed",
                "application/yaml",
                null,
                true),
            400,
            "BadRequest");
    assertThat(yaml.path("message").asText()).contains("not valid YAML");
    assertStatus(client.post(PORCH + "packagerevisions", "[1,2]"), 400, "BadRequest");
    JsonNode wrongKind =
        assertStatus(
            client.post(PORCH + "packagerevisions", "{\"kind\":\"Repository\",\"spec\":{}}"),
            400,
            "BadRequest");
    assertThat(wrongKind.path("message").asText()).contains("Repository");
    JsonNode typed =
        assertStatus(
            client.post(
                CONFIG + "repositories",
                "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"git\":\"oops\"}}"),
            400,
            "BadRequest");
    assertThat(typed.path("message").asText()).contains("Repository");
  }

  @Test
  void unsupportedVerbsAreMethodNotAllowed() {
    assertStatus(client.delete(PORCH + "packagerevisions"), 405, "MethodNotAllowed");
    assertStatus(client.post(PORCH + "packagerevisions/x.y.z", "{}"), 405, "MethodNotAllowed");
    assertStatus(
        client.send(
            "POST",
            "/apis/porch.kpt.dev/v1alpha1/packagerevisions",
            "{}",
            "application/json",
            null,
            true),
        405,
        "MethodNotAllowed");
    assertStatus(
        client.send("POST", "/version", "{}", "application/json", null, true),
        405,
        "MethodNotAllowed");
    assertStatus(client.post(PORCH + "packagerevisionresources", "{}"), 405, "MethodNotAllowed");
  }

  @Test
  void oversizedBodiesAreRejected() {
    String big = "{\"x\":\"" + "a".repeat(7 * 1024 * 1024) + "\"}";
    JsonNode status =
        assertStatus(client.post(PORCH + "packagerevisions", big), 413, "RequestEntityTooLarge");
    assertThat(status.path("message").asText()).contains("exceeds");
  }

  @Test
  void unknownPatchTypeIsUnsupportedMediaType() {
    assertStatus(
        client.patch(CONFIG + "repositories/blueprints", "{}", "text/plain"),
        415,
        "UnsupportedMediaType");
    JsonNode crd =
        assertStatus(
            client.patch(
                CONFIG + "repositories/blueprints", "{}", "application/strategic-merge-patch+json"),
            415,
            "UnsupportedMediaType");
    assertThat(crd.path("message").asText())
        .as("Repository is a custom resource: no strategic merge patch")
        .endsWith(
            "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
    assertStatus(
        client.patch(CONFIG + "repositories/blueprints", "[1]", "application/json-patch+json"),
        400,
        "BadRequest");
  }

  @Test
  void patchesThatDoNotApplyAreInvalidAndChangeNothing() {
    JsonNode before = client.get(CONFIG + "repositories/blueprints").json();
    JsonNode status =
        assertStatus(
            client.patch(
                CONFIG + "repositories/blueprints",
                "[{\"op\":\"replace\",\"path\":\"/spec/description\",\"value\":\"x\"},"
                    + "{\"op\":\"test\",\"path\":\"/spec/type\",\"value\":\"oci\"}]",
                "application/json-patch+json"),
            422,
            "Invalid");
    assertThat(status.at("/details/causes/0/field").asText()).isEqualTo("patch");
    assertThat(status.at("/details/name").asText()).isEqualTo("blueprints");
    assertThat(client.get(CONFIG + "repositories/blueprints").json()).isEqualTo(before);
  }

  @Test
  void unacceptableRepresentationIsNotAcceptable() {
    assertStatus(
        client.get(PORCH + "packagerevisions", "application/vnd.kubernetes.protobuf"),
        406,
        "NotAcceptable");
  }

  @Test
  void strictFieldValidationRejectsUnknownFields() {
    String body =
        "{\"metadata\":{\"name\":\"strict\"},\"spec\":{\"type\":\"git\",\"bogus\":1,\"git\":{\"repo\":\"x\",\"nope\":2}}}";
    JsonNode status =
        assertStatus(
            client.post(CONFIG + "repositories?fieldValidation=Strict", body), 400, "BadRequest");
    assertThat(status.path("message").asText())
        .isEqualTo(
            "strict decoding error: unknown field \"spec.bogus\", unknown field \"spec.git.nope\"");
    ApiClient.Response warned = client.post(CONFIG + "repositories", body);
    assertThat(warned.code()).isEqualTo(201);
    assertThat(warned.headers().allValues("Warning"))
        .contains("299 - \"unknown field \\\"spec.bogus\\\"\"");
  }

  @Test
  void conflictingNamespacesInSelectorsAreBadRequests() {
    assertStatus(
        client.get(PORCH + "packagerevisions?fieldSelector=metadata.namespace%3Dother"),
        400,
        "BadRequest");
    assertStatus(
        client.get(PORCH + "packagerevisions?labelSelector=a%20in%20(b"), 400, "BadRequest");
  }

  @Test
  void unknownDryRunValuesAreInvalidOptions() {
    JsonNode status =
        assertStatus(
            client.post(
                CONFIG + "repositories?dryRun=Sometimes",
                Manifests.repository("dry", "https://example.com/d.git")),
            422,
            "Invalid");
    assertThat(status.path("message").asText())
        .isEqualTo(
            "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value:"
                + " []string{\"Sometimes\"}: supported values: \"All\"");
    assertThat(status.at("/details/kind").asText()).isEqualTo("CreateOptions");
    assertThat(status.at("/details/group").asText()).isEqualTo("meta.k8s.io");
    assertThat(status.at("/details/causes/0/field").asText()).isEqualTo("dryRun");
    assertThat(client.get(CONFIG + "repositories/dry").code()).isEqualTo(404);
    assertStatus(
        client.send(
            "DELETE",
            CONFIG + "repositories/blueprints",
            "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"dryRun\":[\"Nope\"]}",
            "application/json",
            null,
            true),
        422,
        "Invalid");
    assertStatus(
        client.patch(
            CONFIG + "repositories/blueprints?fieldValidation=Loose",
            "{}",
            "application/merge-patch+json"),
        422,
        "Invalid");
    assertThat(client.get(CONFIG + "repositories/blueprints").code()).isEqualTo(200);
  }

  static JsonNode assertStatus(ApiClient.Response r, int code, String reason) {
    assertThat(r.code()).as(r.body()).isEqualTo(code);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode status = r.json();
    assertThat(status.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("status").asText()).isEqualTo("Failure");
    assertThat(status.path("reason").asText()).isEqualTo(reason);
    assertThat(status.path("code").asInt()).isEqualTo(code);
    assertThat(status.path("message").asText()).isNotBlank();
    return status;
  }
}
