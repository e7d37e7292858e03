package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Porch's function scenarios of 05-e2e-scenarios.md §3.8 that use functions jporch implements,
 * against the server started with {@code --function-runner} and the runner process, as Porch runs
 * them (images the server's builtin runtime serves run in the server, the others in the runner:
 * docs/functions.md): the third-party suite FN-09 … FN-18 (each image tag Porch lists, with Porch's
 * input files from its {@code test/e2e/fn_runner/testdata}), FN-02 (starlark and set-annotations
 * through the runner), FN-03 (set-namespace with a {@code configPath} ConfigMap) and FN-06 (an
 * image nobody serves fails the render with Porch's message). FN-01 is in FunctionRunnerE2E.
 *
 * <p>Each case creates a draft, adds the input files, appends the mutator to the Kptfile pipeline
 * as Porch's {@code AddMutator} does, updates the PackageRevisionResources and fails, as Porch's
 * {@code failOnRenderError} does, on a render error, a non-zero exit code or an error result, then
 * checks the outcome Porch checks. Porch clones {@code empty/v1} for each case; an init draft is
 * the same empty package. Not here: FN-04, FN-07 and FN-08 test the pod evaluator (jporch has
 * none); FN-05 needs kubeconform, a documented gap (docs/functions.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThirdPartyFunctionsE2E extends E2EBase {
  static final String REPO = "fn-suite";
  static final String PREFIX = "ghcr.io/kptdev/krm-functions-catalog/";

  private final AtomicInteger packages = new AtomicInteger();
  private Path work;
  private ServerWithRunner processes;
  private Kubectl kubectl;

  @BeforeAll
  void start() {
    work = workDir("fn-suite");
    processes = ServerWithRunner.start(work, List.of(), REPO);
    kubectl = processes.kubectl();
  }

  @AfterAll
  void stop() {
    if (processes != null) {
      processes.close();
    }
  }

  // --- FN-09 … FN-18

  @Test
  void fn09ApplySetters() {
    for (String tag : List.of("v0.1.1", "v0.2", "v0.2.2")) {
      JsonNode out =
          render(
              Map.of("project.yaml", testdata("project.yaml")),
              mutator("apply-setters:" + tag, Map.of("projects-namespace", "updated-projects")));
      assertThat(resource(out, "project.yaml").at("/metadata/namespace").asText())
          .as(tag)
          .isEqualTo("updated-projects");
    }
  }

  @Test
  void fn10SetNamespace() {
    for (String tag : List.of("v0.2.0", "v0.3.4", "v0.4.1")) {
      JsonNode out =
          render(
              Map.of("bucket.yaml", testdata("bucket.yaml")),
              mutator("set-namespace:" + tag, Map.of("namespace", "updated-namespace")));
      assertThat(resource(out, "bucket.yaml").at("/metadata/namespace").asText())
          .as(tag)
          .isEqualTo("updated-namespace");
    }
  }

  @Test
  void fn11SetLabels() {
    for (String tag : List.of("v0.1.5", "v0.2.0")) {
      String name =
          renderName(
              Map.of("daemonset.yaml", testdata("daemonset.yaml")),
              mutator("set-labels:" + tag, Map.of("app", "updated-cloud-sql-auth-proxy")));
      // Porch reads the PackageRevisionResources again for this one.
      JsonNode reread = resource(prr(name), "daemonset.yaml");
      assertThat(reread.at("/metadata/labels/app").asText())
          .as(tag)
          .isEqualTo("updated-cloud-sql-auth-proxy");
    }
  }

  @Test
  void fn12SetAnnotations() {
    JsonNode out =
        render(
            Map.of("daemonset.yaml", testdata("daemonset.yaml")),
            mutator(
                "set-annotations:v0.1.4",
                Map.of("cnrm.cloud.google.com/blueprint", "updated-cnrm/sql/auth-proxy/v0.2.0")));
    assertThat(
            resource(out, "daemonset.yaml")
                .at("/metadata/annotations")
                .path("cnrm.cloud.google.com/blueprint")
                .asText())
        .isEqualTo("updated-cnrm/sql/auth-proxy/v0.2.0");
  }

  @Test
  void fn13SearchReplace() {
    JsonNode out =
        render(
            Map.of("service.yaml", testdata("service.yaml")),
            mutator(
                "search-replace:v0.2.0",
                Map.of(
                    "by-value",
                    "cloud-sql-auth-proxy",
                    "put-value",
                    "updated-cloud-sql-auth-proxy")));
    assertThat(resource(out, "service.yaml").at("/spec/selector/app").asText())
        .isEqualTo("updated-cloud-sql-auth-proxy");
  }

  @Test
  void fn14Starlark() {
    for (String tag : List.of("v0.3.0", "v0.4.3", "v0.5.0")) {
      JsonNode out =
          render(
              Map.of("bucket.yaml", testdata("bucket.yaml")),
              mutator(
                  "starlark:" + tag,
                  Map.of(
                      "source",
                      "for resource in ctx.resource_list[\"items\"]:\n"
                          + "  resource[\"metadata\"][\"annotations\"][\"foo\"] = \"bar\"")));
      assertThat(resource(out, "bucket.yaml").at("/metadata/annotations/foo").asText())
          .as(tag)
          .isEqualTo("bar");
    }
  }

  @Test
  void fn16SetImage() {
    JsonNode out =
        render(
            Map.of("daemonset.yaml", testdata("daemonset.yaml")),
            mutator(
                "set-image:v0.1.1",
                Map.of(
                    "name", "gcr.io/cloud-sql-connectors/cloud-sql-proxy",
                    "newName", "bitnami/nginx-updated",
                    "newTag", "1.22.0")));
    assertThat(
            resource(out, "daemonset.yaml").at("/spec/template/spec/containers/0/image").asText())
        .isEqualTo("bitnami/nginx-updated:1.22.0");
  }

  @Test
  void fn17ApplyReplacements() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("job.yaml", testdata("applyreplacement/job.yaml"));
    files.put("resources.yaml", testdata("applyreplacement/resources.yaml"));
    files.put("applyreplacement.yaml", testdata("applyreplacement/applyreplacement.yaml"));
    JsonNode out = render(files, configPath("apply-replacements:v0.1.1", "applyreplacement.yaml"));
    assertThat(resource(out, "job.yaml").at("/spec/template/spec/restartPolicy").asText())
        .isEqualTo("OnFailure");
  }

  @Test
  void fn18CreateSettersThenApplySetters() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("setters.yaml", testdata("createsetters/setters.yaml"));
    files.put("resources.yaml", testdata("createsetters/resources.yaml"));
    JsonNode out =
        render(
            files,
            configPath("create-setters:v0.1.0", "setters.yaml"),
            mutator("apply-setters:v0.2.0", Map.of("nginx-replicas", "5")));
    assertThat(resource(out, "resources.yaml").at("/spec/replicas").asInt()).isEqualTo(5);
  }

  // --- FN-02, FN-03 and FN-06

  /**
   * FN-02 (Porch's TestExecFunctionEvaluator): in Porch the function runner's executable evaluator
   * runs the catalogue binaries baked into the runner's image for these images. In jporch {@code
   * starlark:v0.3.0} is not a tag of the server's builtin runtime, so it goes to the runner, whose
   * first evaluator (Java-native functions) runs it; {@code set-annotations:v0.1.4} is a builtin
   * tag and runs in the server (docs/functions.md). The executable evaluator proper, running a
   * script, is covered by FunctionRunnerE2E.
   */
  @Test
  void fn02StarlarkAndSetAnnotationsThroughTheRunner() {
    JsonNode updated =
        render(
            Map.of("bucket.yaml", testdata("bucket.yaml")),
            mutator(
                "starlark:v0.3.0",
                Map.of(
                    "source",
                    "for resource in ctx.resource_list[\"items\"]:\n"
                        + "  resource[\"metadata\"][\"namespace\"] = \"bucket-namespace\"")),
            mutator("set-annotations:v0.1.4", Map.of("foo", "bar")));
    JsonNode bucket = resource(updated, "bucket.yaml");
    assertThat(bucket.at("/metadata/namespace").asText()).isEqualTo("bucket-namespace");
    assertThat(bucket.at("/metadata/annotations/foo").asText()).isEqualTo("bar");
  }

  @Test
  void fn03SetNamespaceFromAConfigPathConfigMap() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("bucket.yaml", testdata("bucket.yaml"));
    files.put(
        "configmap.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: kptfile.kpt.dev
          annotations:
            config.kubernetes.io/local-config: "true"
        data:
          name: bucket-namespace
        """);
    JsonNode out = render(files, configPath("set-namespace:v0.4.1", "configmap.yaml"));
    assertThat(resource(out, "bucket.yaml").at("/metadata/namespace").asText())
        .isEqualTo("bucket-namespace");
  }

  @Test
  void fn06AnImageNobodyServesFailsTheRender() {
    ObjectNode prr = draft();
    files(prr).put("bucket.yaml", testdata("bucket.yaml"));
    appendMutators(
        prr,
        List.of(
            Json.MAPPER.createObjectNode().put("image", "quay.io/invalid/kpt-fn-broken:v0.0.1")));
    Kubectl.Result result =
        kubectl.withFile(prr.toString(), "replace", "-o", "json").assertFailure();
    assertThat(result.stderr())
        .contains("error rendering package in kpt function pipeline")
        .contains("quay.io/invalid/kpt-fn-broken:v0.0.1");
  }

  // --- helpers

  private static ObjectNode mutator(String image, Map<String, String> configMap) {
    ObjectNode function = Json.MAPPER.createObjectNode().put("image", PREFIX + image);
    ObjectNode data = function.putObject("configMap");
    configMap.forEach(data::put);
    return function;
  }

  private static ObjectNode configPath(String image, String path) {
    return Json.MAPPER.createObjectNode().put("image", PREFIX + image).put("configPath", path);
  }

  /** Renders a new draft with {@code files} and {@code mutators}; answers the updated PRR. */
  private JsonNode render(Map<String, String> files, ObjectNode... mutators) {
    return prr(renderName(files, mutators));
  }

  private String renderName(Map<String, String> files, ObjectNode... mutators) {
    ObjectNode prr = draft();
    files.forEach(files(prr)::put);
    appendMutators(prr, List.of(mutators));
    JsonNode updated =
        kubectl.withFile(prr.toString(), "replace", "-o", "json").assertSuccess().json();
    failOnRenderError(updated);
    return updated.at("/metadata/name").asText();
  }

  /** Porch's failOnRenderError. */
  private static void failOnRenderError(JsonNode prr) {
    JsonNode render = prr.at("/status/renderStatus");
    assertThat(render.path("error").asText()).as("render error").isEmpty();
    for (JsonNode item : render.at("/result/items")) {
      assertThat(item.path("exitCode").asInt())
          .as("exit code of " + item.path("image").asText())
          .isZero();
      for (JsonNode result : item.path("results")) {
        assertThat(result.path("severity").asText())
            .as(item.path("image").asText() + ": " + result.path("message").asText())
            .isNotEqualTo("error");
      }
    }
  }

  private ObjectNode draft() {
    String pkg = "test-fn-pod-" + packages.incrementAndGet();
    kubectl.withFile(Manifests.initPackageRevision(REPO, pkg, "v1"), "create").assertSuccess();
    return (ObjectNode) prr(Manifests.objectName(REPO, pkg, "v1"));
  }

  private JsonNode prr(String name) {
    return kubectl.json("get", "packagerevisionresources", name, "-n", "default", "-o", "json");
  }

  private static ObjectNode files(ObjectNode prr) {
    return (ObjectNode) prr.at("/spec/resources");
  }

  /** Porch's AddMutator: appended to the Kptfile's pipeline.mutators. */
  private static void appendMutators(ObjectNode prr, List<ObjectNode> mutators) {
    try {
      ObjectNode kptfile = (ObjectNode) Json.YAML.readTree(files(prr).get("Kptfile").asText());
      ObjectNode pipeline =
          kptfile.has("pipeline")
              ? (ObjectNode) kptfile.get("pipeline")
              : kptfile.putObject("pipeline");
      ArrayNode list =
          pipeline.has("mutators")
              ? (ArrayNode) pipeline.get("mutators")
              : pipeline.putArray("mutators");
      mutators.forEach(list::add);
      files(prr).put("Kptfile", Json.YAML.writeValueAsString(kptfile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode resource(JsonNode prr, String file) {
    String text = prr.at("/spec/resources").path(file).asText();
    assertThat(text).as(file + " in the package").isNotEmpty();
    try {
      return Json.YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String testdata(String path) {
    try (InputStream in =
        ThirdPartyFunctionsE2E.class.getResourceAsStream("/porch-fn-runner-testdata/" + path)) {
      assertThat(in).as("test resource " + path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
