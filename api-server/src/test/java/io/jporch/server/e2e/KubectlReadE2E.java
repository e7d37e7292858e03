package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kubectl conformance, reading: {@code api-resources}, {@code api-versions}, {@code explain},
 * {@code get} in every output format with label and field selectors, and {@code describe}, for
 * Repository, PackageRevision and PackageRevisionResources.
 */
class KubectlReadE2E extends KubectlConformanceBase {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String PR_HEADER =
      "NAME PACKAGE WORKSPACENAME REVISION LATEST LIFECYCLE REPOSITORY";

  private String draft;
  private String published;
  private String other;

  @Override
  String prefix() {
    return "read";
  }

  @BeforeAll
  void createObjects() {
    draft = createDraft("alpha", "ws1");
    published = publish("beta", "v1");
    other = "read-other";
    registerRepository(other);
    kubectl.run("label", "repository", repo, "-n", NS, "tier=gold", "team=blue").assertSuccess();
    kubectl.run("label", "packagerevision", draft, "-n", NS, "team=blue").assertSuccess();
  }

  // ------------------------------------------------------------------ discovery

  @Test
  void apiResourcesListsPorchResourcesWithTheirVerbs() {
    List<String> rows =
        kubectl
            .run("api-resources", "-o", "wide", "--no-headers")
            .assertSuccess()
            .stdout()
            .lines()
            .map(KubectlReadE2E::squeeze)
            .toList();
    assertThat(rows)
        .contains(
            "repositories repo config.porch.kpt.dev/v1alpha1 true Repository"
                + " create,delete,get,list,patch,update,watch",
            "packagerevisions porch.kpt.dev/v1alpha1 true PackageRevision"
                + " create,delete,get,list,patch,update,watch",
            "packagerevisionresources porch.kpt.dev/v1alpha1 true PackageRevisionResources"
                + " get,list,patch,update",
            "packages porch.kpt.dev/v1alpha1 true PorchPackage create,delete,get,list,patch,update");
    assertThat(
            kubectl
                .run("api-resources", "--api-group=porch.kpt.dev", "-o", "name")
                .assertSuccess()
                .stdout()
                .lines())
        .containsExactlyInAnyOrder(
            "packagerevisionresources.porch.kpt.dev",
            "packagerevisions.porch.kpt.dev",
            "packages.porch.kpt.dev");
    assertThat(kubectl.run("api-resources", "--namespaced=false", "--no-headers").stdout())
        .as("no cluster-scoped resources")
        .isBlank();
  }

  @Test
  void apiVersionsListsBothGroups() {
    assertThat(kubectl.run("api-versions").assertSuccess().stdout().lines())
        .contains("porch.kpt.dev/v1alpha1", "config.porch.kpt.dev/v1alpha1");
  }

  @Test
  void explainShowsFieldsAndTypes() {
    String tasks = kubectl.run("explain", "packagerevision.spec.tasks").assertSuccess().stdout();
    assertThat(tasks)
        .contains(
            "GROUP:      porch.kpt.dev", "KIND:       PackageRevision", "VERSION:    v1alpha1")
        .contains("FIELD: tasks <[]Task>")
        .containsPattern("(?m)^  type\\t<string>")
        .containsPattern("(?m)^  init\\t<")
        .containsPattern("(?m)^  clone\\t<");
    String git = kubectl.run("explain", "repository.spec.git").assertSuccess().stdout();
    assertThat(git)
        .contains("GROUP:      config.porch.kpt.dev", "KIND:       Repository")
        .containsPattern("(?m)^  repo\\t<string>")
        .containsPattern("(?m)^  branch\\t<string>");
    String resources =
        kubectl.run("explain", "packagerevisionresources.spec.resources").assertSuccess().stdout();
    assertThat(resources).contains("KIND:       PackageRevisionResources", "map[string]string");
  }

  @Test
  void explainFromTheProtobufOpenApiV2Document() {
    // plaintext-openapiv2 reads /openapi/v2 through client-go's OpenAPISchema(), which accepts
    // only gnostic's protobuf encoding (as does kubectl's client-side validation fallback).
    String tasks =
        kubectl
            .run("explain", "packagerevision.spec.tasks", "--output=plaintext-openapiv2")
            .assertSuccess()
            .stdout();
    assertThat(tasks)
        .contains("KIND:     PackageRevision", "VERSION:  porch.kpt.dev/v1alpha1")
        .contains("The task slice holds zero or more tasks")
        .containsPattern("(?m)^   type\\t<string>");
    String git =
        kubectl
            .run("explain", "repository.spec.git", "--output=plaintext-openapiv2")
            .assertSuccess()
            .stdout();
    assertThat(git).contains("KIND:     Repository").containsPattern("(?m)^   repo\\t<string>");
  }

