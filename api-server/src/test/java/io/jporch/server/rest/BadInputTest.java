package io.jporch.server.rest;

import static io.jporch.server.support.Manifests.CONFIG;
import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.Lifecycle;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.server.support.ServerFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests on every resource: each gets the Kubernetes status code and reason of kube-apiserver
 * (and Porch's message where Porch has one), and none changes anything: every test ends by
 * comparing the objects with a snapshot taken before it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  private static final String PRS = PORCH + "packagerevisions";
  private static final String PRRS = PORCH + "packagerevisionresources";
  private static final String REPOS = CONFIG + "repositories";
  private static final String DRAFT = "blueprints.app.ws1";
  private static final String KPTFILE =
      "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\n";
  private static final long LIMIT = 64 * 1024;

  ServerFixture fixture;
  ApiClient client;
  JsonNode before;

  @BeforeAll
  void start(@TempDir Path dir) {
    fixture = ServerFixture.start(dir, LIMIT);
    client = fixture.client();
    assertThat(
            client
                .post(REPOS, Manifests.repository("blueprints", "https://example.com/b.git"))
                .code())
        .isEqualTo(201);
    fixture
        .repositories()
        .repository("default", "blueprints")
        .putRevision("app", "ws1", 0, Lifecycle.DRAFT, Map.of("Kptfile", KPTFILE));
    fixture
        .repositories()
        .repository("default", "blueprints")
        .putRevision("ready", "ws1", 0, Lifecycle.PROPOSED, Map.of("Kptfile", KPTFILE));
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @BeforeEach
  void snapshot() {
    before = state();
  }

  @AfterEach
  void nothingChanged() {
    assertThat(state()).as("objects after the failed requests").isEqualTo(before);
  }

  private JsonNode state() {
    ObjectNode state = ObjectNode.class.cast(client.get(REPOS).json().deepCopy());
    state.set("revisions", client.get(PRS).json().path("items"));
    state.set("resources", client.get(PRRS + "/" + DRAFT).json().path("spec"));
    return state;
  }

  @Test
  void garbageJsonIsBadRequest() {
    for (ApiClient.Response r :
        List.of(
            client.post(PRS, "{\"spec\": {"),
            client.put(PRS + "/" + DRAFT, "not json"),
            client.put(REPOS + "/blueprints", "{\"metadata\": }"),
            client.patch(PRS + "/" + DRAFT, "{nope", Patches.MERGE_PATCH),
            client.patch(PRS + "/" + DRAFT, "[{", Patches.JSON_PATCH),
            client.patch(REPOS + "/blueprints", "spec: [", Patches.APPLY_PATCH + "?fieldManager=x"),
            client.patch(REPOS + "/blueprints?fieldManager=x", "spec: [", Patches.APPLY_PATCH))) {
      if (r.code() == 415) {
        continue; // the content type with a query string above is not a patch type
      }
      assertStatus(r, 400, "BadRequest");
    }
  }

  @Test
  void wrongKindOrApiVersionIsBadRequest() {
    JsonNode current = client.get(PRS + "/" + DRAFT).json();
    ObjectNode wrongKind = current.deepCopy();
    wrongKind.put("kind", "Repository");
    assertThat(
            assertStatus(client.put(PRS + "/" + DRAFT, wrongKind.toString()), 400, "BadRequest")
                .path("message")
                .asText())
        .contains("Repository");
    ObjectNode wrongVersion = current.deepCopy();
    wrongVersion.put("apiVersion", "porch.kpt.dev/v9");
    assertStatus(client.put(PRS + "/" + DRAFT, wrongVersion.toString()), 400, "BadRequest");
    assertStatus(
        client.post(
            REPOS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}"),
        400,
        "BadRequest");
    JsonNode apply =
        assertStatus(
            client.patch(
                REPOS + "/blueprints?fieldManager=x",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"blueprints\"}}",
                Patches.APPLY_PATCH),
            400,
            "BadRequest");
    assertThat(apply.path("message").asText())
        .isEqualTo("invalid object type: /v1, Kind=ConfigMap");
  }

  @Test
  void nameOrNamespaceMismatchIsBadRequest() {
    ObjectNode renamed = client.get(REPOS + "/blueprints").json().deepCopy();
    ((ObjectNode) renamed.get("metadata")).put("name", "other");
    assertThat(
            assertStatus(client.put(REPOS + "/blueprints", renamed.toString()), 400, "BadRequest")
                .path("message")
                .asText())
        .isEqualTo(
            "the name of the object (other) does not match the name on the URL (blueprints)");
    ObjectNode moved = client.get(PRS + "/" + DRAFT).json().deepCopy();
    ((ObjectNode) moved.get("metadata")).put("namespace", "elsewhere");
    assertStatus(client.put(PRS + "/" + DRAFT, moved.toString()), 400, "BadRequest");
    assertStatus(
        client.post(
            REPOS,
            Manifests.repository("x", "https://example.com/x.git")
                .replace("\"default\"", "\"other\"")),
        400,
        "BadRequest");
    assertStatus(
        client.patch(
            REPOS + "/blueprints?fieldManager=x",
            "{\"apiVersion\":\"config.porch.kpt.dev/v1alpha1\",\"kind\":\"Repository\","
                + "\"metadata\":{\"name\":\"somethingelse\"}}",
            Patches.APPLY_PATCH),
        400,
        "BadRequest");
  }

  @Test
  void unknownFieldsUnderStrictAreRejected() {
    String unknown =
        "{\"apiVersion\":\"config.porch.kpt.dev/v1alpha1\",\"kind\":\"Repository\","
            + "\"metadata\":{\"name\":\"strict\"},\"spec\":{\"type\":\"git\",\"git\":{\"repo\":\"x\"},\"foo\":1}}";
    JsonNode created =
        assertStatus(client.post(REPOS + "?fieldValidation=Strict", unknown), 400, "BadRequest");
    assertThat(created.path("message").asText())
        .isEqualTo("strict decoding error: unknown field \"spec.foo\"");
    ObjectNode current = client.get(PRS + "/" + DRAFT).json().deepCopy();
    ((ObjectNode) current.get("spec")).put("foo", "bar");
    assertStatus(
        client.put(PRS + "/" + DRAFT + "?fieldValidation=Strict", current.toString()),
        400,
        "BadRequest");
    JsonNode patched =
        assertStatus(
            client.patch(
                PRS + "/" + DRAFT + "?fieldValidation=Strict",
                "{\"spec\":{\"foo\":\"bar\"}}",
                Patches.MERGE_PATCH),
            422,
            "Invalid");
    assertThat(patched.path("message").asText()).contains("unknown field \"spec.foo\"");
    assertThat(patched.at("/details/causes/0/field").asText()).isEqualTo("patch");
    assertStatus(
        client.patch(
            REPOS + "/blueprints?fieldManager=x",
            "{\"apiVersion\":\"config.porch.kpt.dev/v1alpha1\",\"kind\":\"Repository\","
                + "\"metadata\":{\"name\":\"blueprints\"},\"spec\":{\"foo\":1}}",
            Patches.APPLY_PATCH),
        400,
        "BadRequest");
  }

  @Test
  void duplicateFieldsUnderStrictAreRejected() {
    String duplicate =
        "{\"apiVersion\":\"config.porch.kpt.dev/v1alpha1\",\"kind\":\"Repository\","
            + "\"metadata\":{\"name\":\"dup\",\"name\":\"dup\"},\"spec\":{\"type\":\"git\",\"git\":{\"repo\":\"x\"}}}";
    assertThat(
            assertStatus(
                    client.post(REPOS + "?fieldValidation=Strict", duplicate), 400, "BadRequest")
                .path("message")
                .asText())
        .isEqualTo("strict decoding error: duplicate field \"metadata.name\"");
    assertThat(
            assertStatus(
                    client.patch(
                        REPOS + "/blueprints?fieldManager=x&fieldValidation=Strict",
                        "apiVersion: config.porch.kpt.dev/v1alpha1\nkind: Repository\n"
                            + "metadata:\n  name: blueprints\n  labels:\n    a: b\n    a: c\n",
                        Patches.APPLY_PATCH),
                    400,
                    "BadRequest")
                .path("message")
                .asText())
        .isEqualTo("error strict decoding patch: duplicate field \"metadata.labels.a\"");
  }

  @Test
  void oversizeBodyIsRequestEntityTooLarge() {
    String big =
        Manifests.repository("big", "https://example.com/" + "a".repeat((int) LIMIT) + ".git");
    assertStatus(client.post(REPOS, big), 413, "RequestEntityTooLarge");
    assertStatus(
        client.put(PRS + "/" + DRAFT, "{\"x\":\"" + "b".repeat((int) LIMIT) + "\"}"),
        413,
        "RequestEntityTooLarge");
  }

  @Test
  void unsupportedVerbsAreMethodNotAllowed() {
    for (String collection :
        List.of(PRS, PRRS, PORCH + "packages", REPOS, CONFIG + "repositories")) {
      assertStatus(client.delete(collection), 405, "MethodNotAllowed");
      assertStatus(client.put(collection, "{}"), 405, "MethodNotAllowed");
      assertStatus(client.patch(collection, "{}", Patches.MERGE_PATCH), 405, "MethodNotAllowed");
    }
    assertStatus(client.post(PRS + "/" + DRAFT, "{}"), 405, "MethodNotAllowed");
    assertStatus(client.post(PRRS, "{}"), 405, "MethodNotAllowed");
    assertStatus(client.delete(PRRS + "/" + DRAFT), 405, "MethodNotAllowed");
    assertStatus(client.get(PRRS + "?watch=true"), 405, "MethodNotAllowed");
    assertStatus(client.get(PORCH + "packages?watch=true"), 405, "MethodNotAllowed");
    assertStatus(client.post(PORCH + "packages", "{}"), 405, "MethodNotAllowed");
    assertStatus(client.delete(PORCH + "packages/blueprints.app"), 405, "MethodNotAllowed");
    assertStatus(client.delete(PRS + "/" + DRAFT + "/approval"), 405, "MethodNotAllowed");
  }

  @Test
  void unparsableNamesAreNotFound() {
    for (String name : List.of("nodots", "a.b", "..", "blueprints.app")) {
      assertStatus(client.get(PRS + "/" + name), 404, "NotFound");
      assertStatus(client.get(PRRS + "/" + name), 404, "NotFound");
      assertStatus(client.put(PRS + "/" + name, "{}"), 404, "NotFound");
      assertStatus(client.put(PRRS + "/" + name, "{}"), 404, "NotFound");
      assertStatus(client.patch(PRS + "/" + name, "{}", Patches.MERGE_PATCH), 404, "NotFound");
      assertStatus(client.delete(PRS + "/" + name), 404, "NotFound");
      assertStatus(client.put(PRS + "/" + name + "/approval", "{}"), 404, "NotFound");
    }
  }

  @Test
  void staleResourceVersionsAreConflicts() {
    String stale = "0000000000000000000000000000000000000000";
    String proposed = "blueprints.ready.ws1";
    for (String path :
        List.of(PRS + "/" + DRAFT, PRS + "/" + proposed + "/approval", PRRS + "/" + DRAFT)) {
      ObjectNode current = client.get(path).json().deepCopy();
      ((ObjectNode) current.get("metadata")).put("resourceVersion", stale);
      if (path.endsWith("/approval")) {
        ((ObjectNode) current.get("spec")).put("lifecycle", "Published");
      }
      JsonNode status = assertStatus(client.put(path, current.toString()), 409, "Conflict");
      assertThat(status.path("message").asText())
          .startsWith("Operation cannot be fulfilled on ")
          .contains("\": the object has been modified");
    }
    for (String path : List.of(REPOS + "/blueprints", REPOS + "/blueprints/status")) {
      ObjectNode current = client.get(path).json().deepCopy();
      ((ObjectNode) current.get("metadata")).put("resourceVersion", "1");
      assertThat(
              assertStatus(client.put(path, current.toString()), 409, "Conflict")
                  .path("message")
                  .asText())
          .contains("the object has been modified");
    }
  }

  @Test
  void deletePreconditionsMustMatch() {
    for (String path : List.of(PRS + "/" + DRAFT, REPOS + "/blueprints")) {
      JsonNode uid =
          assertStatus(
              deleteWith(path, "{\"preconditions\":{\"uid\":\"not-the-uid\"}}"), 409, "Conflict");
      assertThat(uid.path("message").asText())
          .contains("Precondition failed: UID in precondition: not-the-uid, UID in object meta: ");
      JsonNode rv =
          assertStatus(
              deleteWith(
                  path,
                  "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"resourceVersion\":\"1\"}}"),
              409,
              "Conflict");
      assertThat(rv.path("message").asText())
          .contains("Precondition failed: ResourceVersion in precondition: 1");
    }
    assertStatus(deleteWith(REPOS + "/blueprints", "{\"kind\":\"Pod\"}"), 400, "BadRequest");
  }

  private ApiClient.Response deleteWith(String path, String options) {
    return client.send("DELETE", path, options, "application/json", null, true);
  }

  static JsonNode assertStatus(ApiClient.Response r, int code, String reason) {
    assertThat(r.code()).as(r.body()).isEqualTo(code);
    JsonNode status = r.json();
    assertThat(status.path("kind").asText()).as(r.body()).isEqualTo("Status");
    assertThat(status.path("status").asText()).isEqualTo("Failure");
    assertThat(status.path("reason").asText()).as(r.body()).isEqualTo(reason);
    assertThat(status.path("code").asInt()).isEqualTo(code);
    assertThat(status.path("message").asText()).isNotBlank();
    return status;
  }
}
