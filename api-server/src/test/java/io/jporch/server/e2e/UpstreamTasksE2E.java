package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The creation tasks that start from other content, driven with kubectl against the server process
 * and real Git repositories (05-e2e-scenarios CLG-01..03, CLU-01, EDIT-01..02, UPG-01): clone from
 * a registered upstream revision and from a Git URL, copy (edit) of a published revision, and
 * upgrade onto a new upstream; the published clone is then fetched and updated with the kpt CLI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamTasksE2E extends E2EBase {
  private static final String NS = "default";
  private static final String NAMESPACE_YAML =
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: example
      """;
  private static final String QUOTA_YAML =
      """
      apiVersion: v1
      kind: ResourceQuota
      metadata:
        name: default
        namespace: example
      spec:
        hard:
          cpu: "40"
          memory: 40G
      """;

  private Path work;
  private JporchProcess server;
  private Kubectl kubectl;
  private Path blueprints;
  private String blueprintsUrl;
  private Map<String, String> blueprintTags;
  private Path deploy;

  @BeforeAll
  void start() throws IOException {
    work = workDir("upstream-tasks");
    blueprints = blueprintRepository(work.resolve("git"));
    blueprintsUrl = "file://" + blueprints;
    blueprintTags = GitCli.refs(blueprints);
    deploy = GitCli.createSeededBareRepository(work.resolve("git"), "deploy.git");
    server = JporchProcess.start(work.resolve("data"), work);
    kubectl = server.kubectl();
    RepositoryAssertions.applyAndAwaitReady(
        kubectl, "blueprints", Manifests.gitRepository("blueprints", blueprintsUrl, false));
    RepositoryAssertions.applyAndAwaitReady(
        kubectl, "deploy", Manifests.gitRepository("deploy", "file://" + deploy, false));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** CLU-01: clone from a registered revision; the placeholder is refused. */
  @Test
  @Order(1)
  void cloneFromRegisteredUpstream() {
    Kubectl.Result placeholder =
        create("deploy", "istions", "ws1", upstreamClone("blueprints.basens.main"));
    placeholder.assertFailure();
    assertThat(placeholder.errorText())
        .contains(
            "upstream revision may not be the placeholder package revision"
                + " blueprints/blueprints.basens.main");
    assertThat(GitCli.refs(deploy).keySet()).noneMatch(r -> r.contains("istions"));

    create("deploy", "istions", "ws1", upstreamClone("blueprints.basens.v1")).assertSuccess();
    JsonNode pr = get("deploy.istions.ws1");
    assertThat(pr.at("/spec/tasks/0/type").asText()).isEqualTo("clone");
    assertThat(pr.at("/spec/tasks/0/clone/upstreamRef/upstreamRef/name").asText())
        .isEqualTo("blueprints.basens.v1");
    assertThat(pr.at("/status/upstreamLock/git/ref").asText()).isEqualTo("basens/v1");
    assertThat(pr.at("/status/upstreamLock/git/commit").asText())
        .isEqualTo(blueprintTags.get("refs/tags/basens/v1"));

    JsonNode files = kubectl.packageResources("deploy.istions.ws1");
    String kptfile = files.path("Kptfile").asText();
    assertThat(kptfile)
        .contains("name: istions")
        .contains(
            Manifests.upstreamAndLock(
                blueprintsUrl, "basens", "basens/v1", blueprintTags.get("refs/tags/basens/v1")))
        .contains("internal.kpt.dev/upstream-identifier: kpt.dev|Kptfile|default|istions")
        .doesNotContain("updateStrategy");
    assertThat(files.path("namespace.yaml").asText())
        .contains("metadata: # kpt-merge: /example")
        .contains("internal.kpt.dev/upstream-identifier: '|Namespace|default|example'");

    Kubectl.Result again =
        create("deploy", "istions", "ws2", upstreamClone("blueprints.basens.v1"));
    again.assertFailure();
    assertThat(again.errorText())
        .contains(
            "`clone` cannot create a new revision for package \"istions\" that already exists in"
                + " repo \"deploy\"; make subsequent revisions using `copy`");
  }

  /** CLG-01/02: clone from a Git URL, with a leading slash in the directory. */
  @Test
  @Order(2)
  void cloneFromGitUrl() {
    create(
            "deploy",
            "from-git",
            "ws1",
            Manifests.gitCloneTask(blueprintsUrl, "basens/v2", "/basens"))
        .assertSuccess();
    JsonNode pr = get("deploy.from-git.ws1");
    assertThat(pr.at("/metadata/namespace").asText()).isEqualTo(NS);
    assertThat(pr.at("/status/upstreamLock/git/directory").asText()).isEqualTo("basens");
    assertThat(pr.at("/status/upstreamLock/git/ref").asText()).isEqualTo("basens/v2");
    assertThat(pr.at("/status/upstreamLock/git/commit").asText())
        .isEqualTo(blueprintTags.get("refs/tags/basens/v2"));
    JsonNode files = kubectl.packageResources("deploy.from-git.ws1");
    assertThat(files.path("Kptfile").asText())
        .contains("name: from-git", "directory: basens", "ref: basens/v2");
    assertThat(files.path("resourcequota.yaml").asText())
        .contains("internal.kpt.dev/upstream-identifier: '|ResourceQuota|example|default'");
  }

  /** CLG-03: a clone whose source cannot be read leaves nothing behind. */
  @Test
  @Order(3)
  void failedCloneIsRolledBack() {
    Kubectl.Result failed =
        create(
            "deploy",
            "rollback",
            "ws1",
            Manifests.gitCloneTask(blueprintsUrl, "main", "no/such/dir"));
    failed.assertFailure();
    assertThat(failed.errorText()).contains("cannot find package no/such/dir@main");
    Kubectl.Result gone = kubectl.run("get", "packagerevision", "deploy.rollback.ws1", "-n", NS);
    gone.assertFailure();
    assertThat(gone.errorText()).contains("NotFound");
    assertThat(GitCli.refs(deploy).keySet()).noneMatch(r -> r.contains("rollback"));
  }

  /** EDIT-01/02: copies of published revisions of the same package only. */
  @Test
  @Order(4)
  void editCopiesPublishedRevisions() {
    kubectl
        .withFile(Manifests.initPackageRevision("deploy", "simple", "ws1"), "create")
        .assertSuccess();
    Kubectl.Result otherPackage = create("deploy", "other", "ws2", edit("deploy.simple.ws1"));
    otherPackage.assertFailure();
    assertThat(otherPackage.errorText())
        .contains("source revision must be from same package deploy/other");
    Kubectl.Result draftSource = create("deploy", "simple", "ws2", edit("deploy.simple.ws1"));
    draftSource.assertFailure();
    assertThat(draftSource.errorText()).contains("source revision must be published");

    publish("deploy.simple.ws1");
    create("deploy", "simple", "ws2", edit("deploy.simple.ws1")).assertSuccess();
    JsonNode copy = get("deploy.simple.ws2");
    assertThat(copy.at("/spec/tasks").size()).isEqualTo(1);
    assertThat(copy.at("/spec/tasks/0/type").asText()).isEqualTo("edit");
    assertThat(copy.at("/spec/tasks/0/edit/sourceRef/name").asText())
        .isEqualTo("deploy.simple.ws1");
    assertThat(kubectl.packageResources("deploy.simple.ws2").path("Kptfile").asText())
        .isEqualTo(kubectl.packageResources("deploy.simple.ws1").path("Kptfile").asText());

    Kubectl.Result placeholder = create("deploy", "simple", "ws3", edit("deploy.simple.main"));
    placeholder.assertFailure();
    assertThat(placeholder.errorText())
        .contains(
            "source revision may not be the placeholder package revision"
                + " deploy/deploy.simple.main");

    JsonNode published = publish("deploy.simple.ws2");
    assertThat(published.at("/spec/revision").asInt()).isEqualTo(2);
  }

  /** UPG-01: upgrade a published clone with local changes from basens v1 to v2. */
  @Test
  @Order(5)
  void upgradeMergesLocalChanges() throws IOException {
    // Local change: a ConfigMap and a changed Namespace label.
    JsonNode prr =
        kubectl.json(
            "get", "packagerevisionresources", "deploy.istions.ws1", "-n", NS, "-o", "json");
    ObjectNode res = (ObjectNode) prr.at("/spec/resources");
    res.put(
        "config-map.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local-config\ndata:\n  k: v\n");
    kubectl.withFile(prr.toString(), "replace").assertSuccess();
    publish("deploy.istions.ws1");

    Kubectl.Result placeholderTarget =
        create(
            "deploy",
            "istions",
            "up-main",
            upgrade("blueprints.basens.v1", "blueprints.basens.main", "deploy.istions.ws1", null));
    placeholderTarget.assertFailure();
    assertThat(placeholderTarget.errorText())
        .contains(
            "target upstream revision may not be the placeholder package revision"
                + " blueprints/blueprints.basens.main");

    Kubectl.Result fastForward =
        create(
            "deploy",
            "istions",
            "up-ff",
            upgrade(
                "blueprints.basens.v1",
                "blueprints.basens.v2",
                "deploy.istions.ws1",
                "fast-forward"));
    fastForward.assertFailure();
    assertThat(fastForward.errorText())
        .contains("local package files have been modified: [config-map.yaml]");

    create(
            "deploy",
            "istions",
            "up-v2",
            upgrade("blueprints.basens.v1", "blueprints.basens.v2", "deploy.istions.ws1", null))
        .assertSuccess();
    JsonNode upgraded = get("deploy.istions.up-v2");
    assertThat(upgraded.at("/spec/tasks/0/type").asText()).isEqualTo("upgrade");
    assertThat(upgraded.at("/spec/tasks/0/upgrade/newUpstreamRef/name").asText())
        .isEqualTo("blueprints.basens.v2");
    assertThat(upgraded.at("/status/upstreamLock/git/ref").asText()).isEqualTo("basens/v2");
    JsonNode files = kubectl.packageResources("deploy.istions.up-v2");
    assertThat(files.has("resourcequota.yaml")).as("added by basens v2").isTrue();
    assertThat(files.path("config-map.yaml").asText()).contains("name: local-config");
    assertThat(files.path("Kptfile").asText())
        .contains("name: istions", "ref: basens/v2", blueprintTags.get("refs/tags/basens/v2"));
    assertThat(publish("deploy.istions.up-v2").at("/spec/revision").asInt()).isEqualTo(2);
  }

  /** kpt fetches the published clone and updates it to the upgraded revision. */
  @Test
  @Order(6)
  void kptGetsAndUpdatesThePublishedClone() throws IOException {
    Path local = Files.createDirectories(work.resolve("kpt-local"));
    GitCli.git(local, "init", "-q", "-b", "main");
    GitCli.exec(
        local, List.of("kpt", "pkg", "get", "file://" + deploy + "/istions@istions/v1", "istions"));
    assertThat(local.resolve("istions/config-map.yaml")).content().contains("local-config");
    assertThat(local.resolve("istions/resourcequota.yaml")).doesNotExist();
    GitCli.commitAll(local, "v1");
    GitCli.exec(local, List.of("kpt", "pkg", "update", "istions@istions/v2"));
    assertThat(local.resolve("istions/resourcequota.yaml")).content().contains("memory: 40G");
    assertThat(local.resolve("istions/Kptfile")).content().contains("ref: istions/v2");
  }

  /** A clone into a deployment repository gets the package context of its new name. */
  @Test
  @Order(7)
  void cloneIntoDeploymentRepositoryGeneratesPackageContext() {
    Path bare = GitCli.createSeededBareRepository(work.resolve("git"), "deployment.git");
    RepositoryAssertions.applyAndAwaitReady(
        kubectl, "deployment", Manifests.deploymentGitRepository("deployment", "file://" + bare));
    create("deployment", "site-a", "ws1", upstreamClone("blueprints.basens.v1")).assertSuccess();
    JsonNode pr = get("deployment.site-a.ws1");
    assertThat(pr.at("/status/deployment").asBoolean()).isTrue();
    assertThat(
            kubectl.packageResources("deployment.site-a.ws1").path("package-context.yaml").asText())
        .contains("name: kptfile.kpt.dev", "  name: site-a", "package-path: site-a");
  }

  // ------------------------------------------------------------------ helpers

  private Kubectl.Result create(String repo, String pkg, String ws, String task) {
    return kubectl.withFile(Manifests.packageRevision(repo, pkg, ws, task), "create");
  }

  private static String upstreamClone(String name) {
    return """
        - type: clone
          clone:
            upstreamRef:
              upstreamRef:
                name: %s
        """
        .formatted(name);
  }

  private static String edit(String source) {
    return """
        - type: edit
          edit:
            sourceRef:
              name: %s
        """
        .formatted(source);
  }

  private static String upgrade(String oldUp, String newUp, String local, String strategy) {
    return """
        - type: upgrade
          upgrade:
            oldUpstreamRef:
              name: %s
            newUpstreamRef:
              name: %s
            localPackageRevisionRef:
              name: %s
        %s"""
        .formatted(oldUp, newUp, local, strategy == null ? "" : "    strategy: " + strategy + "\n");
  }

  private JsonNode get(String name) {
    return kubectl.json("get", "packagerevision", name, "-n", NS, "-o", "json");
  }

  private JsonNode publish(String name) {
    kubectl
        .run(
            "patch",
            "packagerevision",
            name,
            "-n",
            NS,
            "--type=merge",
            "-p",
            "{\"spec\":{\"lifecycle\":\"Proposed\"}}")
        .assertSuccess();
    JsonNode proposed = get(name);
    ((ObjectNode) proposed.get("spec")).put("lifecycle", "Published");
    return kubectl
        .withFile(
            proposed.toString(),
            "replace",
            "--raw",
            "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions/"
                + name
                + "/approval")
        .assertSuccess()
        .json();
  }

  /** A bare repository whose main holds package basens, tagged basens/v1 and basens/v2. */
  private static Path blueprintRepository(Path parent) {
    try {
      Files.createDirectories(parent);
      Path bare = parent.resolve("blueprints.git");
      GitCli.git(parent, "init", "--bare", "-q", "-b", "main", bare.toString());
      Path src = Files.createTempDirectory(parent, "blueprints-");
      GitCli.git(src, "init", "-q", "-b", "main");
      Files.createDirectories(src.resolve("basens"));
      Files.writeString(
          src.resolve("basens/Kptfile"),
          "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: basens\n"
              + "  annotations:\n    config.kubernetes.io/local-config: \"true\"\n"
              + "info:\n  description: sample description\n");
      Files.writeString(src.resolve("basens/namespace.yaml"), NAMESPACE_YAML);
      commitAndTag(src, "basens/v1");
      Files.writeString(src.resolve("basens/resourcequota.yaml"), QUOTA_YAML);
      commitAndTag(src, "basens/v2");
      GitCli.git(src, "push", "-q", bare.toString(), "main:refs/heads/main", "--tags");
      return bare;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void commitAndTag(Path src, String tag) {
    GitCli.commitAll(src, tag);
    GitCli.git(src, "tag", tag);
  }
}
