package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Writes as kubectl 1.32 performs them: server-side apply (create, update, a conflict between two
 * field managers, {@code --force-conflicts}), {@code --dry-run=server} on create, replace, apply
 * and delete leaving no trace in Git, and the bad-input matrix answered with the right 4xx while
 * nothing changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WritesE2E extends E2EBase {
  private static final String REPO = "writes";
  private static final String PACKAGEREVISIONS =
      "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";
  private static final String DRAFT = Manifests.objectName(REPO, "existing", "v1");

  private Path bare;
  private JporchProcess server;
  private Kubectl kubectl;

  @BeforeAll
  void startServer() {
    Path work = workDir("writes");
    server = JporchProcess.start(work.resolve("data"), work);
    kubectl = server.kubectl();
    bare = GitCli.createSeededBareRepository(work.resolve("git"), "writes.git");
    kubectl
        .withFile(Manifests.gitRepository(REPO, "file://" + bare, false), "apply")
        .assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, REPO);
    kubectl
        .withFile(Manifests.initPackageRevision(REPO, "existing", "v1"), "create")
        .assertSuccess();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static String appliedRevision(String pkg, Map<String, String> labels, String lifecycle) {
    StringBuilder out =
        new StringBuilder(
            """
            apiVersion: porch.kpt.dev/v1alpha1
            kind: PackageRevision
            metadata:
              name: %s
              namespace: default
            """
                .formatted(Manifests.objectName(REPO, pkg, "v1")));
    if (!labels.isEmpty()) {
      out.append("  labels:\n");
      labels.forEach((k, v) -> out.append("    ").append(k).append(": ").append(v).append('\n'));
    }
    out.append(
        """
        spec:
          packageName: %s
          repository: %s
          workspaceName: v1
          lifecycle: %s
          tasks:
          - type: init
            init:
              description: applied by the e2e tests
        """
            .formatted(pkg, REPO, lifecycle));
    return out.toString();
  }

  private Kubectl.Result apply(String manifest, String manager, String... extra) {
    String[] args = new String[4 + extra.length];
    args[0] = "apply";
    args[1] = "--server-side";
    args[2] = "--field-manager=" + manager;
    args[3] = "-n=default";
    System.arraycopy(extra, 0, args, 4, extra.length);
    return kubectl.withFile(manifest, args);
  }

  @Test
  void serverSideApplyCreatesUpdatesAndResolvesConflicts() {
    String name = Manifests.objectName(REPO, "applied", "v1");
    Kubectl.Result created =
        apply(appliedRevision("applied", Map.of("team", "a"), "Draft"), "alice");
    created.assertSuccess();
    assertThat(created.stdout()).contains(name).contains("serverside-applied");
    assertThat(GitCli.refs(bare)).containsKey("refs/heads/drafts/applied/v1");
    JsonNode object = getWithManagedFields(name);
    JsonNode alice = entry(object, "alice");
    assertThat(alice.path("operation").asText()).isEqualTo("Apply");
    assertThat(alice.at("/fieldsV1/f:metadata/f:labels/f:team").isObject()).isTrue();

    apply(appliedRevision("applied", Map.of("team", "a", "tier", "gold"), "Draft"), "alice")
        .assertSuccess();
    assertThat(getWithManagedFields(name).at("/metadata/labels/tier").asText()).isEqualTo("gold");

    Kubectl.Result conflict =
        apply(appliedRevision("applied", Map.of("team", "b"), "Draft"), "bob", "-v=8")
            .assertFailure();
    assertThat(conflict.httpStatuses()).as(conflict.describe("statuses")).endsWith(409);
    JsonNode status = conflict.lastResponseBody();
    assertThat(status.path("reason").asText()).isEqualTo("Conflict");
    assertThat(status.path("message").asText())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"alice\": .metadata.labels.team");
    assertThat(status.at("/details/causes/0/reason").asText()).isEqualTo("FieldManagerConflict");
    assertThat(conflict.errorText()).contains("conflict with \"alice\"");
    assertThat(getWithManagedFields(name).at("/metadata/labels/team").asText()).isEqualTo("a");

    apply(appliedRevision("applied", Map.of("team", "b"), "Draft"), "bob", "--force-conflicts")
        .assertSuccess();
    JsonNode forced = getWithManagedFields(name);
    assertThat(forced.at("/metadata/labels/team").asText()).isEqualTo("b");
    assertThat(entry(forced, "alice").at("/fieldsV1/f:metadata/f:labels").has("f:team")).isFalse();
    assertThat(entry(forced, "bob").at("/fieldsV1/f:metadata/f:labels").has("f:team")).isTrue();

    apply(
            appliedRevision("applied", Map.of("team", "a", "tier", "gold"), "Proposed"),
            "alice",
            "--force-conflicts")
        .assertSuccess();
    assertThat(GitCli.refs(bare))
        .as("applying spec.lifecycle proposes the revision")
        .containsKey("refs/heads/proposed/applied/v1")
        .doesNotContainKey("refs/heads/drafts/applied/v1");
  }

  @Test
  void serverDryRunsLeaveNoTrace() {
    String draft =
        kubectl.json("get", "packagerevision", DRAFT, "-n", "default", "-o", "json").toString();
    unchanged(
        () -> {
          Kubectl.Result created =
              kubectl
                  .withFile(
                      Manifests.initPackageRevision(REPO, "dry", "v1"),
                      "create",
                      "--dry-run=server",
                      "-o",
                      "json")
                  .assertSuccess();
          assertThat(created.json().at("/metadata/name").asText())
              .isEqualTo(Manifests.objectName(REPO, "dry", "v1"));
          ObjectNode labelled = (ObjectNode) readJson(draft);
          ((ObjectNode) labelled.get("metadata")).putObject("labels").put("dry", "run");
          kubectl.withFile(labelled.toString(), "replace", "--dry-run=server").assertSuccess();
          apply(appliedRevision("dryapplied", Map.of(), "Draft"), "carol", "--dry-run=server")
              .assertSuccess();
          kubectl
              .withFile(
                  // Another remote: the same URL and branch as "writes" is a conflicting
                  // registration (Porch's webhook rules).
                  Manifests.gitRepository(
                      "dryrepo",
                      "file://"
                          + GitCli.createSeededBareRepository(bare.getParent(), "dryrepo.git"),
                      false),
                  "create",
                  "--dry-run=server")
              .assertSuccess();
          Kubectl.Result deleted =
              kubectl
                  .run("delete", "packagerevision", DRAFT, "-n", "default", "--dry-run=server")
                  .assertSuccess();
          assertThat(deleted.stdout()).contains("server dry run");
          return null;
        });
    kubectl
        .run("get", "packagerevision", Manifests.objectName(REPO, "dry", "v1"), "-n", "default")
        .assertFailure();
    kubectl.run("get", "repository", "dryrepo", "-n", "default").assertFailure();
    JsonNode after = kubectl.json("get", "packagerevision", DRAFT, "-n", "default", "-o", "json");
    assertThat(after.at("/metadata").has("labels")).isFalse();
  }

  @Test
  void badInputGetsTheRight4xxAndChangesNothing() {
    JsonNode current = kubectl.json("get", "packagerevision", DRAFT, "-n", "default", "-o", "json");
    String item = PACKAGEREVISIONS + "/" + DRAFT;
    unchanged(
        () -> {
          expect(
              kubectl.withFile(
                  "{\"apiVersion\": \"porch.kpt.dev/v1alpha1\", \"spec\": {",
                  "create",
                  "--raw",
                  PACKAGEREVISIONS,
                  "-v=8"),
              400,
              "BadRequest");
          ObjectNode wrongKind = current.deepCopy();
          wrongKind.put("kind", "Repository");
          expect(
              kubectl.withFile(wrongKind.toString(), "replace", "--raw", item, "-v=8"),
              400,
              "BadRequest");
          ObjectNode wrongVersion = current.deepCopy();
          wrongVersion.put("apiVersion", "porch.kpt.dev/v1beta9");
          expect(
              kubectl.withFile(wrongVersion.toString(), "replace", "--raw", item, "-v=8"),
              400,
              "BadRequest");
          ObjectNode renamed = current.deepCopy();
          ((ObjectNode) renamed.get("metadata")).put("name", "writes.other.v1");
          JsonNode mismatch =
              expect(
                  kubectl.withFile(renamed.toString(), "replace", "--raw", item, "-v=8"),
                  400,
                  "BadRequest");
          assertThat(mismatch.path("message").asText())
              .contains("does not match the name on the URL");
          String big =
              "{\"kind\":\"PackageRevision\",\"x\":\"" + "a".repeat(7 * 1024 * 1024) + "\"}";
          Kubectl.Result oversize =
              kubectl.withFile(big, "create", "--raw", PACKAGEREVISIONS, "-v=6").assertFailure();
          assertThat(oversize.httpStatuses()).as(oversize.describe("statuses")).endsWith(413);
          String unknown =
              Manifests.initPackageRevision(REPO, "strict", "v1")
                  .replace("  workspaceName: v1\n", "  workspaceName: v1\n  foo: bar\n");
          Kubectl.Result strict = kubectl.withFile(unknown, "create", "-v=8").assertFailure();
          JsonNode status = strict.lastResponseBody();
          assertThat(status.path("code").asInt()).as(strict.describe("status")).isEqualTo(400);
          assertThat(status.path("message").asText()).contains("unknown field \"spec.foo\"");
          return null;
        });
  }

  private JsonNode expect(Kubectl.Result result, int code, String reason) {
    result.assertFailure();
    assertThat(result.httpStatuses()).as(result.describe("statuses")).endsWith(code);
    JsonNode status = result.lastResponseBody();
    assertThat(status.path("kind").asText()).as(status.toString()).isEqualTo("Status");
    assertThat(status.path("code").asInt()).as(status.toString()).isEqualTo(code);
    assertThat(status.path("reason").asText()).as(status.toString()).isEqualTo(reason);
    return status;
  }

  /** Runs {@code body} and checks that Git refs and the package revisions did not change. */
  private void unchanged(Supplier<Void> body) {
    Map<String, String> refs = GitCli.refs(bare);
    Map<String, Manifests.Revision> revisions = revisions();
    JsonNode repositories =
        kubectl.json("get", "repositories", "-n", "default", "-o", "json").path("items");
    body.get();
    assertThat(GitCli.refs(bare)).as("git for-each-ref").isEqualTo(refs);
    assertThat(revisions()).as("package revisions").isEqualTo(revisions);
    assertThat(kubectl.json("get", "repositories", "-n", "default", "-o", "json").path("items"))
        .as("repositories")
        .isEqualTo(repositories);
  }

  private Map<String, Manifests.Revision> revisions() {
    return Manifests.revisions(
        kubectl.json("get", "packagerevisions", "-n", "default", "-o", "json"));
  }

  private JsonNode getWithManagedFields(String name) {
    return kubectl.json(
        "get", "packagerevision", name, "-n", "default", "-o", "json", "--show-managed-fields");
  }

  private static JsonNode entry(JsonNode object, String manager) {
    for (JsonNode e : object.at("/metadata/managedFields")) {
      if (e.path("manager").asText().equals(manager)) {
        return e;
      }
    }
    throw new AssertionError("no managed fields of " + manager + " in " + object);
  }

  private static JsonNode readJson(String text) {
    try {
      return Kubectl.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
