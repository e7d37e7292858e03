package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.testing.http.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Render through the API (Porch e2e scenarios RES-01..03 and RND-01..03 of 05-e2e-scenarios.md,
 * with the builtin set-namespace and apply-replacements in place of the external functions Porch's
 * tests pull from a registry): PackageRevisionResources updates render with the Kptfile pipeline,
 * the update response carries the render status, a failed render stores nothing unless the
 * PackageRevision asks for {@code porch.kpt.dev/push-on-render-failure: "true"}, and the failure's
 * Status lists the failed functions. Packages from the shared kpt test data render too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenderE2E extends E2EBase {
  static final String REPO = "render";
  static final String GHCR = "ghcr.io/kptdev/krm-functions-catalog/";
  static final String BAD_IMAGE = "quay.io/invalid/nonexistent-fn:v0.0.1";
  static final String NOT_PUSHED =
      "error rendering package in kpt function pipeline. Package NOT pushed to remote.";
  static final String PUSHED =
      "error rendering package in kpt function pipeline. Package pushed to remote despite render"
          + " failure.";

  static final String CONFIGMAP =
      """
      # a comment render must keep
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: test-cm
        namespace: example
      data:
        key: before-render
      """;

  private Path work;
  private JporchProcess server;
  private Kubectl kubectl;

  @BeforeAll
  void startServer() {
    work = workDir("render");
    server = JporchProcess.start(work.resolve("data"), work);
    kubectl = server.kubectl();
    Path bare = GitCli.createSeededBareRepository(work.resolve("git"), "render.git");
    kubectl
        .withFile(Manifests.gitRepository(REPO, "file://" + bare, false), "apply")
        .assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, REPO);
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private String createDraft(String pkg) {
    kubectl.withFile(Manifests.initPackageRevision(REPO, pkg, "v1"), "create").assertSuccess();
    return Manifests.objectName(REPO, pkg, "v1");
  }

  private ObjectNode resources(String name) {
    return (ObjectNode)
        kubectl.json("get", "packagerevisionresources", name, "-n", "default", "-o", "json");
  }

  private static ObjectNode files(ObjectNode prr) {
    return (ObjectNode) prr.at("/spec/resources");
  }

  private static void addPipeline(ObjectNode prr, String pipeline) {
    String kptfile = files(prr).get("Kptfile").asText();
    assertThat(kptfile).doesNotContain("pipeline:");
    files(prr).put("Kptfile", kptfile + "pipeline:\n" + pipeline);
  }

  private Kubectl.Result replace(ObjectNode prr) {
    return kubectl.withFile(prr.toString(), "replace", "-o", "json");
  }

  /** A replace whose full response body is logged (-v=9 does not truncate it). */
  private Kubectl.Result replaceLogged(ObjectNode prr) {
    return kubectl.withFile(prr.toString(), "replace", "-o", "json", "-v=9");
  }

  /** The Kptfile's text from its {@code status:} line on. */
  private static String status(JsonNode kptfileText) {
    String text = kptfileText.asText();
    int at = text.indexOf("\nstatus:\n");
    return at < 0 ? "" : text.substring(at);
  }

  @Test
  void res01UpdateRendersAndReturnsTheRenderStatus() {
    String name = createDraft("re-render");
    ObjectNode prr = resources(name);
    addPipeline(
        prr,
        "  mutators:\n  - image: set-namespace:v0.4\n    configMap:\n      namespace: rendered\n");
    files(prr).put("config-map.yaml", CONFIGMAP);

    JsonNode response = replace(prr).assertSuccess().json();

    assertThat(response.at("/status/renderStatus/error").asText()).isEmpty();
    assertThat(response.at("/status/renderStatus/result/exitCode").asInt()).isZero();
    assertThat(response.at("/status/renderStatus/result/items/0/image").asText())
        .isEqualTo(GHCR + "set-namespace:v0.4");
    assertThat(response.at("/status/renderStatus/result/items/0/results/0/message").asText())
        .isNotEmpty();
    // Only the namespace line changed; the comment and everything else are as sent.
    assertThat(response.at("/spec/resources/config-map.yaml").asText())
        .isEqualTo(CONFIGMAP.replace("namespace: example", "namespace: rendered"));

    JsonNode reread = resources(name);
    assertThat(reread.at("/spec/resources/config-map.yaml").asText())
        .isEqualTo(CONFIGMAP.replace("namespace: example", "namespace: rendered"));
    assertThat(status(reread.at("/spec/resources/Kptfile")))
        .contains("type: Rendered", "status: \"True\"", "reason: RenderSuccess")
        .contains("image: " + GHCR + "set-namespace:v0.4");
  }

  @Test
  void res02UnchangedUpdateSucceeds() {
    String name = createDraft("empty-patch");
    JsonNode response = replace(resources(name)).assertSuccess().json();
    assertThat(response.at("/status/renderStatus/error").asText()).isEmpty();
    assertThat(response.at("/status/renderStatus/result/exitCode").asInt()).isZero();
  }

  @Test
  void res03LargePackageRendersWithSelectors() {
    String name = createDraft("large");
    ObjectNode prr = resources(name);
    addPipeline(
        prr,
        "  mutators:\n  - image: set-namespace:v0.4.5\n    configMap:\n      namespace: big\n"
            + "    selectors:\n    - name: test-data\n");
    // 5 MiB as in Porch's test, but as a literal block of 1 KiB lines: a multi-megabyte
    // single-line scalar takes SnakeYAML quadratic time to read (see docs/status.md).
    String line = "a".repeat(1023) + "\n";
    String value = line.repeat(5 * 1024);
    assertThat(value).hasSize(5 * 1024 * 1024);
    files(prr)
        .put(
            "largefile.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: test-data\n  labels:\n"
                + "    something: somewhere\ndata:\n  value: |\n"
                + value.indent(4));
    files(prr).put("other.yaml", CONFIGMAP);

    JsonNode response = replace(prr).assertSuccess().json();

    assertThat(response.at("/status/renderStatus/error").asText()).isEmpty();
    assertThat(response.at("/status/renderStatus/result/exitCode").asInt()).isZero();
    String stored = resources(name).at("/spec/resources/largefile.yaml").asText();
    assertThat(stored).contains("  namespace: big\n").endsWith("value: |\n" + value.indent(4));
    assertThat(resources(name).at("/spec/resources/other.yaml").asText())
        .as("not selected")
        .isEqualTo(CONFIGMAP);
  }

  @Test
  void rnd01RenderFailureStoresNothing() {
    String name = createDraft("no-push");
    ObjectNode prr = resources(name);
    files(prr).put("configmap.yaml", CONFIGMAP);
    addPipeline(prr, "  mutators:\n  - image: " + BAD_IMAGE + "\n");

    Kubectl.Result result = replaceLogged(prr).assertFailure();

    assertThat(result.errorText()).contains(NOT_PUSHED).contains(BAD_IMAGE);
    JsonNode status = result.lastResponseBody();
    assertThat(status.path("code").asInt()).isEqualTo(500);
    assertThat(status.at("/details/causes"))
        .anySatisfy(
            c -> {
              assertThat(c.path("reason").asText()).isEqualTo("FunctionFailed");
              assertThat(c.path("field").asText()).isEqualTo("status.renderStatus.result.items[0]");
              assertThat(c.path("message").asText())
                  .startsWith(BAD_IMAGE + ": exit code 1: function image " + BAD_IMAGE);
            });
    JsonNode reread = resources(name);
    assertThat(reread.at("/spec/resources").has("configmap.yaml")).isFalse();
    assertThat(reread.at("/spec/resources/Kptfile").asText()).doesNotContain("nonexistent-fn");
  }

  @Test
  void rnd02PushOnRenderFailureStoresTheUnrenderedContent() {
    String name = createDraft("push-on-fail");
    kubectl
        .run(
            "annotate",
            "packagerevisions",
            name,
            "-n",
            "default",
            "porch.kpt.dev/push-on-render-failure=true")
        .assertSuccess();
    ObjectNode prr = resources(name);
    files(prr).put("configmap.yaml", CONFIGMAP);
    addPipeline(
        prr,
        "  mutators:\n  - image: set-namespace:v0.4\n    configMap:\n      namespace: x\n"
            + "  - image: "
            + BAD_IMAGE
            + "\n");

    Kubectl.Result result = replaceLogged(prr).assertFailure();

    assertThat(result.errorText()).contains(PUSHED);
    assertThat(result.lastResponseBody().at("/details/causes"))
        .anySatisfy(c -> assertThat(c.path("field").asText()).endsWith("items[1]"));
    JsonNode reread = resources(name);
    assertThat(reread.at("/spec/resources/configmap.yaml").asText()).isEqualTo(CONFIGMAP);
    String kptfile = reread.at("/spec/resources/Kptfile").asText();
    assertThat(kptfile)
        .contains("nonexistent-fn")
        .contains("reason: RenderFailed")
        .contains("status: \"False\"");
  }

  @Test
  void pushOnRenderFailureMustBeExactlyTrue() {
    String name = createDraft("push-false");
    kubectl
        .run(
            "annotate",
            "packagerevisions",
            name,
            "-n",
            "default",
            "porch.kpt.dev/push-on-render-failure=false")
        .assertSuccess();
    ObjectNode prr = resources(name);
    addPipeline(prr, "  mutators:\n  - image: " + BAD_IMAGE + "\n");
    assertThat(replace(prr).assertFailure().errorText()).contains(NOT_PUSHED);
    assertThat(resources(name).at("/spec/resources/Kptfile").asText())
        .doesNotContain("nonexistent-fn");
  }

  @Test
  void rnd03SaveAndPushKeepThePartialRender() {
    String name = createDraft("save-push");
    kubectl
        .run(
            "annotate",
            "packagerevisions",
            name,
            "-n",
            "default",
            "porch.kpt.dev/push-on-render-failure=true")
        .assertSuccess();
    ObjectNode prr = resources(name);
    String kptfile = files(prr).get("Kptfile").asText();
    files(prr)
        .put(
            "Kptfile",
            kptfile.replace(
                "    config.kubernetes.io/local-config: \"true\"\n",
                "    config.kubernetes.io/local-config: \"true\"\n"
                    + "    kpt.dev/save-on-render-failure: \"true\"\n"));
    addPipeline(
        prr,
        "  mutators:\n  - image: set-namespace:v0.4\n    configMap:\n      namespace: partial\n"
            + "  - image: "
            + BAD_IMAGE
            + "\n");
    files(prr).put("configmap.yaml", CONFIGMAP);

    assertThat(replace(prr).assertFailure().errorText()).contains(PUSHED);

    JsonNode reread = resources(name);
    assertThat(reread.at("/spec/resources/configmap.yaml").asText())
        .isEqualTo(CONFIGMAP.replace("namespace: example", "namespace: partial"));
    assertThat(reread.at("/spec/resources/Kptfile").asText())
        .contains("kpt.dev/save-on-render-failure: \"true\"")
        .contains("reason: RenderFailed");
  }

  @Test
  void sharedPackagesRenderThroughTheApi() throws IOException {
    Path packages = TestData.sharedDir().resolve("testdata/kpt-packages");

    // cert-manager-basic has no pipeline: every file comes back byte for byte.
    Map<String, String> certManager = read(packages.resolve("cert-manager-basic"));
    String name = createDraft("cert-manager-basic");
    ObjectNode prr = resources(name);
    files(prr).removeAll();
    certManager.forEach(files(prr)::put);
    JsonNode response = replace(prr).assertSuccess().json();
    for (var e : certManager.entrySet()) {
      if (!e.getKey().equals("Kptfile")) {
        assertThat(response.at("/spec/resources").path(e.getKey()).asText())
            .as(e.getKey())
            .isEqualTo(e.getValue());
      }
    }
    assertThat(response.at("/spec/resources/Kptfile").asText()).contains("reason: RenderSuccess");

    // tenant uses set-namespace:latest and starlark:latest, which Porch sends to its function
    // runner; jporch runs both natively (docs/functions.md), so it renders as published.
    Map<String, String> tenant = read(packages.resolve("tenant"));
    String tenantName = createDraft("tenant");
    ObjectNode tenantPrr = resources(tenantName);
    files(tenantPrr).removeAll();
    tenant.forEach(files(tenantPrr)::put);
    JsonNode asPublished = replace(tenantPrr).assertSuccess().json();
    assertThat(asPublished.at("/status/renderStatus/result/items/0/image").asText())
        .isEqualTo(GHCR + "set-namespace:latest");
    assertThat(asPublished.at("/status/renderStatus/result/items/1/image").asText())
        .isEqualTo(GHCR + "starlark:latest");
    tenantPrr = resources(tenantName);

    // With Porch's builtin tag and without the validator, only the namespace lines change.
    String kptfile =
        tenant
            .get("Kptfile")
            .replace("set-namespace:latest", "set-namespace:v0.4.5")
            .replace("namespace: tenant-name", "namespace: team-a");
    kptfile = kptfile.substring(0, kptfile.indexOf("  validators:"));
    files(tenantPrr).put("Kptfile", kptfile);
    JsonNode rendered = replace(tenantPrr).assertSuccess().json();
    assertThat(rendered.at("/status/renderStatus/result/exitCode").asInt()).isZero();
    for (var e : tenant.entrySet()) {
      if (e.getKey().equals("Kptfile")) {
        continue;
      }
      String expected =
          e.getValue()
              .replace("namespace: tenant-name", "namespace: team-a")
              .replace("  name: tenant-name\n", "  name: team-a\n");
      assertThat(rendered.at("/spec/resources").path(e.getKey()).asText())
          .as(e.getKey())
          .isEqualTo(expected);
    }
  }

  private static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(all::add);
    }
    for (Path p : all) {
      try {
        files.put(
            dir.relativize(p).toString().replace('\\', '/'),
            Files.readString(p, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }
}
