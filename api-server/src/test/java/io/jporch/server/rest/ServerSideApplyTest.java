package io.jporch.server.rest;

import static io.jporch.server.rest.BadInputTest.assertStatus;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side apply and field management through the API: create through apply, managed fields on
 * every write, conflicts between managers, {@code force}, and the option checks.
 */
class ServerSideApplyTest {
  private static final String REPOS = CONFIG + "repositories";
  private static final String PRS = PORCH + "packagerevisions";
  private static final String KPTFILE =
      "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\n";

  @TempDir Path dir;
  ServerFixture fixture;
  ApiClient client;

  @BeforeEach
  void start() {
    fixture = ServerFixture.start(dir);
    client = fixture.client();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static String repository(String description, Map<String, String> labels) {
    StringBuilder out =
        new StringBuilder(
            "apiVersion: config.porch.kpt.dev/v1alpha1\nkind: Repository\nmetadata:\n  name: r1\n");
    if (!labels.isEmpty()) {
      out.append("  labels:\n");
      labels.forEach((k, v) -> out.append("    ").append(k).append(": ").append(v).append('\n'));
    }
    out.append("spec:\n  type: git\n  git:\n    repo: https://example.com/r1.git\n");
    if (description != null) {
      out.append("  description: ").append(description).append('\n');
    }
    return out.toString();
  }

  private ApiClient.Response apply(String path, String manager, boolean force, String yaml) {
    return client.patch(
        path + "?fieldManager=" + manager + (force ? "&force=true" : ""),
        yaml,
        Patches.APPLY_PATCH);
  }

  @Test
  void applyCreatesThenUpdatesARepository() {
    ApiClient.Response created =
        apply(REPOS + "/r1", "alice", false, repository("first", Map.of()));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    JsonNode entry = created.json().at("/metadata/managedFields/0");
    assertThat(entry.path("manager").asText()).isEqualTo("alice");
    assertThat(entry.path("operation").asText()).isEqualTo("Apply");
    assertThat(entry.path("apiVersion").asText()).isEqualTo("config.porch.kpt.dev/v1alpha1");
    assertThat(entry.path("fieldsType").asText()).isEqualTo("FieldsV1");
    assertThat(entry.path("time").asText()).isNotEmpty();
    assertThat(entry.at("/fieldsV1/f:spec/f:description").isObject()).isTrue();
    assertThat(created.json().at("/status/conditions/0/type").asText())
        .as("reconciled")
        .isEqualTo("Ready");

    ApiClient.Response updated =
        apply(REPOS + "/r1", "alice", false, repository("second", Map.of()));
    assertThat(updated.code()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().at("/spec/description").asText()).isEqualTo("second");
    assertThat(client.get(REPOS + "/r1").json().at("/metadata/managedFields"))
        .as("managed fields are stored")
        .isEqualTo(updated.json().at("/metadata/managedFields"));

    ApiClient.Response dropped = apply(REPOS + "/r1", "alice", false, repository(null, Map.of()));
    assertThat(dropped.json().at("/spec").has("description"))
        .as("a field the only applier stops applying is removed")
        .isFalse();
  }

  @Test
  void conflictingManagersAndForce() {
    apply(REPOS + "/r1", "alice", false, repository("d", Map.of("team", "a")));
    ApiClient.Response conflict =
        apply(REPOS + "/r1", "bob", false, repository("d", Map.of("team", "b")));
    JsonNode status = assertStatus(conflict, 409, "Conflict");
    assertThat(status.path("message").asText())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"alice\": .metadata.labels.team");
    JsonNode cause = status.at("/details/causes/0");
    assertThat(cause.path("reason").asText()).isEqualTo("FieldManagerConflict");
    assertThat(cause.path("field").asText()).isEqualTo(".metadata.labels.team");
    assertThat(cause.path("message").asText()).isEqualTo("conflict with \"alice\"");
    assertThat(client.get(REPOS + "/r1").json().at("/metadata/labels/team").asText())
        .isEqualTo("a");

    ApiClient.Response forced =
        apply(REPOS + "/r1", "bob", true, repository("d", Map.of("team", "b")));
    assertThat(forced.code()).as(forced.body()).isEqualTo(200);
    JsonNode object = forced.json();
    assertThat(object.at("/metadata/labels/team").asText()).isEqualTo("b");
    assertThat(fieldsOf(object, "alice").at("/f:metadata/f:labels").has("f:team")).isFalse();
    assertThat(fieldsOf(object, "bob").at("/f:metadata/f:labels").has("f:team")).isTrue();
  }

  @Test
  void updatesAreRecordedForTheirManager() {
    apply(REPOS + "/r1", "alice", false, repository("d", Map.of()));
    ObjectNode current = client.get(REPOS + "/r1").json().deepCopy();
    ((ObjectNode) current.get("spec")).put("description", "edited");
    ApiClient.Response put =
        client.send(
            "PUT",
            REPOS + "/r1",
            current.toString(),
            "application/json",
            Map.of("User-Agent", "kubectl-edit/v1.32.0 (linux/amd64) kubernetes/abc"));
    assertThat(put.code()).as(put.body()).isEqualTo(200);
    JsonNode edit = entryOf(put.json(), "kubectl-edit");
    assertThat(edit.path("operation").asText()).isEqualTo("Update");
    assertThat(edit.at("/fieldsV1/f:spec/f:description").isObject()).isTrue();
    assertThat(fieldsOf(put.json(), "alice").at("/f:spec").has("f:description"))
        .as("an update takes the field over without a conflict")
        .isFalse();
    ApiClient.Response patched =
        client.patch(
            REPOS + "/r1?fieldManager=labeller",
            "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}",
            Patches.MERGE_PATCH);
    assertThat(
            entryOf(patched.json(), "labeller").at("/fieldsV1/f:metadata/f:labels/f:x").isObject())
        .isTrue();
    assertStatus(
        apply(REPOS + "/r1", "alice", false, repository("mine", Map.of())), 409, "Conflict");
  }