  @Test
  void explainShowsPorchFieldDescriptions() {
    assertThat(kubectl.run("explain", "packagerevision.spec.tasks").assertSuccess().stdout())
        .contains("The task slice holds zero or more tasks");
    assertThat(kubectl.run("explain", "packagerevision.spec.packageName").assertSuccess().stdout())
        .contains("PackageName identifies the package in the repository.");
  }

  // ------------------------------------------------------------------ get

  @Test
  void getTableHasPorchColumns() {
    List<String> rows = tableRows("get", "packagerevisions", "-n", NS);
    assertThat(rows.get(0)).isEqualTo(PR_HEADER);
    assertThat(rows)
        .contains(
            draft + " alpha ws1 0 false Draft " + repo,
            published + " beta v1 1 true Published " + repo,
            repo + ".beta.main beta main -1 false Published " + repo);

    List<String> repos = tableRows("get", "repositories", "-n", NS);
    assertThat(repos.get(0))
        .isEqualTo("NAME TYPE CONTENT SYNC SCHEDULE DEPLOYMENT READY ADDRESS BRANCH AGE");
    assertThat(repos)
        .anySatisfy(
            r -> assertThat(r).startsWith(repo + " git Package True file://" + bare + " main "));

    List<String> resources = tableRows("get", "packagerevisionresources", draft, "-n", NS);
    assertThat(resources)
        .containsExactly(
            "NAME PACKAGE WORKSPACENAME REVISION REPOSITORY FILES",
            draft + " alpha ws1 0 " + repo + " " + fileCount(draft));
  }

  @Test
  void getWideShowsTheSameRows() {
    List<String> rows = tableRows("get", "packagerevisions", "-n", NS, "-o", "wide");
    assertThat(rows.get(0)).isEqualTo(PR_HEADER);
    assertThat(rows).contains(draft + " alpha ws1 0 false Draft " + repo);
    List<String> repos = tableRows("get", "repository", repo, "-n", NS, "-o", "wide");
    assertThat(repos.get(0))
        .isEqualTo("NAME TYPE CONTENT SYNC SCHEDULE DEPLOYMENT READY ADDRESS BRANCH AGE");
    assertThat(repos.get(1)).startsWith(repo + " git Package True file://" + bare + " main ");
    assertThat(tableRows("get", "packagerevisionresources", draft, "-n", NS, "-o", "wide"))
        .contains(draft + " alpha ws1 0 " + repo + " " + fileCount(draft));
  }

  @Test
  void getJsonAndYamlReturnTheObject() {
    JsonNode json = get("packagerevision", draft);
    assertThat(json.path("apiVersion").asText()).isEqualTo("porch.kpt.dev/v1alpha1");
    assertThat(json.path("kind").asText()).isEqualTo("PackageRevision");
    assertThat(json.at("/metadata/name").asText()).isEqualTo(draft);
    assertThat(json.at("/metadata/labels/team").asText()).isEqualTo("blue");
    assertThat(json.at("/metadata/uid").asText()).isNotBlank();
    assertThat(json.at("/metadata/resourceVersion").asText()).isNotBlank();
    assertThat(json.at("/metadata/creationTimestamp").asText()).isNotBlank();

    JsonNode yaml =
        yaml(kubectl.run("get", "packagerevision", draft, "-n", NS, "-o", "yaml").assertSuccess());
    assertThat(yaml).isEqualTo(json);

    JsonNode repoYaml =
        yaml(kubectl.run("get", "repository", repo, "-n", NS, "-o", "yaml").assertSuccess());
    assertThat(repoYaml.path("kind").asText()).isEqualTo("Repository");
    assertThat(repoYaml.at("/spec/git/repo").asText()).isEqualTo("file://" + bare);
    assertThat(repoYaml).isEqualTo(get("repository", repo));

    JsonNode prr = get("packagerevisionresources", draft);
    assertThat(prr.path("kind").asText()).isEqualTo("PackageRevisionResources");
    assertThat(prr.at("/spec/resources/Kptfile").asText()).contains("kind: Kptfile");
    assertThat(
            yaml(
                kubectl
                    .run("get", "packagerevisionresources", draft, "-n", NS, "-o", "yaml")
                    .assertSuccess()))
        .isEqualTo(prr);

    JsonNode list = kubectl.json("get", "packagerevisions", "-n", NS, "-o", "json");
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(names(list)).contains(draft, published);
  }

