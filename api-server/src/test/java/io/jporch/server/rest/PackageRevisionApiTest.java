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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** packagerevisions, approval, packagerevisionresources and packages over fake repositories. */
class PackageRevisionApiTest {
  private static final String PRS = PORCH + "packagerevisions";
  private static final String PRRS = PORCH + "packagerevisionresources";
  private static final String KPTFILE =
      "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: basens\n";

  @TempDir Path dir;
  ServerFixture fixture;
  ApiClient client;

  @BeforeEach
  void start() {
    fixture = ServerFixture.start(dir);
    client = fixture.client();
    assertThat(
            client
                .post(
                    CONFIG + "repositories",
                    Manifests.repository("blueprints", "https://example.com/b.git"))
                .code())
        .isEqualTo(201);
    var repo = fixture.repositories().repository("default", "blueprints");
    repo.putRevision("basens", "v1", 1, Lifecycle.PUBLISHED, Map.of("Kptfile", KPTFILE));
    repo.putRevision("basens", "v2", 2, Lifecycle.PUBLISHED, Map.of("Kptfile", KPTFILE));
    repo.putRevision("basens", "main", -1, Lifecycle.PUBLISHED, Map.of("Kptfile", KPTFILE));
    repo.putRevision(
        "net/istio", "ws1", 0, Lifecycle.DRAFT, Map.of("Kptfile", KPTFILE, "a.yaml", "a: 1\n"));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void listsRevisionsWithSelectors() {
    assertThat(names(client.get(PRS).json()))
        .containsExactly(
            "blueprints.basens.main",
            "blueprints.basens.v1",
            "blueprints.basens.v2",
            "blueprints.net.istio.ws1");
    assertThat(names(client.get(PRS + "?labelSelector=kpt.dev/latest-revision%3Dtrue").json()))
        .containsExactly("blueprints.basens.v2");
    assertThat(names(client.get(PRS + "?labelSelector=!kpt.dev/latest-revision").json()))
        .hasSize(3);
    assertThat(names(client.get(PRS + "?fieldSelector=spec.packageName%3Dnet/istio").json()))
        .containsExactly("blueprints.net.istio.ws1");
    assertThat(names(client.get(PRS + "?fieldSelector=spec.lifecycle%3DDraft").json()))
        .containsExactly("blueprints.net.istio.ws1");
    assertThat(names(client.get(PRS + "?fieldSelector=spec.revision%3Dv2").json()))
        .containsExactly("blueprints.basens.v2");
    assertThat(
            names(client.get(PRS + "?fieldSelector=metadata.name%3Dblueprints.basens.v1").json()))
        .containsExactly("blueprints.basens.v1");
    assertThat(names(client.get(PRS + "?fieldSelector=spec.repository%3Dother").json())).isEmpty();
    assertThat(names(client.get(PRS + "?fieldSelector=metadata.name%3Dnot-a-name").json()))
        .isEmpty();
    assertThat(names(client.get("/apis/porch.kpt.dev/v1alpha1/packagerevisions").json()))
        .hasSize(4);
    assertThat(
            names(
                client
                    .get("/apis/porch.kpt.dev/v1alpha1/namespaces/other/packagerevisions")
                    .json()))
        .isEmpty();
    ApiClient.Response bad = client.get(PRS + "?fieldSelector=spec.lifecycle!%3DDraft");
    assertThat(bad.code()).isEqualTo(400);
    assertThat(bad.json().path("message").asText()).contains("unsupported fieldSelector operator");
    assertThat(client.get(PRS + "?fieldSelector=spec.nope%3Dx").code()).isEqualTo(400);
    assertThat(client.get(PRS + "?fieldSelector=spec.lifecycle%3DDone").code()).isEqualTo(400);
  }

  @Test
  void getsByNameAnd404sOtherwise() {
    JsonNode v2 = client.get(PRS + "/blueprints.basens.v2").json();
    assertThat(v2.at("/spec/revision").asInt()).isEqualTo(2);
    assertThat(v2.at("/metadata/labels/kpt.dev~1latest-revision").asText()).isEqualTo("true");
    ApiClient.Response missing = client.get(PRS + "/blueprints.basens.v9");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.json().path("message").asText())
        .isEqualTo("packagerevisions.porch.kpt.dev \"blueprints.basens.v9\" not found");
    assertThat(missing.json().at("/details/kind").asText()).isEqualTo("packagerevisions");
    assertThat(client.get(PRS + "/unparsable").code()).isEqualTo(404);
    assertThat(client.get(PRS + "/norepo.basens.v1").code()).isEqualTo(404);
  }