  @Test
  void managedFieldsSurviveARestart() {
    apply(REPOS + "/r1", "alice", false, repository("d", Map.of()));
    JsonNode before = client.get(REPOS + "/r1").json().at("/metadata/managedFields");
    fixture.restart();
    client = fixture.client();
    assertThat(client.get(REPOS + "/r1").json().at("/metadata/managedFields")).isEqualTo(before);
  }

  @Test
  void applyOptionsAreValidated() {
    JsonNode noManager =
        assertStatus(
            client.patch(REPOS + "/r1", repository("d", Map.of()), Patches.APPLY_PATCH),
            422,
            "Invalid");
    assertThat(noManager.path("message").asText())
        .isEqualTo(
            "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for"
                + " apply patch");
    assertStatus(client.patch(REPOS + "/r1?force=true", "{}", Patches.MERGE_PATCH), 422, "Invalid");
    assertThat(client.get(REPOS + "/r1").code()).isEqualTo(404);
  }

  @Test
  void applyCreatesAPackageRevisionOnlyUnderItsComputedName() {
    client.post(REPOS, Manifests.repository("blueprints", "https://example.com/b.git"));
    String manifest =
        """
        apiVersion: porch.kpt.dev/v1alpha1
        kind: PackageRevision
        metadata:
          name: %s
          labels:
            owner: alice
        spec:
          packageName: app
          repository: blueprints
          workspaceName: ws1
          tasks:
          - type: init
            init:
              description: by apply
        """;
    JsonNode wrongName =
        assertStatus(
            apply(PRS + "/my-app", "alice", false, manifest.formatted("my-app")), 422, "Invalid");
    assertThat(wrongName.at("/details/causes/0/field").asText()).isEqualTo("metadata.name");
    assertThat(wrongName.path("message").asText()).contains("blueprints.app.ws1");

    ApiClient.Response created =
        apply(
            PRS + "/blueprints.app.ws1", "alice", false, manifest.formatted("blueprints.app.ws1"));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/metadata/name").asText()).isEqualTo("blueprints.app.ws1");
    assertThat(entryOf(created.json(), "alice").path("operation").asText()).isEqualTo("Apply");
    JsonNode got = client.get(PRS + "/blueprints.app.ws1").json();
    assertThat(got.at("/metadata/labels/owner").asText()).isEqualTo("alice");
    assertThat(entryOf(got, "alice").at("/fieldsV1/f:metadata/f:labels/f:owner").isObject())
        .as("stored with the revision's metadata")
        .isTrue();

    ApiClient.Response proposed =
        apply(
            PRS + "/blueprints.app.ws1",
            "alice",
            false,
            manifest.formatted("blueprints.app.ws1") + "  lifecycle: Proposed\n");
    assertThat(proposed.code()).as(proposed.body()).isEqualTo(200);
    assertThat(proposed.json().at("/spec/lifecycle").asText()).isEqualTo("Proposed");
  }

  @Test
  void approvalsAreRecordedWithTheirSubresource() {
    client.post(REPOS, Manifests.repository("blueprints", "https://example.com/b.git"));
    fixture
        .repositories()
        .repository("default", "blueprints")
        .putRevision("app", "ws1", 0, Lifecycle.PROPOSED, Map.of("Kptfile", KPTFILE));
    ObjectNode current = client.get(PRS + "/blueprints.app.ws1").json().deepCopy();
    ((ObjectNode) current.get("spec")).put("lifecycle", "Published");
    ApiClient.Response approved =
        client.put(PRS + "/blueprints.app.ws1/approval?fieldManager=approver", current.toString());
    assertThat(approved.code()).as(approved.body()).isEqualTo(200);
    JsonNode entry = entryOf(client.get(PRS + "/blueprints.app.ws1").json(), "approver");
    assertThat(entry.path("subresource").asText()).isEqualTo("approval");
    assertThat(entry.at("/fieldsV1/f:spec/f:lifecycle").isObject()).isTrue();
  }

  @Test
  void packageRevisionResourcesCannotBeCreatedByApply() {
    client.post(REPOS, Manifests.repository("blueprints", "https://example.com/b.git"));
    assertStatus(
        apply(
            PORCH + "packagerevisionresources/blueprints.app.ws9",
            "alice",
            false,
            "apiVersion: porch.kpt.dev/v1alpha1\nkind: PackageRevisionResources\n"),
        404,
        "NotFound");
  }

  private static JsonNode entryOf(JsonNode object, String manager) {
    List<String> managers = new ArrayList<>();
    for (JsonNode e : object.at("/metadata/managedFields")) {
      if (e.path("manager").asText().equals(manager)) {
        return e;
      }
      managers.add(e.path("manager").asText());
    }
    throw new AssertionError("no managed fields entry for " + manager + " among " + managers);
  }

  private static JsonNode fieldsOf(JsonNode object, String manager) {
    return entryOf(object, manager).path("fieldsV1");
  }
}
