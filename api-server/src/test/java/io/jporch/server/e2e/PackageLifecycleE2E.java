package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.testing.http.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scenarios (b) and (c): the walking-skeleton package lifecycle driven with kubectl, against a
 * repository reached through {@code file://} and through Git smart HTTP ({@code git http-backend}):
 * create a Draft with an init task, add a file through PackageRevisionResources, propose, approve
 * through the approval subresource, then check the result with plain git and {@code kpt pkg get}; a
 * background {@code kubectl get -w} must see ADDED, MODIFIED and DELETED.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackageLifecycleE2E extends E2EBase {
  static final String CONFIGMAP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: demo-config
      data:
        greeting: hello
      """;

  private Path work;
  private JporchProcess server;
  private Kubectl kubectl;

  @BeforeAll
  void startServer() {
    work = workDir("lifecycle");
    server = JporchProcess.start(work.resolve("data"), work);
    kubectl = server.kubectl();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void lifecycleOverFileUrl() {
    Path bare = GitCli.createSeededBareRepository(work.resolve("git"), "lifecycle-file.git");
    String url = "file://" + bare;
    runLifecycle("lifecycle-file", url, bare, url);
  }

  @Test
  void lifecycleOverHttp() throws Exception {
    Path root = Files.createDirectories(work.resolve("http-root"));
    try (GitHttpServer git = GitHttpServer.start(root)) {
      Path bare = GitCli.createSeededBareRepository(root, "lifecycle-http.git");
      String url = git.url("lifecycle-http.git");
      runLifecycle("lifecycle-http", url, bare, url);
      assertThat(git.requests())
          .as("the server reached the repository over HTTP, including a push")
          .anySatisfy(r -> assertThat(r.query()).contains("git-receive-pack"));
    }
  }

  private void runLifecycle(String repo, String url, Path bare, String kptRepoUrl) {
    String pkg = "demo";
    String name = Manifests.objectName(repo, pkg, "v1");
    String second = Manifests.objectName(repo, "scratch", "v1");
    try (Kubectl.Watch watch =
        kubectl.watch(
            "get",
            "packagerevisions",
            "-n",
            "default",
            "-w",
            "--output-watch-events",
            "-o",
            "json")) {
      kubectl.withFile(Manifests.gitRepository(repo, url, false), "apply").assertSuccess();
      RepositoryAssertions.awaitReady(kubectl, repo);
      assertThat(revisionsOf(repo)).as("a repository with only a README has no packages").isEmpty();

      // Create a Draft with an init task.
      kubectl.withFile(Manifests.initPackageRevision(repo, pkg, "v1"), "create").assertSuccess();
      JsonNode draft = kubectl.json("get", "packagerevision", name, "-n", "default", "-o", "json");
      assertThat(draft.at("/spec/lifecycle").asText()).isEqualTo("Draft");
      assertThat(draft.at("/spec/revision").asLong(0)).isZero();
      assertThat(draft.at("/spec/packageName").asText()).isEqualTo(pkg);
      assertThat(draft.at("/spec/tasks/0/type").asText()).isEqualTo("init");
      assertThat(GitCli.refs(bare)).containsKey("refs/heads/drafts/demo/v1");
      // The watch has seen the new draft (live, or in its initial replay): from here on it is
      // connected, so the later changes must reach it.
      await("ADDED event for " + name)
          .untilAsserted(
              () -> assertThat(eventTypes(watch, name)).as(watch.describe()).contains("ADDED"));

      // Add a file through PackageRevisionResources.
      JsonNode resources =
          kubectl.json("get", "packagerevisionresources", name, "-n", "default", "-o", "json");
      assertThat(fieldNames(resources.at("/spec/resources"))).contains("Kptfile");
      ((ObjectNode) resources.at("/spec/resources")).put("configmap.yaml", CONFIGMAP);
      kubectl.withFile(resources.toString(), "replace").assertSuccess();
      JsonNode updated =
          kubectl.json("get", "packagerevisionresources", name, "-n", "default", "-o", "json");
      assertThat(updated.at("/spec/resources/configmap.yaml").asText())
          .contains("name: demo-config", "greeting: hello");
      assertThat(fieldNames(updated.at("/spec/resources"))).contains("Kptfile", "configmap.yaml");

      // Propose.
      kubectl
          .run(
              "patch",
              "packagerevision",
              name,
              "-n",
              "default",
              "--type=merge",
              "-p",
              "{\"spec\":{\"lifecycle\":\"Proposed\"}}")
          .assertSuccess();
      JsonNode proposed =
          kubectl.json("get", "packagerevision", name, "-n", "default", "-o", "json");
      assertThat(proposed.at("/spec/lifecycle").asText()).isEqualTo("Proposed");
      assertThat(GitCli.refs(bare))
          .containsKey("refs/heads/proposed/demo/v1")
          .doesNotContainKey("refs/heads/drafts/demo/v1");

      // Approve through the approval subresource.
      ((ObjectNode) proposed.get("spec")).put("lifecycle", "Published");
      JsonNode approved =
          kubectl
              .withFile(
                  proposed.toString(),
                  "replace",
                  "--raw",
                  "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions/"
                      + name
                      + "/approval")
              .assertSuccess()
              .json();
      assertThat(approved.at("/spec/lifecycle").asText()).isEqualTo("Published");

      JsonNode published =
          kubectl.json("get", "packagerevision", name, "-n", "default", "-o", "json");
      assertThat(published.at("/spec/lifecycle").asText()).isEqualTo("Published");
      assertThat(published.at("/spec/revision").asLong()).isEqualTo(1);
      assertThat(published.at("/metadata/labels").path(Manifests.LATEST_LABEL).asText())
          .isEqualTo("true");
      await("placeholder " + repo + ".demo.main")
          .untilAsserted(
              () ->
                  assertThat(revisionsOf(repo))
                      .containsEntry(repo + ".demo.main", Manifests.Revision.placeholder(repo, pkg))
                      .containsEntry(name, Manifests.Revision.published(repo, pkg, 1, true)));

      // What Git shows.
      Map<String, String> refs = GitCli.refs(bare);
      assertThat(refs).containsKey("refs/tags/demo/v1");
      assertThat(refs.keySet())
          .noneMatch(
              r -> r.startsWith("refs/heads/drafts/") || r.startsWith("refs/heads/proposed/"));
      assertThat(refs.get("refs/tags/demo/v1")).isEqualTo(refs.get("refs/heads/main"));
      assertThat(GitCli.gitDir(bare, "ls-tree", "-r", "--name-only", "main").lines())
          .contains("README.md", "demo/Kptfile", "demo/configmap.yaml");
      // Porch's approval commit, byte for byte: the message, then the trailer with its keys in
      // Porch's order (read from the raw commit object, as Go Porch would read it)
      assertThat(body(GitCli.gitDir(bare, "cat-file", "commit", "main")))
          .isEqualTo(
              "Approving package revision demo/1\n\n"
                  + "kpt:{\"package\":\"demo\",\"workspaceName\":\"v1\",\"revision\":\"1\"}\n");
      // every commit of the draft carries one trailer in the same format, the first its init task
      List<String> draftCommits =
          GitCli.gitDir(bare, "rev-list", "--reverse", "main^1..main^2").lines().toList();
      assertThat(draftCommits).isNotEmpty();
      for (String commit : draftCommits) {
        String draftMessage = body(GitCli.gitDir(bare, "cat-file", "commit", commit));
        List<String> trailers = draftMessage.lines().filter(l -> l.startsWith("kpt:")).toList();
        assertThat(trailers).as(draftMessage).hasSize(1);
        assertThat(trailers.get(0))
            .startsWith("kpt:{\"package\":\"demo\",\"workspaceName\":\"v1\",\"revision\":\"0\"");
        assertThat(draftMessage).endsWith("}\n");
      }
      assertThat(body(GitCli.gitDir(bare, "cat-file", "commit", draftCommits.get(0))))
          .startsWith("Creating new empty revision\n")
          .contains(",\"task\":{\"type\":\"init\",\"init\":{\"description\":\"demo created by");
      assertThat(GitCli.gitDir(bare, "show", "main:demo/configmap.yaml"))
          .contains("name: demo-config", "greeting: hello");

      // kpt retrieves the published package.
      Path dest = work.resolve("kpt-get-" + repo);
      GitCli.exec(
          work, List.of("kpt", "pkg", "get", kptRepoUrl + "/demo@demo/v1", dest.toString()));
      assertThat(dest.resolve("Kptfile")).isRegularFile();
      assertThat(dest.resolve("configmap.yaml")).content().contains("greeting: hello");

      // A second draft, deleted again.
      kubectl
          .withFile(Manifests.initPackageRevision(repo, "scratch", "v1"), "create")
          .assertSuccess();
      assertThat(GitCli.refs(bare)).containsKey("refs/heads/drafts/scratch/v1");
      kubectl.run("delete", "packagerevision", second, "-n", "default").assertSuccess();
      Kubectl.Result gone = kubectl.run("get", "packagerevision", second, "-n", "default");
      gone.assertFailure();
      assertThat(gone.errorText()).contains("NotFound");
      assertThat(GitCli.refs(bare)).doesNotContainKey("refs/heads/drafts/scratch/v1");

      await("watch events for " + name)
          .untilAsserted(
              () -> assertThat(eventTypes(watch, name)).as(watch.describe()).contains("MODIFIED"));
      await("DELETED event for " + second)
          .untilAsserted(
              () -> assertThat(eventTypes(watch, second)).as(watch.describe()).contains("DELETED"));
    }
  }

  /** The message of a raw commit object: everything after the first blank line. */
  private static String body(String rawCommit) {
    return rawCommit.substring(rawCommit.indexOf("\n\n") + 2);
  }

  private Map<String, Manifests.Revision> revisionsOf(String repo) {
    return Manifests.revisions(
        kubectl.json("get", "packagerevisions", "-n", "default", "-o", "json"), repo);
  }

  private static List<String> fieldNames(JsonNode node) {
    return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false)
        .toList();
  }

  private static List<String> eventTypes(Kubectl.Watch watch, String name) {
    return watch.documents().stream()
        .filter(e -> name.equals(e.at("/object/metadata/name").asText()))
        .map(e -> e.path("type").asText())
        .toList();
  }
}