  @Test
  void fullLifecycle() {
    ApiClient.Response created =
        client.post(PRS, Manifests.packageRevision("blueprints", "fresh", "ws1"));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    JsonNode draft = created.json();
    String name = "blueprints.fresh.ws1";
    assertThat(draft.at("/metadata/name").asText()).isEqualTo(name);
    assertThat(draft.at("/spec/lifecycle").asText()).isEqualTo("Draft");

    JsonNode prr = client.get(PRRS + "/" + name).json();
    assertThat(prr.at("/metadata/uid")).isEqualTo(draft.at("/metadata/uid"));
    assertThat(prr.at("/metadata/labels").isMissingNode()).isTrue();
    assertThat(prr.at("/spec/resources/Kptfile").asText()).contains("kind: Kptfile");
    ((ObjectNode) prr.at("/spec/resources")).put("cm.yaml", "apiVersion: v1\nkind: ConfigMap\n");
    ApiClient.Response replaced = client.put(PRRS + "/" + name, prr.toString());
    assertThat(replaced.code()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().at("/spec/resources/cm.yaml").asText()).contains("ConfigMap");
    assertThat(replaced.json().at("/status/renderStatus/error").asText()).isEmpty();
    assertThat(replaced.json().at("/metadata/resourceVersion"))
        .isNotEqualTo(prr.at("/metadata/resourceVersion"));

    ApiClient.Response proposed =
        client.patch(
            PRS + "/" + name,
            "{\"spec\":{\"lifecycle\":\"Proposed\"}}",
            "application/merge-patch+json");
    assertThat(proposed.code()).as(proposed.body()).isEqualTo(200);
    assertThat(proposed.json().at("/spec/lifecycle").asText()).isEqualTo("Proposed");

    JsonNode toApprove = proposed.json().deepCopy();
    ((ObjectNode) toApprove.get("spec")).put("lifecycle", "Published");
    ApiClient.Response approved = client.put(PRS + "/" + name + "/approval", toApprove.toString());
    assertThat(approved.code()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().at("/spec/lifecycle").asText()).isEqualTo("Published");
    assertThat(approved.json().at("/spec/revision").asInt()).isEqualTo(1);
    assertThat(client.get(PRS + "/" + name + "/approval").json().at("/spec/revision").asInt())
        .isEqualTo(1);

    ApiClient.Response forbidden = client.delete(PRS + "/" + name);
    assertThat(forbidden.code()).isEqualTo(403);
    assertThat(forbidden.json().path("message").asText())
        .startsWith(
            "packagerevisions.porch.kpt.dev \"blueprints.fresh.ws1\" is forbidden: published PackageRevisions");

    ApiClient.Response proposeDeletion =
        client.patch(
            PRS + "/" + name,
            "[{\"op\":\"replace\",\"path\":\"/spec/lifecycle\",\"value\":\"DeletionProposed\"}]",
            "application/json-patch+json");
    assertThat(proposeDeletion.code()).as(proposeDeletion.body()).isEqualTo(200);
    ApiClient.Response deleted = client.delete(PRS + "/" + name);
    assertThat(deleted.code()).isEqualTo(200);
    assertThat(deleted.json().at("/spec/lifecycle").asText()).isEqualTo("DeletionProposed");
    assertThat(client.get(PRS + "/" + name).code()).isEqualTo(404);
  }