  @Test
  void getNameJsonpathAndCustomColumns() {
    assertThat(
            kubectl
                .run("get", "packagerevisions", "-n", NS, "-o", "name", "-l", "team=blue")
                .assertSuccess()
                .stdout()
                .lines())
        .containsExactly("packagerevision.porch.kpt.dev/" + draft);
    assertThat(
            kubectl
                .run("get", "repositories", "-n", NS, "-o", "name")
                .assertSuccess()
                .stdout()
                .lines())
        .containsExactlyInAnyOrder(
            "repository.config.porch.kpt.dev/" + repo, "repository.config.porch.kpt.dev/" + other);
    assertThat(
            kubectl
                .run("get", "packagerevisionresources", draft, "-n", NS, "-o", "name")
                .assertSuccess()
                .stdout()
                .strip())
        .isEqualTo("packagerevisionresources.porch.kpt.dev/" + draft);

    String jsonpath =
        kubectl
            .run(
                "get",
                "packagerevisions",
                "-n",
                NS,
                "--field-selector",
                "spec.repository=" + repo,
                "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.spec.lifecycle}/{.spec.revision}"
                    + "{\"\\n\"}{end}")
            .assertSuccess()
            .stdout();
    assertThat(jsonpath.lines())
        .containsExactlyInAnyOrder(
            draft + "=Draft/", published + "=Published/1", repo + ".beta.main=Published/-1");
    assertThat(
            kubectl
                .run(
                    "get",
                    "repository",
                    repo,
                    "-n",
                    NS,
                    "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
                .assertSuccess()
                .stdout())
        .isEqualTo("True");

    List<String> columns =
        tableRows(
            "get",
            "packagerevisions",
            "-n",
            NS,
            "--field-selector",
            "spec.repository=" + repo,
            "--sort-by=.metadata.name",
            "-o",
            "custom-columns=NAME:.metadata.name,PKG:.spec.packageName,LC:.spec.lifecycle,"
                + "TEAM:.metadata.labels.team");
    assertThat(columns)
        .containsExactly(
            "NAME PKG LC TEAM",
            draft + " alpha Draft blue",
            repo + ".beta.main beta Published <none>",
            published + " beta Published <none>");
    assertThat(
            tableRows(
                "get",
                "repositories",
                "-n",
                NS,
                "--sort-by=.metadata.name",
                "-o",
                "custom-columns=NAME:.metadata.name,URL:.spec.git.repo"))
        .containsExactly(
            "NAME URL",
            repo + " file://" + bare,
            other + " file://" + work.resolve("git").resolve(other + ".git"));
  }

  @Test
  void labelSelectors() {
    assertThat(namesOf("packagerevisions", "-l", "kpt.dev/latest-revision=true"))
        .containsExactly(published);
    assertThat(
            namesOf(
                "packagerevisions",
                "-l",
                "team=blue,kpt.dev/latest-revision!=true",
                "--field-selector",
                "spec.repository=" + repo))
        .containsExactly(draft);
    assertThat(namesOf("repositories", "-l", "tier=gold")).containsExactly(repo);
    assertThat(namesOf("repositories", "-l", "tier in (gold,silver)")).containsExactly(repo);
    assertThat(namesOf("repositories", "-l", "tier notin (gold)")).containsExactly(other);
    assertThat(namesOf("repositories", "-l", "!tier")).containsExactly(other);
    assertThat(namesOf("repositories", "-l", "tier")).containsExactly(repo);
    Kubectl.Result none = kubectl.run("get", "repositories", "-n", NS, "-l", "tier=platinum");
    none.assertSuccess();
    assertThat(none.stderr()).contains("No resources found in default namespace.");
  }

  @Test
  void fieldSelectors() {
    assertThat(namesOf("packagerevisions", "--field-selector", "spec.lifecycle=Draft"))
        .containsExactly(draft);
    assertThat(
            namesOf(
                "packagerevisions",
                "--field-selector",
                "spec.repository=" + repo + ",spec.packageName=beta"))
        .containsExactlyInAnyOrder(published, repo + ".beta.main");
    assertThat(namesOf("packagerevisions", "--field-selector", "metadata.name=" + published))
        .containsExactly(published);
    assertThat(
            namesOf(
                "packagerevisions",
                "--field-selector",
                "spec.repository=" + repo + ",spec.workspaceName=v1"))
        .containsExactly(published);
    assertThat(namesOf("repositories", "--field-selector", "metadata.name=" + other))
        .containsExactly(other);
    assertThat(
            namesOf(
                "packagerevisionresources",
                "--field-selector",
                "spec.repository=" + repo + ",spec.packageName=alpha"))
        .containsExactly(draft);
  }

  // ------------------------------------------------------------------ describe

  @Test
  void describeShowsTheObject() {
    String pr =
        kubectl.run("describe", "packagerevision", draft, "-n", NS).assertSuccess().stdout();
    assertThat(pr)
        .containsPattern("(?m)^Name:\\s+" + quoted(draft) + "$")
        .containsPattern("(?m)^Namespace:\\s+default$")
        .containsPattern("(?m)^Labels:\\s+team=blue$")
        .containsPattern("(?m)^API Version:\\s+porch.kpt.dev/v1alpha1$")
        .containsPattern("(?m)^Kind:\\s+PackageRevision$")
        .containsPattern("(?m)^  Lifecycle:\\s+Draft$")
        .containsPattern("(?m)^  Package Name:\\s+alpha$")
        .containsPattern("(?m)^  Workspace Name:\\s+ws1$")
        .containsPattern("(?m)^Events:\\s+<none>$");

    String repository =
        kubectl.run("describe", "repository", repo, "-n", NS).assertSuccess().stdout();
    assertThat(repository)
        .containsPattern("(?m)^Name:\\s+" + repo + "$")
        .containsPattern("(?m)^Kind:\\s+Repository$")
        .containsPattern("(?m)^Labels:\\s+team=blue$")
        .containsPattern("(?m)^\\s+tier=gold$")
        .containsPattern("(?m)^    Repo:\\s+file://" + quoted(bare.toString()) + "$")
        .containsPattern("(?m)^    Message:\\s+Repository Ready$");

    String resources =
        kubectl
            .run("describe", "packagerevisionresources", draft, "-n", NS)
            .assertSuccess()
            .stdout();
    assertThat(resources)
        .containsPattern("(?m)^Kind:\\s+PackageRevisionResources$")
        .containsPattern("(?m)^    Kptfile:\\s+apiVersion: kpt.dev/v1$");

    String bySelector =
        kubectl
            .run("describe", "packagerevisions", "-n", NS, "-l", "kpt.dev/latest-revision=true")
            .assertSuccess()
            .stdout();
    assertThat(bySelector)
        .containsPattern("(?m)^Name:\\s+" + quoted(published) + "$")
        .doesNotContain(draft);
  }

  // ------------------------------------------------------------------ helpers

  private List<String> namesOf(String resource, String... selectors) {
    String[] args = new String[selectors.length + 6];
    args[0] = "get";
    args[1] = resource;
    args[2] = "-n";
    args[3] = NS;
    System.arraycopy(selectors, 0, args, 4, selectors.length);
    args[args.length - 2] = "-o";
    args[args.length - 1] = "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}";
    return kubectl.run(args).assertSuccess().stdout().lines().toList();
  }

  /** Rows of a table printed by kubectl, with runs of blanks squeezed to one. */
  private List<String> tableRows(String... args) {
    return kubectl.run(args).assertSuccess().stdout().lines().map(KubectlReadE2E::squeeze).toList();
  }

  private int fileCount(String name) {
    JsonNode prr = get("packagerevisionresources", name);
    return prr.at("/spec/resources").size();
  }

  private static String squeeze(String line) {
    return line.strip().replaceAll("\\s+", " ");
  }

  private static String quoted(String text) {
    return java.util.regex.Pattern.quote(text);
  }

  private static JsonNode yaml(Kubectl.Result result) {
    try {
      return YAML.readTree(result.stdout());
    } catch (IOException e) {
      throw new UncheckedIOException(result.describe("stdout is not YAML"), e);
    }
  }

  private static List<String> names(JsonNode list) {
    return StreamSupport.stream(list.path("items").spliterator(), false)
        .map(i -> i.at("/metadata/name").asText())
        .toList();
  }
}
