package io.jporch.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.fn.FunctionExitException;
import io.jporch.core.util.Json;
import io.jporch.testing.fake.FakeFunctionRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderTest {
  static final String GHCR = "ghcr.io/kptdev/krm-functions-catalog/";

  static String kptfile(String name, String pipeline) {
    return "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: "
        + name
        + "\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n"
        + (pipeline == null ? "" : "pipeline:\n" + pipeline);
  }

  static final String DEPLOYMENT =
      """
      # a comment that survives because the file is not rewritten
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 1
      """;

  static final String CONFIGMAP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cfg
      data:
        count: "1e3"
      """;

  private final FakeFunctionRuntime runtime = new FakeFunctionRuntime();
  private final DefaultTaskHandler handler = new DefaultTaskHandler(List.of(runtime));

  private static Map<String, String> files(String kptfile, String... more) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Kptfile", kptfile);
    for (int i = 0; i < more.length; i += 2) {
      files.put(more[i], more[i + 1]);
    }
    return files;
  }

  private static JsonNode yaml(String text) throws Exception {
    return Json.YAML.readTree(text);
  }

  @Test
  void anEmptyPipelineOnlyRecordsTheRenderedCondition() throws Exception {
    RenderResult result =
        handler.render(files(kptfile("pkg", null), "deploy.yaml", DEPLOYMENT, "README.md", "hi"));

    assertThat(result.failed()).isFalse();
    assertThat(result.resources())
        .containsEntry("deploy.yaml", DEPLOYMENT)
        .containsEntry("README.md", "hi");
    assertThat(yaml(result.resources().get("Kptfile")).at("/status/conditions/0").toString())
        .isEqualTo("{\"type\":\"Rendered\",\"status\":\"True\",\"reason\":\"RenderSuccess\"}");
    assertThat(result.status().error()).isEmpty();
    assertThat(result.status().result().items()).isNull();
    assertThat(result.status().result().exitCode()).isZero();
  }

  @Test
  void runsMutatorsThroughTheRuntimeThatSupportsTheResolvedImage() throws Exception {
    runtime.annotate(GHCR + "set-annotations:v0.1", "team", "blue");
    String pipeline =
        "  mutators:\n  - image: set-annotations:v0.1\n    configMap:\n      team: blue\n";

    RenderResult result =
        handler.render(
            files(kptfile("pkg", pipeline), "deploy.yaml", DEPLOYMENT, "cm.yaml", CONFIGMAP));

    assertThat(result.failed()).isFalse();
    assertThat(runtime.calls()).containsExactly(GHCR + "set-annotations:v0.1");
    JsonNode input = yaml(runtime.inputs().getFirst());
    assertThat(input.at("/functionConfig/metadata/name").asText()).isEqualTo("function-input");
    assertThat(input.at("/functionConfig/data/team").asText()).isEqualTo("blue");
    // Files are read in lexical path order, as kyaml walks the package: Kptfile, cm, deploy.
    assertThat(
            input.at("/items/2/metadata/annotations/internal.config.kubernetes.io~1path").asText())
        .isEqualTo("deploy.yaml");
    assertThat(
            yaml(result.resources().get("deploy.yaml")).at("/metadata/annotations/team").asText())
        .isEqualTo("blue");
    assertThat(result.resources().get("cm.yaml"))
        .isEqualTo(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cfg
              annotations:
                team: blue
            data:
              count: "1e3"
            """);
    JsonNode kptfile = yaml(result.resources().get("Kptfile"));
    assertThat(kptfile.at("/metadata/annotations/team").asText()).isEqualTo("blue");
    assertThat(kptfile.at("/status/renderStatus/mutationSteps/0/image").asText())
        .isEqualTo(GHCR + "set-annotations:v0.1");
    assertThat(kptfile.at("/status/renderStatus/mutationSteps/0/exitCode").asInt()).isZero();
    RenderStatus.FunctionResult fnResult = result.status().result().items().getFirst();
    assertThat(fnResult.image()).isEqualTo(GHCR + "set-annotations:v0.1");
    assertThat(fnResult.results())
        .extracting(RenderStatus.ResultItem::message)
        .containsExactly("annotated 3 resource(s)");
  }

  @Test
  void anUnsupportedImageFailsTheRenderNamingTheImage() throws Exception {
    String pipeline = "  mutators:\n  - image: quay.io/acme/fn\n";
    Map<String, String> input = files(kptfile("pkg", pipeline), "cm.yaml", CONFIGMAP);

    RenderResult result = handler.render(input);

    assertThat(result.failed()).isTrue();
    assertThat(result.error())
        .contains("function image quay.io/acme/fn:latest is not supported by this server");
    assertThat(result.status().error()).isEqualTo(result.error());
    assertThat(result.status().result().exitCode()).isEqualTo(1);
    assertThat(result.resources()).containsEntry("cm.yaml", CONFIGMAP);
    JsonNode condition = yaml(result.resources().get("Kptfile")).at("/status/conditions/0");
    assertThat(condition.path("status").asText()).isEqualTo("False");
    assertThat(condition.path("reason").asText()).isEqualTo("RenderFailed");
    assertThat(condition.path("message").asText())
        .contains("quay.io.acme.fn:latest")
        .doesNotContain("/");
    assertThat(
            yaml(result.resources().get("Kptfile"))
                .at("/status/renderStatus/errorSummary")
                .asText())
        .startsWith("quay.io/acme/fn:latest: function image");
  }

  @Test
  void execFunctionsAndTagConstraintsAreRefused() {
    assertThat(handler.render(files(kptfile("p", "  mutators:\n  - exec: ./fn.sh\n"))).error())
        .contains("must run with `--allow-exec` option to allow running function binaries");
    assertThat(
            handler
                .render(files(kptfile("p", "  mutators:\n  - image: fn\n    tag: ~v1\n")))
                .error())
        .contains("tag constraint");
    assertThat(handler.render(files(kptfile("p", "  mutators:\n  - {}\n"))).error())
        .contains("must specify a function (`image` or `exec`) to execute");
  }

  @Test
  void aFailingFunctionStopsThePipelineAndNothingIsWritten() {
    runtime.fail(GHCR + "broken:v1", "boom").annotate(GHCR + "after:v1", "x", "y");
    String pipeline = "  mutators:\n  - image: broken:v1\n  - image: after:v1\n";
    Map<String, String> input = files(kptfile("pkg", pipeline), "cm.yaml", CONFIGMAP);

    RenderResult result = handler.render(input);

    assertThat(result.error()).contains("boom");
    assertThat(runtime.calls()).containsExactly(GHCR + "broken:v1");
    assertThat(result.resources()).containsEntry("cm.yaml", CONFIGMAP);
  }

  @Test
  void aFunctionThatExitsNonZeroRecordsItsExitCodeStderrAndResults() throws Exception {
    runtime.handle(
        GHCR + "strict:v1",
        in -> {
          throw new FunctionExitException(
              "failed to evaluate function with structured results",
              3,
              "validation failed\n",
              "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nresults:\n"
                  + "- message: replicas must be odd\n  severity: error\n"
                  + "- message: checked 1 resource\n  severity: info\n");
        });
    String pipeline = "  validators:\n  - image: strict:v1\n";

    RenderResult result = handler.render(files(kptfile("pkg", pipeline), "cm.yaml", CONFIGMAP));

    assertThat(result.failed()).isTrue();
    assertThat(result.error())
        .contains("func eval \"" + GHCR + "strict:v1\"")
        .contains("failed to evaluate function with structured results");
    RenderStatus.FunctionResult fn = result.status().result().items().getFirst();
    assertThat(fn.exitCode()).isEqualTo(3);
    assertThat(fn.stderr()).isEqualTo("validation failed\n");
    assertThat(fn.results())
        .extracting(RenderStatus.ResultItem::message)
        .containsExactly("replicas must be odd", "checked 1 resource");
    JsonNode status = yaml(result.resources().get("Kptfile")).at("/status/renderStatus");
    JsonNode step = status.at("/validationSteps/0");
    assertThat(step.path("exitCode").asInt()).isEqualTo(3);
    assertThat(step.path("stderr").asText()).isEqualTo("validation failed\n");
    assertThat(step.has("executionError")).isFalse();
    assertThat(step.at("/errorResults/0/message").asText()).isEqualTo("replicas must be odd");
    assertThat(step.path("results")).hasSize(2);
    assertThat(status.path("errorSummary").asText()).isEqualTo(GHCR + "strict:v1: exit code 3");
  }

  @Test
  void selectorsLimitWhatAFunctionSeesAndUnselectedFilesKeepTheirText() throws Exception {
    runtime.annotate(GHCR + "mark:v1", "marked", "yes");
    String pipeline = "  mutators:\n  - image: mark:v1\n    selectors:\n    - kind: ConfigMap\n";

    RenderResult result =
        handler.render(
            files(kptfile("pkg", pipeline), "deploy.yaml", DEPLOYMENT, "cm.yaml", CONFIGMAP));

    assertThat(yaml(runtime.inputs().getFirst()).path("items")).hasSize(1);
    assertThat(result.resources()).containsEntry("deploy.yaml", DEPLOYMENT);
    assertThat(yaml(result.resources().get("cm.yaml")).at("/metadata/annotations/marked").asText())
        .isEqualTo("yes");
    assertThat(result.resources().get("cm.yaml")).doesNotContain("kpt-resource-id");
  }

  @Test
  void validatorsCannotChangeResources() {
    runtime.annotate(GHCR + "check:v1", "changed", "by-validator");
    String pipeline = "  validators:\n  - image: check:v1\n";

    RenderResult result = handler.render(files(kptfile("pkg", pipeline), "cm.yaml", CONFIGMAP));

    assertThat(result.failed()).isFalse();
    assertThat(result.resources()).containsEntry("cm.yaml", CONFIGMAP);
  }

  @Test
  void subpackagesRenderFirstAndTheParentSeesTheirOutput() throws Exception {
    runtime
        .annotate(GHCR + "sub-fn:v1", "sub", "done")
        .annotate(GHCR + "root-fn:v1", "root", "done");
    Map<String, String> input =
        files(
            kptfile("pkg", "  mutators:\n  - image: root-fn:v1\n"),
            "cm.yaml",
            CONFIGMAP,
            "child/Kptfile",
            kptfile("child", "  mutators:\n  - image: sub-fn:v1\n"),
            "child/deploy.yaml",
            DEPLOYMENT);

    RenderResult result = handler.render(input);

    assertThat(result.failed()).isFalse();
    assertThat(runtime.calls()).containsExactly(GHCR + "sub-fn:v1", GHCR + "root-fn:v1");
    assertThat(yaml(runtime.inputs().get(0)).path("items")).hasSize(2);
    assertThat(yaml(runtime.inputs().get(1)).path("items")).hasSize(4);
    JsonNode childDeploy = yaml(result.resources().get("child/deploy.yaml"));
    assertThat(childDeploy.at("/metadata/annotations/sub").asText()).isEqualTo("done");
    assertThat(childDeploy.at("/metadata/annotations/root").asText()).isEqualTo("done");
    assertThat(
            yaml(result.resources().get("cm.yaml")).at("/metadata/annotations/sub").isMissingNode())
        .isTrue();
    assertThat(yaml(result.resources().get("Kptfile")).at("/status/renderStatus/mutationSteps"))
        .hasSize(2);
  }

  @Test
  void functionConfigFromAFileAndResourcesAddedOrRemovedByFunctions() throws Exception {
    runtime.handle(
        GHCR + "reshape:v1",
        in -> {
          ObjectNode rl = FakeFunctionRuntime.parse(in);
          ArrayNode kept = Json.YAML.createArrayNode();
          for (JsonNode item : rl.path("items")) {
            if (!"Deployment".equals(item.path("kind").asText())) {
              kept.add(item);
            }
          }
          ObjectNode created = kept.addObject();
          created.put("apiVersion", "v1");
          created.put("kind", "Service");
          created.putObject("metadata").put("name", rl.at("/functionConfig/data/service").asText());
          rl.set("items", kept);
          return FakeFunctionRuntime.write(rl);
        });
    String fnConfig =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fn-config\ndata:\n  service: front\n";
    Map<String, String> input =
        files(
            kptfile("pkg", "  mutators:\n  - image: reshape:v1\n    configPath: fn-config.yaml\n"),
            "deploy.yaml",
            DEPLOYMENT,
            "fn-config.yaml",
            fnConfig);

    RenderResult result = handler.render(input);

    assertThat(result.failed()).isFalse();
    assertThat(yaml(runtime.inputs().getFirst()).at("/functionConfig/metadata/name").asText())
        .isEqualTo("fn-config");
    assertThat(result.resources())
        .doesNotContainKey("deploy.yaml")
        .containsEntry("fn-config.yaml", fnConfig)
        .containsEntry(
            "service_front.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: front\n");
  }

  @Test
  void nonKrmYamlFailsTheRender() {
    RenderResult result = handler.render(files(kptfile("pkg", null), "values.yaml", "a: 1\n"));

    assertThat(result.error())
        .contains("input resource list must contain only KRM resources: values.yaml")
        .contains("resource must have `apiVersion`");
  }

  @Test
  void withoutAKptfileNothingIsRendered() {
    RenderResult result = handler.render(Map.of("README.md", "x"));

    assertThat(result.failed()).isFalse();
    assertThat(result.status()).isNull();
    assertThat(result.resources()).containsExactly(Map.entry("README.md", "x"));
  }
}