  @Test
  void createValidation() {
    ApiClient.Response noRepo =
        client.post(PRS, "{\"spec\":{\"packageName\":\"p\",\"workspaceName\":\"w\"}}");
    assertThat(noRepo.code()).isEqualTo(400);
    assertThat(noRepo.json().path("message").asText()).isEqualTo("spec.repositoryName is required");

    ApiClient.Response unknownRepo = client.post(PRS, Manifests.packageRevision("nope", "p", "w"));
    assertThat(unknownRepo.code()).isEqualTo(404);
    assertThat(unknownRepo.json().path("message").asText())
        .isEqualTo("repositories.config.porch.kpt.dev \"nope\" not found");

    JsonNode badWorkspace =
        assertInvalid(
            client.post(PRS, Manifests.packageRevision("blueprints", "p", "Bad_WS")),
            "spec.workspaceName");
    assertThat(badWorkspace.path("message").asText())
        .startsWith("PackageRevision.porch.kpt.dev \"\" is invalid: spec.workspaceName");
    assertInvalid(
        client.post(PRS, Manifests.packageRevision("blueprints", "a//b", "w")), "spec.packageName");
    assertInvalid(
        client.post(
            PRS,
            "{\"spec\":{\"packageName\":\"p\",\"repository\":\"blueprints\",\"workspaceName\":\"w\",\"lifecycle\":\"Published\"}}"),
        "spec.lifecycle");
    assertInvalid(
        client.post(
            PRS,
            "{\"metadata\":{\"labels\":{\"kpt.dev/latest-revision\":\"true\"}},"
                + "\"spec\":{\"packageName\":\"p\",\"repository\":\"blueprints\",\"workspaceName\":\"w\"}}"),
        "metadata.labels.kpt.dev/latest-revision");
    assertInvalid(
        client.post(
            PRS,
            "{\"spec\":{\"packageName\":\"p\",\"repository\":\"blueprints\",\"workspaceName\":\"w\",\"lifecycle\":\"Weird\"}}"),
        "spec.lifecycle");
  }

  @Test
  void updateValidation() {
    String draft = PRS + "/blueprints.net.istio.ws1";
    JsonNode current = client.get(draft).json();
    ((ObjectNode) current.get("spec")).put("lifecycle", "Published");
    JsonNode status = assertInvalid(client.put(draft, current.toString()), "spec.lifecycle");
    assertThat(status.path("message").asText())
        .contains("value can be only updated to Draft,Proposed");

    ApiClient.Response approveDraft = client.put(draft + "/approval", current.toString());
    assertThat(assertInvalid(approveDraft, "spec.lifecycle").path("message").asText())
        .contains(
            "cannot approve package with Draft lifecycle value; only Proposed packages can be approved");

    JsonNode published = client.get(PRS + "/blueprints.basens.v1").json();
    ((ObjectNode) published.get("spec")).put("workspaceName", "other");
    assertInvalid(client.put(PRS + "/blueprints.basens.v1", published.toString()), "spec");

    JsonNode latest = client.get(PRS + "/blueprints.basens.v2").json();
    ((ObjectNode) latest.at("/metadata/labels")).remove("kpt.dev/latest-revision");
    assertInvalid(
        client.put(PRS + "/blueprints.basens.v2", latest.toString()),
        "metadata.labels.kpt.dev/latest-revision");

    JsonNode renamed = client.get(draft).json();
    ((ObjectNode) renamed.get("metadata")).put("name", "blueprints.other.ws1");
    ApiClient.Response mismatch = client.put(draft, renamed.toString());
    assertThat(mismatch.code()).isEqualTo(400);
    assertThat(mismatch.json().path("message").asText())
        .contains("does not match the name on the URL");

    JsonNode stale = client.get(draft).json();
    ((ObjectNode) stale.get("metadata"))
        .put("resourceVersion", "0000000000000000000000000000000000000001");
    ApiClient.Response conflict = client.put(draft, stale.toString());
    assertThat(conflict.code()).isEqualTo(409);
  }

  @Test
  void metadataIsWritableOnPublishedRevisions() {
    ApiClient.Response r =
        client.patch(
            PRS + "/blueprints.basens.v1",
            "{\"metadata\":{\"labels\":{\"team\":\"a\"},\"finalizers\":[\"example.com/keep\"]}}",
            "application/merge-patch+json");
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    JsonNode got = client.get(PRS + "/blueprints.basens.v1").json();
    assertThat(got.at("/metadata/labels/team").asText()).isEqualTo("a");
    assertThat(got.at("/metadata/finalizers/0").asText()).isEqualTo("example.com/keep");
    assertThat(names(client.get(PRS + "?labelSelector=team%3Da").json()))
        .containsExactly("blueprints.basens.v1");
  }

