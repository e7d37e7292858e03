package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Kubernetes API conventions as the real kubectl 1.32 sees them: discovery ({@code
 * api-resources}, {@code api-versions}), OpenAPI ({@code explain} shows Porch's descriptions) and
 * server-side printing ({@code get} with Porch's columns in every output format).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiConventionsE2E extends E2EBase {
  private static final String REPO = "conventions";
  private static final String NAME = Manifests.objectName(REPO, "hello", "v1");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private JporchProcess server;
  private Kubectl kubectl;

  @BeforeAll
  void start() {
    Path work = workDir("conventions");
    server = JporchProcess.start(work.resolve("data"), work);
    kubectl = server.kubectl();
    Path bare = GitCli.createSeededBareRepository(work.resolve("git"), REPO + ".git");
    kubectl
        .withFile(Manifests.gitRepository(REPO, "file://" + bare, false), "apply")
        .assertSuccess();
    await("repository ready")
        .until(
            () ->
                kubectl
                    .run("get", "repository", REPO, "-o", "jsonpath={.status.conditions[0].status}")
                    .stdout()
                    .equals("True"));
    kubectl.withFile(Manifests.initPackageRevision(REPO, "hello", "v1"), "create").assertSuccess();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void apiResourcesListEveryResource() {
    Kubectl.Result r = kubectl.run("api-resources", "-o", "wide", "-v=6").assertSuccess();
    List<List<String>> rows = table(r.stdout());
    assertThat(rows.get(0))
        .containsExactly(
            "NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "VERBS", "CATEGORIES");
    assertThat(r.stdout())
        .containsPattern(
            "packagerevisions\\s+porch.kpt.dev/v1alpha1\\s+true\\s+PackageRevision\\s+"
                + "create,delete,get,list,patch,update,watch")
        .containsPattern(
            "packagerevisionresources\\s+porch.kpt.dev/v1alpha1\\s+true\\s+PackageRevisionResources\\s+"
                + "get,list,patch,update")
        .containsPattern(
            "packages\\s+porch.kpt.dev/v1alpha1\\s+true\\s+PorchPackage\\s+"
                + "create,delete,get,list,patch,update")
        .containsPattern(
            "repositories\\s+repo\\s+config.porch.kpt.dev/v1alpha1\\s+true\\s+Repository\\s+"
                + "create,delete,get,list,patch,update,watch");
    // Discovery came from the aggregated document: kubectl fetched no per-group-version lists.
    assertThat(r.stderr())
        .contains("/apis?timeout")
        .doesNotContain("/apis/porch.kpt.dev/v1alpha1?");
    assertThat(r.errorText()).isBlank();
  }

  @Test
  void apiVersions() {
    assertThat(kubectl.run("api-versions").assertSuccess().stdout().lines())
        // v1: the core group, for the Secrets standalone mode serves (repository credentials).
        .containsExactly("config.porch.kpt.dev/v1alpha1", "porch.kpt.dev/v1alpha1", "v1");
  }

  @Test
  void explainShowsPorchsDescriptions() {
    String tasks = kubectl.run("explain", "packagerevision.spec.tasks").assertSuccess().stdout();
    assertThat(tasks)
        .contains("GROUP:      porch.kpt.dev")
        .contains("FIELD: tasks <[]Task>")
        .contains("The task slice holds zero or more tasks that describe the operations")
        .containsPattern("type\\s+<string> -required-")
        .containsPattern("init\\s+<PackageInitTaskSpec>");
    String init =
        kubectl.run("explain", "packagerevision.spec.tasks.init").assertSuccess().stdout();
    assertThat(init)
        .contains("PackageInitTaskSpec defines the package initialization task.")
        .contains("`Description` is a short description of the package.");
    String git = kubectl.run("explain", "repository.spec.git").assertSuccess().stdout();
    assertThat(git)
        .contains("GROUP:      config.porch.kpt.dev")
        .contains("Git repository details. Required if `type` is `git`.")
        .containsPattern("repo\\s+<string> -required-")
        .contains("Address of the Git repository, for example:");
    String lifecycle =
        kubectl.run("explain", "packagerevision.spec.lifecycle").assertSuccess().stdout();
    assertThat(lifecycle).contains("ENUM:").contains("DeletionProposed");
    String meta =
        kubectl.run("explain", "packagerevisions.metadata.labels").assertSuccess().stdout();
    assertThat(meta).contains("Map of string keys and values");
  }

  @Test
  void getPrintsPorchsColumns() {
    List<List<String>> table =
        table(kubectl.run("get", "packagerevisions").assertSuccess().stdout());
    assertThat(table.get(0))
        .containsExactly(
            "NAME", "PACKAGE", "WORKSPACENAME", "REVISION", "LATEST", "LIFECYCLE", "REPOSITORY");
    assertThat(table).contains(List.of(NAME, "hello", "v1", "0", "false", "Draft", REPO));
    // All of Porch's columns have priority 0: -o wide shows the same set.
    List<List<String>> wide =
        table(kubectl.run("get", "packagerevisions", "-o", "wide").assertSuccess().stdout());
    assertThat(wide).isEqualTo(table);
    assertThat(
            table(kubectl.run("get", "packagerevisionresources").assertSuccess().stdout()).get(0))
        .containsExactly("NAME", "PACKAGE", "WORKSPACENAME", "REVISION", "REPOSITORY", "FILES");
    assertThat(table(kubectl.run("get", "packages").assertSuccess().stdout()))
        .containsExactly(
            List.of("NAME", "PACKAGE", "REPOSITORY", "LATEST", "REVISION"),
            List.of(REPO + ".hello", "hello", REPO, "0"));
    String repositories = kubectl.run("get", "repositories").assertSuccess().stdout();
    assertThat(repositories.lines().findFirst().orElseThrow())
        .matches(
            "NAME\\s+TYPE\\s+CONTENT\\s+SYNC SCHEDULE\\s+DEPLOYMENT\\s+READY\\s+ADDRESS\\s+BRANCH\\s+AGE");
    assertThat(repositories)
        .containsPattern(REPO + "\\s+git\\s+.*True\\s+file://\\S+\\s+main\\s+\\d+s");
    assertThat(kubectl.run("get", "repo", REPO).assertSuccess().stdout()).contains(REPO);
  }

  @Test
  void getInEveryOutputFormat() {
    assertThat(
            kubectl.run("get", "packagerevisions", "-o", "name").assertSuccess().stdout().strip())
        .isEqualTo("packagerevision.porch.kpt.dev/" + NAME);
    JsonNode json = kubectl.json("get", "packagerevisions", "-o", "json");
    assertThat(json.path("kind").asText()).isEqualTo("List");
    assertThat(json.at("/items/0/kind").asText()).isEqualTo("PackageRevision");
    assertThat(json.at("/items/0/metadata/name").asText()).isEqualTo(NAME);
    JsonNode yaml =
        yaml(kubectl.run("get", "packagerevision", NAME, "-o", "yaml").assertSuccess().stdout());
    assertThat(yaml.path("apiVersion").asText()).isEqualTo("porch.kpt.dev/v1alpha1");
    assertThat(yaml.at("/spec/tasks/0/type").asText()).isEqualTo("init");
    assertThat(
            kubectl
                .run("get", "packagerevisions", "-o", "jsonpath={.items[*].spec.lifecycle}")
                .assertSuccess()
                .stdout())
        .isEqualTo("Draft");
    List<List<String>> custom =
        table(
            kubectl
                .run(
                    "get",
                    "packagerevisions",
                    "-o",
                    "custom-columns=NAME:.metadata.name,UID:.metadata.uid,GEN:.metadata.generation,"
                        + "RV:.metadata.resourceVersion")
                .assertSuccess()
                .stdout());
    assertThat(custom.get(0)).containsExactly("NAME", "UID", "GEN", "RV");
    // Porch's deterministic UID: UUIDv5 of "packagerevision:porch.kpt.dev/v1alpha1/default/<name>".
    assertThat(custom.get(1))
        .containsExactly(
            NAME,
            "bc846b91-025d-59bf-b397-2b51f36f816c",
            "1",
            json.at("/items/0/metadata/resourceVersion").asText());
  }

  private static List<List<String>> table(String text) {
    return text.lines()
        .filter(l -> !l.isBlank())
        .map(l -> Arrays.asList(l.strip().split("\\s+")))
        .toList();
  }

  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
