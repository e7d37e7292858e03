package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * kubectl conformance, writing: {@code create}, {@code apply} (client-side and {@code
 * --server-side}, including create and conflicts), {@code edit} with a scripted editor, {@code
 * patch} of all three types, {@code replace} and {@code delete}, for Repository, PackageRevision
 * and (where the verb applies) PackageRevisionResources. Each outcome is read back with {@code
 * kubectl get -o json} and, for package revisions, with {@code git for-each-ref}.
 */
class KubectlWriteE2E extends KubectlConformanceBase {
  private static final String CONFIGMAP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: conformance
      data:
        greeting: hello
      """;

  @Override
  String prefix() {
    return "write";
  }

  // ------------------------------------------------------------------ create

  @Test
  void createRepositoryAndPackageRevision() {
    Path git = GitCli.createSeededBareRepository(work.resolve("git"), "created.git");
    Kubectl.Result created =
        kubectl
            .withFile(Manifests.gitRepository("created", "file://" + git, false), "create")
            .assertSuccess();
    assertThat(created.stdout().strip())
        .isEqualTo("repository.config.porch.kpt.dev/created created");
    RepositoryAssertions.awaitReady(kubectl, "created");
    assertThat(get("repository", "created").at("/spec/git/repo").asText())
        .isEqualTo("file://" + git);

    Kubectl.Result again =
        kubectl
            .withFile(Manifests.gitRepository("created", "file://" + git, false), "create")
            .assertFailure();
    assertThat(again.errorText()).contains("AlreadyExists").contains("\"created\" already exists");

    String name = Manifests.objectName(repo, "fresh", "v1");
    Kubectl.Result pr =
        kubectl
            .withFile(Manifests.initPackageRevision(repo, "fresh", "v1"), "create", "-o", "json")
            .assertSuccess();
    assertThat(pr.json().at("/metadata/name").asText()).isEqualTo(name);
    assertThat(pr.json().at("/spec/lifecycle").asText()).isEqualTo("Draft");
    assertThat(get("packagerevision", name).at("/spec/tasks/0/type").asText()).isEqualTo("init");
    assertThat(refs()).containsKey("refs/heads/drafts/fresh/v1");

    Kubectl.Result duplicate =
        kubectl
            .withFile(Manifests.initPackageRevision(repo, "fresh", "v1"), "create")
            .assertFailure();
    assertThat(duplicate.errorText()).contains("already exists");
  }

  // ------------------------------------------------------------------ apply

  @Test
  void clientSideApplyCreatesUpdatesAndPrunesFields() {
    Path git = GitCli.createSeededBareRepository(work.resolve("git"), "applied.git");
    String manifest =
        Manifests.gitRepository("applied", "file://" + git, false)
            .replace("  namespace: default\n", "  namespace: default\n  labels:\n    a: one\n");
    assertThat(kubectl.withFile(manifest, "apply").assertSuccess().stdout().strip())
        .isEqualTo("repository.config.porch.kpt.dev/applied created");
    RepositoryAssertions.awaitReady(kubectl, "applied");
    JsonNode created = get("repository", "applied");
    assertThat(created.at("/metadata/labels/a").asText()).isEqualTo("one");
    assertThat(
            created
                .at("/metadata/annotations")
                .has("kubectl.kubernetes.io/last-applied-configuration"))
        .as("client-side apply records the last applied configuration: " + created)
        .isTrue();

    assertThat(kubectl.withFile(manifest, "apply").assertSuccess().stdout().strip())
        .isEqualTo("repository.config.porch.kpt.dev/applied unchanged");

    String changed =
        manifest
            .replace("    a: one\n", "    b: two\n")
            .replace("description: jporch e2e repository applied", "description: changed");
    assertThat(kubectl.withFile(changed, "apply").assertSuccess().stdout().strip())
        .isEqualTo("repository.config.porch.kpt.dev/applied configured");
    JsonNode updated = get("repository", "applied");
    assertThat(updated.at("/spec/description").asText()).isEqualTo("changed");
    assertThat(updated.at("/metadata/labels/b").asText()).isEqualTo("two");
    assertThat(updated.at("/metadata/labels").has("a"))
        .as("a label dropped from the manifest is removed: " + updated)
        .isFalse();

    // A PackageRevision created and then changed through client-side apply.
    String name = Manifests.objectName(repo, "csa", "v1");
    String pr = Manifests.initPackageRevision(repo, "csa", "v1");
    assertThat(kubectl.withFile(pr, "apply").assertSuccess().stdout().strip())
        .isEqualTo("packagerevision.porch.kpt.dev/" + name + " created");
    assertThat(refs()).containsKey("refs/heads/drafts/csa/v1");
    String labelled =
        pr.replace("  namespace: default\n", "  namespace: default\n  labels:\n    app: csa\n");
    assertThat(kubectl.withFile(labelled, "apply").assertSuccess().stdout().strip())
        .isEqualTo("packagerevision.porch.kpt.dev/" + name + " configured");
    JsonNode revision = get("packagerevision", name);
    assertThat(revision.at("/metadata/labels/app").asText()).isEqualTo("csa");
    assertThat(revision.at("/spec/lifecycle").asText()).isEqualTo("Draft");
  }

  @Test
  void serverSideApplyUpdatesExistingObjects() {
    Path git = GitCli.createSeededBareRepository(work.resolve("git"), "ssa-update.git");
    String manifest = Manifests.gitRepository("ssa-update", "file://" + git, false);
    // --save-config records the last-applied configuration, which lets kubectl's server-side
    // apply take over the fields kubectl-create set (without it, as in Kubernetes, changing
    // spec.description conflicts with "kubectl-create").
    kubectl.withFile(manifest, "create", "--save-config").assertSuccess();
    assertThat(
            kubectl
                .withFile(
                    manifest.replace("jporch e2e repository ssa-update", "applied"),
                    "apply",
                    "--server-side")
                .assertSuccess()
                .stdout()
                .strip())
        .isEqualTo("repository.config.porch.kpt.dev/ssa-update serverside-applied");
    assertThat(get("repository", "ssa-update").at("/spec/description").asText())
        .isEqualTo("applied");

    String name = createDraft("ssa-update", "v1");
    String labelled =
        Manifests.initPackageRevision(repo, "ssa-update", "v1")
            .replace("  namespace: default\n", "  namespace: default\n  labels:\n    app: ssa\n");
    assertThat(
            kubectl.withFile(labelled, "apply", "--server-side").assertSuccess().stdout().strip())
        .isEqualTo("packagerevision.porch.kpt.dev/" + name + " serverside-applied");
    JsonNode revision = get("packagerevision", name);
    assertThat(revision.at("/metadata/labels/app").asText()).isEqualTo("ssa");
    assertThat(revision.at("/spec/lifecycle").asText()).isEqualTo("Draft");
  }

  @Test
  void serverSideApplyCreatesAndRecordsManagedFields() {
    Path git = GitCli.createSeededBareRepository(work.resolve("git"), "ssa.git");
    String manifest = Manifests.gitRepository("ssa", "file://" + git, false);
    assertThat(
            kubectl.withFile(manifest, "apply", "--server-side").assertSuccess().stdout().strip())
        .isEqualTo("repository.config.porch.kpt.dev/ssa serverside-applied");
    RepositoryAssertions.awaitReady(kubectl, "ssa");
    JsonNode created =
        kubectl.json("get", "repository", "ssa", "-n", NS, "-o", "json", "--show-managed-fields");
    assertThat(managers(created)).contains("kubectl:Apply");

    kubectl
        .withFile(manifest.replace("e2e repository ssa", "applied again"), "apply", "--server-side")
        .assertSuccess();
    assertThat(get("repository", "ssa").at("/spec/description").asText())
        .isEqualTo("jporch applied again");

    String name = Manifests.objectName(repo, "ssa", "v1");
    String pr = Manifests.initPackageRevision(repo, "ssa", "v1");
    assertThat(kubectl.withFile(pr, "apply", "--server-side").assertSuccess().stdout().strip())
        .isEqualTo("packagerevision.porch.kpt.dev/" + name + " serverside-applied");
    assertThat(get("packagerevision", name).at("/spec/lifecycle").asText()).isEqualTo("Draft");
    assertThat(refs()).containsKey("refs/heads/drafts/ssa/v1");
    String labelled =
        pr.replace("  namespace: default\n", "  namespace: default\n  labels:\n    app: ssa\n");
    kubectl.withFile(labelled, "apply", "--server-side").assertSuccess();
    JsonNode revision =
        kubectl.json(
            "get", "packagerevision", name, "-n", NS, "-o", "json", "--show-managed-fields");
    assertThat(revision.at("/metadata/labels/app").asText()).isEqualTo("ssa");
    assertThat(managers(revision)).contains("kubectl:Apply");
  }

  @Test
  void serverSideApplyConflictsAndForce() {
    Path git = GitCli.createSeededBareRepository(work.resolve("git"), "owned.git");
    String manifest = Manifests.gitRepository("owned", "file://" + git, false);
    kubectl.withFile(manifest, "apply", "--server-side", "--field-manager=alice").assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, "owned");

    String bobs = manifest.replace("e2e repository owned", "bob was here");
    Kubectl.Result conflict =
        kubectl.withFile(bobs, "apply", "--server-side", "--field-manager=bob").assertFailure();
    assertThat(conflict.errorText())
        .contains("conflict")
        .contains("alice")
        .contains(".spec.description");
    assertThat(get("repository", "owned").at("/spec/description").asText())
        .isEqualTo("jporch e2e repository owned");

    kubectl
        .withFile(bobs, "apply", "--server-side", "--field-manager=bob", "--force-conflicts")
        .assertSuccess();
    JsonNode forced =
        kubectl.json("get", "repository", "owned", "-n", NS, "-o", "json", "--show-managed-fields");
    assertThat(forced.at("/spec/description").asText()).isEqualTo("jporch bob was here");
    assertThat(managers(forced)).contains("bob:Apply");

    // The same on a PackageRevision: alice owns a label, bob may not change it without force.
    String name = Manifests.objectName(repo, "owned", "v1");
    String pr =
        Manifests.initPackageRevision(repo, "owned", "v1")
            .replace(
                "  namespace: default\n", "  namespace: default\n  labels:\n    owner: alice\n");
    kubectl.withFile(pr, "apply", "--server-side", "--field-manager=alice").assertSuccess();
    Kubectl.Result prConflict =
        kubectl
            .withFile(
                pr.replace("owner: alice", "owner: bob"),
                "apply",
                "--server-side",
                "--field-manager=bob")
            .assertFailure();
    assertThat(prConflict.errorText()).contains("conflict").contains("alice");
    assertThat(get("packagerevision", name).at("/metadata/labels/owner").asText())
        .isEqualTo("alice");
  }

  @Test
  void applyingAChangedRepositoryKeepsItsPackageRevisions() {
    Path git = GitCli.createSeededBareRepository(work.resolve("git"), "kept.git");
    String manifest = Manifests.gitRepository("kept", "file://" + git, false);
    kubectl.withFile(manifest, "apply").assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, "kept");
    String pr =
        Manifests.initPackageRevision("kept", "labelled", "v1")
            .replace("  namespace: default\n", "  namespace: default\n  labels:\n    keep: me\n");
    kubectl.withFile(pr, "create").assertSuccess();
    String name = Manifests.objectName("kept", "labelled", "v1");
    JsonNode before = get("packagerevision", name);
    assertThat(before.at("/metadata/labels/keep").asText()).isEqualTo("me");

    assertThat(
            kubectl
                .withFile(manifest.replace("e2e repository kept", "new description"), "apply")
                .assertSuccess()
                .stdout()
                .strip())
        .isEqualTo("repository.config.porch.kpt.dev/kept configured");
    RepositoryAssertions.awaitReady(kubectl, "kept");
    JsonNode after = get("packagerevision", name);
    assertThat(after.at("/metadata/labels/keep").asText())
        .as("labels of a package revision survive a change of its Repository: " + after)
        .isEqualTo("me");
    assertThat(after.at("/metadata/creationTimestamp"))
        .isEqualTo(before.at("/metadata/creationTimestamp"));
    assertThat(after.at("/metadata/uid")).isEqualTo(before.at("/metadata/uid"));
  }

  // ------------------------------------------------------------------ edit

  @Test
  void editWithAScriptedEditor() {
    Path git = GitCli.createSeededBareRepository(work.resolve("git"), "edited.git");
    kubectl
        .withFile(Manifests.gitRepository("edited", "file://" + git, false), "create")
        .assertSuccess();
    Path repoEditor =
        editorScript(
            "edit-repository",
            "sed -i 's/description: jporch e2e repository edited/description: edited by"
                + " kubectl/' \"$1\"");
    assertThat(edit(repoEditor, "repository", "edited", "-n", NS).assertSuccess().stdout().strip())
        .isEqualTo("repository.config.porch.kpt.dev/edited edited");
    assertThat(get("repository", "edited").at("/spec/description").asText())
        .isEqualTo("edited by kubectl");

    String name = createDraft("edited", "v1");
    Path prEditor =
        editorScript(
            "edit-packagerevision",
            "python3 - \"$1\" <<'EOF'\n"
                + "import sys\n"
                + "path = sys.argv[1]\n"
                + "text = open(path).read()\n"
                + "text = text.replace('  name: "
                + name
                + "\\n', '  name: "
                + name
                + "\\n  labels:\\n    edited: \"yes\"\\n', 1)\n"
                + "open(path, 'w').write(text)\n"
                + "EOF");
    assertThat(edit(prEditor, "packagerevision", name, "-n", NS).assertSuccess().stdout().strip())
        .isEqualTo("packagerevision.porch.kpt.dev/" + name + " edited");
    assertThat(get("packagerevision", name).at("/metadata/labels/edited").asText())
        .isEqualTo("yes");

    // PackageRevisionResources: edit a file of the package.
    addConfigMap(name);
    String before = refs().get("refs/heads/drafts/edited/v1");
    Path prrEditor =
        editorScript("edit-resources", "sed -i 's/greeting: hello/greeting: edited/' \"$1\"");
    assertThat(
            edit(prrEditor, "packagerevisionresources", name, "-n", NS)
                .assertSuccess()
                .stdout()
                .strip())
        .isEqualTo("packagerevisionresources.porch.kpt.dev/" + name + " edited");
    assertThat(get("packagerevisionresources", name).at("/spec/resources/cm.yaml").asText())
        .contains("greeting: edited");
    assertThat(refs().get("refs/heads/drafts/edited/v1")).isNotEqualTo(before);
    assertThat(GitCli.gitDir(bare, "show", "drafts/edited/v1:edited/cm.yaml"))
        .contains("greeting: edited");
  }

  // ------------------------------------------------------------------ patch

  @Test
  void patchOfAllThreeTypes() {
    String name = createDraft("patched", "v1");
    patch("packagerevision", name, "merge", "{\"metadata\":{\"labels\":{\"m\":\"merge\"}}}");
    patch(
        "packagerevision",
        name,
        "json",
        "[{\"op\":\"add\",\"path\":\"/metadata/labels/j\",\"value\":\"json\"}]");
    patch("packagerevision", name, "strategic", "{\"metadata\":{\"labels\":{\"s\":\"smp\"}}}");
    patch(
        "packagerevision",
        name,
        "merge",
        "{\"spec\":{\"packageMetadata\":{\"labels\":{\"pkg\":\"label\"}}}}");
    JsonNode revision = get("packagerevision", name);
    assertThat(revision.at("/metadata/labels/m").asText()).isEqualTo("merge");
    assertThat(revision.at("/metadata/labels/j").asText()).isEqualTo("json");
    assertThat(revision.at("/metadata/labels/s").asText()).isEqualTo("smp");
    assertThat(revision.at("/spec/packageMetadata/labels/pkg").asText()).isEqualTo("label");
    patch(
        "packagerevision",
        name,
        "json",
        "[{\"op\":\"test\",\"path\":\"/spec/lifecycle\",\"value\":\"Draft\"},"
            + "{\"op\":\"replace\",\"path\":\"/spec/lifecycle\",\"value\":\"Proposed\"}]");
    assertThat(get("packagerevision", name).at("/spec/lifecycle").asText()).isEqualTo("Proposed");
    assertThat(refs()).containsKey("refs/heads/proposed/patched/v1");
    Kubectl.Result failedTest =
        kubectl
            .run(
                "patch",
                "packagerevision",
                name,
                "-n",
                NS,
                "--type=json",
                "-p",
                "[{\"op\":\"test\",\"path\":\"/spec/lifecycle\",\"value\":\"Draft\"}]")
            .assertFailure();
    assertThat(failedTest.errorText()).isNotBlank();

    patch(
        "repository",
        repo,
        "json",
        "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"j\":\"json\"}}]");
    patch("repository", repo, "merge", "{\"metadata\":{\"labels\":{\"m\":\"merge\"}}}");
    // Repository is a custom resource in Porch: kube-apiserver (and so jporch) offers no strategic
    // merge patch for it, and kubectl says so.
    Kubectl.Result strategic =
        kubectl
            .run(
                "patch",
                "repository",
                repo,
                "-n",
                NS,
                "--type=strategic",
                "-p",
                "{\"spec\":{\"description\":\"smp\"}}")
            .assertFailure();
    assertThat(strategic.errorText())
        .contains("application/strategic-merge-patch+json is not supported");
    JsonNode repository = get("repository", repo);
    assertThat(repository.at("/metadata/labels/j").asText()).isEqualTo("json");
    assertThat(repository.at("/metadata/labels/m").asText()).isEqualTo("merge");
    assertThat(repository.at("/spec/description").asText()).isNotEqualTo("smp");

    String resources = createDraft("patched-resources", "v1");
    patch(
        "packagerevisionresources",
        resources,
        "merge",
        "{\"spec\":{\"resources\":{\"merge.yaml\":" + configMapJson("merge") + "}}}");
    patch(
        "packagerevisionresources",
        resources,
        "json",
        "[{\"op\":\"add\",\"path\":\"/spec/resources/json.yaml\",\"value\":"
            + configMapJson("json")
            + "}]");
    patch(
        "packagerevisionresources",
        resources,
        "strategic",
        "{\"spec\":{\"resources\":{\"smp.yaml\":" + configMapJson("smp") + "}}}");
    assertThat(fieldNames(get("packagerevisionresources", resources).at("/spec/resources")))
        .contains("Kptfile", "merge.yaml", "json.yaml", "smp.yaml");
    assertThat(
            GitCli.gitDir(bare, "ls-tree", "-r", "--name-only", "drafts/patched-resources/v1")
                .lines())
        .contains(
            "patched-resources/merge.yaml",
            "patched-resources/json.yaml",
            "patched-resources/smp.yaml");
    patch(
        "packagerevisionresources",
        resources,
        "json",
        "[{\"op\":\"remove\",\"path\":\"/spec/resources/json.yaml\"}]");
    assertThat(fieldNames(get("packagerevisionresources", resources).at("/spec/resources")))
        .doesNotContain("json.yaml");
  }

  // ------------------------------------------------------------------ replace

  @Test
  void replaceWithCurrentAndStaleResourceVersion() {
    Path git = GitCli.createSeededBareRepository(work.resolve("git"), "replaced.git");
    kubectl
        .withFile(Manifests.gitRepository("replaced", "file://" + git, false), "create")
        .assertSuccess();
    ObjectNode repository = (ObjectNode) get("repository", "replaced");
    ((ObjectNode) repository.get("spec")).put("description", "replaced");
    assertThat(kubectl.withFile(repository.toString(), "replace").assertSuccess().stdout().strip())
        .isEqualTo("repository.config.porch.kpt.dev/replaced replaced");
    assertThat(get("repository", "replaced").at("/spec/description").asText())
        .isEqualTo("replaced");
    ((ObjectNode) repository.get("spec")).put("description", "stale");
    Kubectl.Result stale = kubectl.withFile(repository.toString(), "replace").assertFailure();
    assertThat(stale.errorText()).contains("Conflict");
    assertThat(get("repository", "replaced").at("/spec/description").asText())
        .isEqualTo("replaced");

    String name = createDraft("replaced", "v1");
    ObjectNode revision = (ObjectNode) get("packagerevision", name);
    ((ObjectNode) revision.get("metadata")).putObject("labels").put("replaced", "yes");
    kubectl.withFile(revision.toString(), "replace").assertSuccess();
    assertThat(get("packagerevision", name).at("/metadata/labels/replaced").asText())
        .isEqualTo("yes");
    Kubectl.Result staleRevision = kubectl.withFile(revision.toString(), "replace").assertFailure();
    assertThat(staleRevision.errorText()).contains("Conflict");

    String before = refs().get("refs/heads/drafts/replaced/v1");
    ObjectNode resources = (ObjectNode) get("packagerevisionresources", name);
    ((ObjectNode) resources.at("/spec/resources")).put("replaced.yaml", CONFIGMAP);
    kubectl.withFile(resources.toString(), "replace").assertSuccess();
    assertThat(get("packagerevisionresources", name).at("/spec/resources/replaced.yaml").asText())
        .contains("greeting: hello");
    assertThat(refs().get("refs/heads/drafts/replaced/v1")).isNotEqualTo(before);
    Kubectl.Result staleResources =
        kubectl.withFile(resources.toString(), "replace").assertFailure();
    assertThat(staleResources.errorText()).contains("Conflict");
  }

  // ------------------------------------------------------------------ delete

  @Test
  void deleteRemovesObjectsAndBranches() {
    String name = createDraft("deleted", "v1");
    assertThat(refs()).containsKey("refs/heads/drafts/deleted/v1");
    assertThat(kubectl.run("delete", "packagerevision", name, "-n", NS).assertSuccess().stdout())
        .contains("packagerevision.porch.kpt.dev \"" + name + "\" deleted");
    assertThat(absent("packagerevision", name)).isTrue();
    assertThat(refs()).doesNotContainKey("refs/heads/drafts/deleted/v1");

    String one = createDraft("bulk-one", "v1");
    String two = createDraft("bulk-two", "v1");
    kubectl.run("label", "packagerevision", one, two, "-n", NS, "bulk=yes").assertSuccess();
    assertThat(
            kubectl
                .run("delete", "packagerevisions", "-n", NS, "-l", "bulk=yes")
                .assertSuccess()
                .stdout()
                .lines())
        .containsExactlyInAnyOrder(
            "packagerevision.porch.kpt.dev \"" + one + "\" deleted",
            "packagerevision.porch.kpt.dev \"" + two + "\" deleted");
    assertThat(absent("packagerevision", one)).isTrue();
    assertThat(absent("packagerevision", two)).isTrue();

    String published = publish("kept", "v1");
    Kubectl.Result forbidden =
        kubectl.run("delete", "packagerevision", published, "-n", NS).assertFailure();
    assertThat(forbidden.errorText()).contains("Forbidden");
    assertThat(get("packagerevision", published).at("/spec/lifecycle").asText())
        .isEqualTo("Published");

    Path git = GitCli.createSeededBareRepository(work.resolve("git"), "removed.git");
    kubectl
        .withFile(Manifests.gitRepository("removed", "file://" + git, false), "create")
        .assertSuccess();
    assertThat(kubectl.run("delete", "repository", "removed", "-n", NS).assertSuccess().stdout())
        .contains("repository.config.porch.kpt.dev \"removed\" deleted");
    assertThat(absent("repository", "removed")).isTrue();
    Kubectl.Result missing =
        kubectl.run("delete", "repository", "removed", "-n", NS).assertFailure();
    assertThat(missing.errorText()).contains("NotFound");
    assertThat(
            kubectl
                .run("delete", "repository", "removed", "-n", NS, "--ignore-not-found")
                .assertSuccess()
                .stdout())
        .isBlank();
  }

  // ------------------------------------------------------------------ helpers

  private void patch(String resource, String name, String type, String patch) {
    kubectl.run("patch", resource, name, "-n", NS, "--type=" + type, "-p", patch).assertSuccess();
  }

  private void addConfigMap(String name) {
    patch(
        "packagerevisionresources",
        name,
        "merge",
        "{\"spec\":{\"resources\":{\"cm.yaml\":" + Kubectl.JSON.valueToTree(CONFIGMAP) + "}}}");
  }

  private static String configMapJson(String name) {
    return Kubectl.JSON
        .valueToTree(CONFIGMAP.replace("name: conformance", "name: " + name))
        .toString();
  }

  private static List<String> managers(JsonNode object) {
    return StreamSupport.stream(object.at("/metadata/managedFields").spliterator(), false)
        .map(m -> m.path("manager").asText() + ":" + m.path("operation").asText())
        .toList();
  }

  private static List<String> fieldNames(JsonNode node) {
    return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false)
        .toList();
  }
}
