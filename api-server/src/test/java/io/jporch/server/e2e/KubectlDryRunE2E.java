package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * kubectl conformance, dry run: {@code --dry-run=server} on create, update (patch, replace, apply)
 * and delete of Repository, PackageRevision and PackageRevisionResources answers as if the request
 * were executed and leaves no trace in Git or in the stored objects; {@code kubectl diff} (which is
 * built on server-side dry-run) shows the pending change. The delete dry run goes last: should it
 * delete for real, it would take the shared objects of the other tests with it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlDryRunE2E extends KubectlConformanceBase {
  private String draft;
  private Map<String, String> refsBefore;
  private JsonNode draftBefore;
  private JsonNode resourcesBefore;
  private JsonNode repositoryBefore;

  @Override
  String prefix() {
    return "dryrun";
  }

  @BeforeAll
  void createDraft() {
    draft = createDraft("existing", "v1");
  }

  @BeforeEach
  void snapshot() {
    refsBefore = refs();
    draftBefore = get("packagerevision", draft);
    resourcesBefore = get("packagerevisionresources", draft);
    repositoryBefore = get("repository", repo);
  }

  @AfterEach
  void nothingChanged() {
    assertThat(refs()).as("git for-each-ref after a dry run").isEqualTo(refsBefore);
    assertThat(get("packagerevision", draft)).isEqualTo(draftBefore);
    assertThat(get("packagerevisionresources", draft)).isEqualTo(resourcesBefore);
    assertThat(get("repository", repo)).isEqualTo(repositoryBefore);
  }

  @Test
  void createPackageRevisionDryRun() {
    String name = Manifests.objectName(repo, "phantom", "v1");
    Kubectl.Result result =
        kubectl
            .withFile(
                Manifests.initPackageRevision(repo, "phantom", "v1"),
                "create",
                "--dry-run=server",
                "-o",
                "json")
            .assertSuccess();
    assertThat(result.json().at("/metadata/name").asText()).isEqualTo(name);
    assertThat(result.json().at("/spec/lifecycle").asText()).isEqualTo("Draft");
    assertThat(absent("packagerevision", name)).isTrue();
    assertThat(refs()).doesNotContainKey("refs/heads/drafts/phantom/v1");
    assertThat(
            kubectl
                .withFile(
                    Manifests.initPackageRevision(repo, "phantom", "v1"),
                    "create",
                    "--dry-run=server")
                .assertSuccess()
                .stdout()
                .strip())
        .isEqualTo("packagerevision.porch.kpt.dev/" + name + " created (server dry run)");
  }

  @Test
  void createRepositoryDryRun() {
    Path git = GitCli.createSeededBareRepository(work.resolve("git"), "phantom.git");
    Map<String, String> gitBefore = GitCli.refs(git);
    String manifest =
        Manifests.gitRepository("phantom", "file://" + git, true)
            .replace("branch: main", "branch: phantom-branch");
    assertThat(kubectl.withFile(manifest, "create", "--dry-run=server").assertSuccess().stdout())
        .contains("repository.config.porch.kpt.dev/phantom created (server dry run)");
    assertThat(absent("repository", "phantom")).isTrue();
    assertThat(GitCli.refs(git))
        .as("a dry-run create does not create the branch")
        .isEqualTo(gitBefore);
    assertThat(
            kubectl
                .withFile(manifest, "apply", "--server-side", "--dry-run=server")
                .assertSuccess()
                .stdout())
        .contains("(server dry run)");
    assertThat(absent("repository", "phantom")).isTrue();
  }

  @Test
  void updateDryRuns() {
    Kubectl.Result patched =
        kubectl
            .run(
                "patch",
                "packagerevision",
                draft,
                "-n",
                NS,
                "--type=merge",
                "-p",
                "{\"spec\":{\"lifecycle\":\"Proposed\"},\"metadata\":{\"labels\":{\"x\":\"y\"}}}",
                "--dry-run=server",
                "-o",
                "json")
            .assertSuccess();
    assertThat(patched.json().at("/spec/lifecycle").asText()).isEqualTo("Proposed");
    assertThat(patched.json().at("/metadata/labels/x").asText()).isEqualTo("y");

    ObjectNode replaced = draftBefore.deepCopy();
    ((ObjectNode) replaced.get("metadata")).putObject("labels").put("replaced", "yes");
    kubectl.withFile(replaced.toString(), "replace", "--dry-run=server").assertSuccess();

    ObjectNode resources = resourcesBefore.deepCopy();
    ((ObjectNode) resources.at("/spec/resources"))
        .put("ghost.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ghost\n");
    JsonNode dryResources =
        kubectl
            .withFile(resources.toString(), "replace", "--dry-run=server", "-o", "json")
            .assertSuccess()
            .json();
    assertThat(dryResources.at("/spec/resources/ghost.yaml").asText()).contains("name: ghost");
    kubectl
        .run(
            "patch",
            "packagerevisionresources",
            draft,
            "-n",
            NS,
            "--type=json",
            "-p",
            "[{\"op\":\"add\",\"path\":\"/spec/resources/json.yaml\",\"value\":"
                + "\"apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: json\\n\"}]",
            "--dry-run=server")
        .assertSuccess();
    // A dry run answers what the real call would: a package without a Kptfile is refused.
    Kubectl.Result noKptfile =
        kubectl.run(
            "patch",
            "packagerevisionresources",
            draft,
            "-n",
            NS,
            "--type=json",
            "-p",
            "[{\"op\":\"remove\",\"path\":\"/spec/resources/Kptfile\"}]",
            "--dry-run=server");
    assertThat(noKptfile.exitCode()).as(noKptfile.describe("refused")).isNotZero();
    assertThat(noKptfile.errorText()).contains("Kptfile");

    kubectl
        .run(
            "patch",
            "repository",
            repo,
            "-n",
            NS,
            "--type=merge",
            "-p",
            "{\"spec\":{\"description\":\"dry\"}}",
            "--dry-run=server")
        .assertSuccess();
    kubectl
        .withFile(
            Manifests.gitRepository(repo, "file://" + bare, false)
                .replace("jporch e2e repository", "applied dry"),
            "apply",
            "--server-side",
            "--dry-run=server")
        .assertSuccess();
    assertThat(
            kubectl
                .withFile(
                    Manifests.gitRepository(repo, "file://" + bare, false)
                        .replace("jporch e2e repository", "client-side dry"),
                    "apply",
                    "--dry-run=server")
                .assertSuccess()
                .stdout())
        .contains("repository.config.porch.kpt.dev/" + repo + " configured (server dry run)");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void deleteDryRun() {
    assertThat(
            kubectl
                .run("delete", "packagerevision", draft, "-n", NS, "--dry-run=server")
                .assertSuccess()
                .stdout())
        .contains("packagerevision.porch.kpt.dev \"" + draft + "\" deleted (server dry run)");
    assertThat(absent("packagerevision", draft)).isFalse();
    assertThat(
            kubectl
                .run("delete", "repository", repo, "-n", NS, "--dry-run=server")
                .assertSuccess()
                .stdout())
        .contains("repository.config.porch.kpt.dev \"" + repo + "\" deleted (server dry run)");
    assertThat(absent("repository", repo)).isFalse();
  }

  @Test
  void diffShowsPendingChanges() {
    String unchanged = Manifests.gitRepository(repo, "file://" + bare, false);
    Kubectl.Result same = kubectl.withFile(unchanged, "diff");
    assertThat(same.exitCode()).as(same.describe("no differences")).isZero();
    assertThat(same.stdout()).isBlank();

    Kubectl.Result changed =
        kubectl.withFile(unchanged.replace("jporch e2e repository", "diffed"), "diff");
    assertThat(changed.exitCode()).as(changed.describe("differences")).isEqualTo(1);
    assertThat(changed.stdout())
        .contains("-  description: jporch e2e repository " + repo)
        .contains("+  description: diffed " + repo);

    String labelled =
        Manifests.initPackageRevision(repo, "existing", "v1")
            .replace("  namespace: default\n", "  namespace: default\n  labels:\n    diff: me\n");
    Kubectl.Result revision = kubectl.withFile(labelled, "diff", "--server-side");
    assertThat(revision.exitCode()).as(revision.describe("differences")).isEqualTo(1);
    assertThat(revision.stdout()).contains("+    diff: me");

    String created = Manifests.initPackageRevision(repo, "diffed", "v1");
    Kubectl.Result creation = kubectl.withFile(created, "diff");
    assertThat(creation.exitCode()).as(creation.describe("a new object")).isEqualTo(1);
    assertThat(creation.stdout()).contains("+  name: " + repo + ".diffed.v1");
    assertThat(refs()).doesNotContainKey("refs/heads/drafts/diffed/v1");
  }
}
