package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scenario (e): bad requests are answered with Kubernetes Status errors carrying the right HTTP
 * code and naming the offending field, and leave Git untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsE2E extends E2EBase {
  private static final String PACKAGEREVISIONS =
      "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";
  private static final String REPO = "errors";
  private static final String DRAFT = Manifests.objectName(REPO, "existing", "v1");

  private Path work;
  private Path bare;
  private JporchProcess server;
  private Kubectl kubectl;
  private Map<String, String> refsBefore;
  private Map<String, Manifests.Revision> revisionsBefore;

  @BeforeAll
  void startServer() {
    work = workDir("errors");
    server = JporchProcess.start(work.resolve("data"), work);
    kubectl = server.kubectl();
    bare = GitCli.createSeededBareRepository(work.resolve("git"), "errors.git");
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

  @BeforeEach
  void snapshot() {
    refsBefore = GitCli.refs(bare);
    revisionsBefore = revisions();
    assertThat(revisionsBefore).containsKey(DRAFT);
  }

  @AfterEach
  void gitAndRevisionsUnchanged() {
    assertThat(GitCli.refs(bare))
        .as("git for-each-ref after the failed request")
        .isEqualTo(refsBefore);
    assertThat(revisions())
        .as("package revisions after the failed request")
        .isEqualTo(revisionsBefore);
  }

  @Test
  void malformedBodyIsBadRequest() {
    Kubectl.Result result =
        kubectl
            .withFile(
                "{\"apiVersion\": \"porch.kpt.dev/v1alpha1\", \"kind\": \"PackageRevision\", \"spec\": {",
                "create",
                "--raw",
                PACKAGEREVISIONS,
                "-v=8")
            .assertFailure();
    assertThat(result.httpStatuses()).as(result.describe("statuses")).endsWith(400);
    assertStatusBody(result, 400, "BadRequest");
  }

  @Test
  void repositoryWithoutGitRepoIsInvalid() {
    String manifest =
        """
        apiVersion: config.porch.kpt.dev/v1alpha1
        kind: Repository
        metadata:
          name: no-url
          namespace: default
        spec:
          type: git
          git:
            branch: main
        """;
    Kubectl.Result result = kubectl.withFile(manifest, "create", "-v=8").assertFailure();
    assertThat(result.httpStatuses()).as(result.describe("statuses")).endsWith(422);
    JsonNode status = assertStatusBody(result, 422, "Invalid");
    assertThat(status.path("message").asText()).contains("spec.git.repo");
    kubectl.run("get", "repository", "no-url", "-n", "default").assertFailure();
  }

  @Test
  void packageRevisionInUnknownRepositoryIsNotFound() {
    Kubectl.Result result =
        kubectl
            .withFile(Manifests.initPackageRevision("no-such-repo", "pkg", "v1"), "create", "-v=8")
            .assertFailure();
    assertThat(result.httpStatuses()).as(result.describe("statuses")).endsWith(404);
    JsonNode status = assertStatusBody(result, 404, "NotFound");
    assertThat(status.path("message").asText()).contains("\"no-such-repo\" not found");
  }

  @Test
  void invalidWorkspaceNameIsInvalid() {
    String manifest =
        """
        apiVersion: porch.kpt.dev/v1alpha1
        kind: PackageRevision
        metadata:
          name: errors.badws.invalid
          namespace: default
        spec:
          packageName: badws
          repository: errors
          workspaceName: Not_A_DNS_Label
          tasks:
          - type: init
            init:
              description: never created
        """;
    Kubectl.Result result = kubectl.withFile(manifest, "create", "-v=8").assertFailure();
    assertThat(result.httpStatuses()).as(result.describe("statuses")).endsWith(422);
    JsonNode status = assertStatusBody(result, 422, "Invalid");
    assertThat(status.path("message").asText()).contains("spec.workspaceName");
  }

  @Test
  void approvingADraftIsInvalid() {
    JsonNode draft = kubectl.json("get", "packagerevision", DRAFT, "-n", "default", "-o", "json");
    assertThat(draft.at("/spec/lifecycle").asText()).isEqualTo("Draft");
    ((ObjectNode) draft.get("spec")).put("lifecycle", "Published");
    Kubectl.Result result =
        kubectl
            .withFile(
                draft.toString(),
                "replace",
                "--raw",
                PACKAGEREVISIONS + "/" + DRAFT + "/approval",
                "-v=8")
            .assertFailure();
    assertThat(result.httpStatuses()).as(result.describe("statuses")).endsWith(422);
    JsonNode status = assertStatusBody(result, 422, "Invalid");
    assertThat(status.path("message").asText()).contains("spec.lifecycle");
  }

  /**
   * Checks that the last response kubectl logged (-v=8) is a Failure Status with the given code and
   * reason, and returns it.
   */
  private static JsonNode assertStatusBody(Kubectl.Result result, int code, String reason) {
    JsonNode status = result.lastResponseBody();
    assertThat(status.path("kind").asText()).as(status.toString()).isEqualTo("Status");
    assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("Failure");
    assertThat(status.path("code").asInt()).as(status.toString()).isEqualTo(code);
    assertThat(status.path("reason").asText()).as(status.toString()).isEqualTo(reason);
    assertThat(status.path("message").asText()).as(status.toString()).isNotBlank();
    return status;
  }

  private Map<String, Manifests.Revision> revisions() {
    return Manifests.revisions(
        kubectl.json("get", "packagerevisions", "-n", "default", "-o", "json"));
  }
}