  @Test
  void packagesAreDerivedFromRevisions() {
    JsonNode list = client.get(PORCH + "packages").json();
    assertThat(list.path("kind").asText()).isEqualTo("PorchPackageList");
    assertThat(names(list)).containsExactly("blueprints.basens", "blueprints.net.istio");
    JsonNode basens = client.get(PORCH + "packages/blueprints.basens").json();
    assertThat(basens.at("/status/latestRevision").asInt()).isEqualTo(2);
    assertThat(basens.at("/spec/packageName").asText()).isEqualTo("basens");
    assertThat(basens.at("/spec/repository").asText()).isEqualTo("blueprints");
    assertThat(client.get(PORCH + "packages/blueprints.nothing").code()).isEqualTo(404);
    ApiClient.Response create = client.post(PORCH + "packages", "{\"metadata\":{\"name\":\"x\"}}");
    assertThat(create.code()).isEqualTo(405);
    assertThat(create.json().path("reason").asText()).isEqualTo("MethodNotAllowed");
    assertThat(create.json().path("message").asText())
        .contains("is not supported on resources of kind \"packages.porch.kpt.dev\"");
    assertThat(client.delete(PORCH + "packages/blueprints.basens").code()).isEqualTo(405);
    assertThat(client.get(PORCH + "packages?watch=true").code()).isEqualTo(405);
    assertThat(client.get(PRRS + "?watch=true").code()).isEqualTo(405);
    assertThat(names(client.get(PORCH + "packages?fieldSelector=spec.packageName%3Distio").json()))
        .containsExactly("blueprints.net.istio");
  }

  @Test
  void resourcesListAndSelectors() {
    JsonNode list = client.get(PRRS + "?fieldSelector=spec.packageName%3Dnet/istio").json();
    assertThat(list.path("kind").asText()).isEqualTo("PackageRevisionResourcesList");
    assertThat(names(list)).containsExactly("blueprints.net.istio.ws1");
    assertThat(list.at("/items/0/spec/resources/a.yaml").asText()).isEqualTo("a: 1\n");
    ApiClient.Response published = client.get(PRRS + "/blueprints.basens.v1");
    JsonNode body = published.json();
    ((ObjectNode) body.at("/spec/resources")).put("b.yaml", "b: 2\n");
    ApiClient.Response refused = client.put(PRRS + "/blueprints.basens.v1", body.toString());
    assertThat(refused.code()).isEqualTo(500);
    assertThat(refused.json().path("message").asText())
        .startsWith("Internal error occurred: cannot update a package revision");
  }

  @Test
  void yamlBodiesAndYamlResponses() {
    String yaml =
        """
        apiVersion: porch.kpt.dev/v1alpha1
        kind: PackageRevision
        spec:
          packageName: fromyaml
          repository: blueprints
          workspaceName: ws1
        """;
    ApiClient.Response created =
        client.send("POST", PRS, yaml, "application/yaml", "application/yaml", true);
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(created.contentType()).isEqualTo("application/yaml");
    assertThat(created.body()).contains("name: blueprints.fromyaml.ws1");
  }

  @Test
  void watchResumesFromTheListResourceVersion() {
    // The first list discovers the fixture's revisions (ADDED changes after its position).
    client.get(PRS);
    JsonNode list = client.get(PRS).json();
    String rv = list.at("/metadata/resourceVersion").asText();
    assertThat(rv).isNotEmpty();
    assertThat(client.post(PRS, Manifests.packageRevision("blueprints", "later", "ws1")).code())
        .isEqualTo(201);
    try (ApiClient.Watch watch =
        client.watch(PRS + "?watch=true&timeoutSeconds=5&resourceVersion=" + rv, null)) {
      JsonNode first = watch.next();
      assertThat(first.at("/object/metadata/name").asText()).isEqualTo("blueprints.later.ws1");
    }
    try (ApiClient.Watch invalid =
        client.watch(PRS + "?watch=true&timeoutSeconds=5&resourceVersion=unknown", null)) {
      assertThat(invalid.code()).isEqualTo(400);
    }
    try (ApiClient.Watch bookmarks =
        client.watch(
            PRS
                + "?watch=true&timeoutSeconds=5&allowWatchBookmarks=true&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan&fieldSelector=spec.repository%3Dnone",
            null)) {
      JsonNode bookmark = bookmarks.next();
      assertThat(bookmark.path("type").asText()).isEqualTo("BOOKMARK");
      assertThat(bookmark.at("/object/metadata/annotations/k8s.io~1initial-events-end").asText())
          .isEqualTo("true");
      assertThat(bookmark.at("/object/metadata/resourceVersion").asText()).isNotEmpty();
    }
  }

  private static JsonNode assertInvalid(ApiClient.Response r, String field) {
    assertThat(r.code()).as(r.body()).isEqualTo(422);
    JsonNode status = r.json();
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    assertThat(status.at("/details/kind").asText()).isEqualTo("PackageRevision");
    List<String> fields = new ArrayList<>();
    status.at("/details/causes").forEach(c -> fields.add(c.path("field").asText()));
    assertThat(fields).as(status.toString()).contains(field);
    return status;
  }

  static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
    return names;
  }
}
