package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The server started with {@code --function-runner} against the packaged function runner process:
 * functions that are not builtin render through Porch's evaluator gRPC protocol — Java-native
 * functions under tags the server's builtin runtime does not match (Porch scenario FN-01 with
 * {@code starlark:v0.4.3} and {@code set-namespace:v0.4.1}), shell scripts through the executable
 * evaluator's {@code --config}, and a failing script whose exit code, stderr and structured results
 * reach the client in the render failure's Status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionRunnerE2E extends E2EBase {
  static final String REPO = "fn-runner";
  static final String GHCR = "ghcr.io/kptdev/krm-functions-catalog/";
  static final String GREET = "example.com/fns/greet:v1";
  static final String STRICT = "example.com/fns/strict:v1";

  static final String CONFIGMAP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cm
        namespace: example
      data:
        greeting: hello
      """;

  /** Porch's fn_runner testdata/bucket.yaml. */
  static final String BUCKET =
      """
      apiVersion: storage.cnrm.cloud.google.com/v1beta1
      kind: StorageBucket
      metadata:
        name: blueprints-project-bucket # kpt-set: ${project-id}-${name}
        namespace: config-control
        annotations:
          cnrm.cloud.google.com/force-destroy: "false"
          cnrm.cloud.google.com/project-id: blueprints-project # kpt-set: ${project-id}
      spec:
        location: us-central1
        storageClass: standard # kpt-set: ${storage-class}
        uniformBucketLevelAccess: true
        versioning:
          enabled: false
      """;

  private Path work;
  private ServerWithRunner processes;
  private Kubectl kubectl;

  @BeforeAll
  void start() throws IOException {
    work = workDir("fn-runner");
    Path functions = work.resolve("functions");
    script(functions.resolve("greet"), "sed 's/greeting: hello/greeting: hello-from-exec/'\n");
    script(
        functions.resolve("strict"),
        """
        cat > /dev/null
        cat <<'OUT'
        apiVersion: config.kubernetes.io/v1
        kind: ResourceList
        items: []
        results:
        - message: greeting must not be hello
          severity: error
          resourceRef:
            apiVersion: v1
            kind: ConfigMap
            name: cm
        OUT
        echo "strict-check: 1 error" >&2
        exit 3
        """);
    Path config = work.resolve("config.yaml");
    Files.writeString(
        config,
        "functions:\n  - function: greet\n    images:\n      - "
            + GREET
            + "\n  - function: strict\n    images:\n      - "
            + STRICT
            + "\n");
    processes =
        ServerWithRunner.start(
            work,
            List.of("--config", config.toString(), "--functions", functions.toString()),
            REPO);
    kubectl = processes.kubectl();
  }

  @AfterAll
  void stop() {
    if (processes != null) {
      processes.close();
    }
  }

  private static void script(Path file, String body) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "#!/bin/sh\n" + body);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode draft(String pkg) {
    kubectl.withFile(Manifests.initPackageRevision(REPO, pkg, "v1"), "create").assertSuccess();
    return (ObjectNode)
        kubectl.json(
            "get",
            "packagerevisionresources",
            Manifests.objectName(REPO, pkg, "v1"),
            "-n",
            "default",
            "-o",
            "json");
  }

  private static ObjectNode files(ObjectNode prr) {
    return (ObjectNode) prr.at("/spec/resources");
  }

  private static void addPipeline(ObjectNode prr, String pipeline) {
    files(prr).put("Kptfile", files(prr).get("Kptfile").asText() + "pipeline:\n" + pipeline);
  }

  private static JsonNode yaml(JsonNode text) throws IOException {
    return Json.YAML.readTree(text.asText());
  }

  @Test
  void anExecutableAndAJavaNativeFunctionOnlyTheRunnerHasRenderThroughPutPrr() throws IOException {
    ObjectNode prr = draft("exec-render");
    files(prr).put("cm.yaml", CONFIGMAP);
    addPipeline(
        prr,
        "  mutators:\n  - image: "
            + GREET
            + "\n  - image: set-namespace:latest\n    configMap:\n      namespace: from-runner\n");

    JsonNode response =
        kubectl.withFile(prr.toString(), "replace", "-o", "json").assertSuccess().json();

    assertThat(response.at("/status/renderStatus/error").asText()).isEmpty();
    assertThat(response.at("/status/renderStatus/result/items/0/image").asText()).isEqualTo(GREET);
    assertThat(response.at("/status/renderStatus/result/items/1/image").asText())
        .isEqualTo(GHCR + "set-namespace:latest");
    JsonNode cm = yaml(response.at("/spec/resources/cm.yaml"));
    assertThat(cm.at("/data/greeting").asText()).isEqualTo("hello-from-exec");
    assertThat(cm.at("/metadata/namespace").asText()).isEqualTo("from-runner");

    JsonNode reread =
        kubectl.json(
            "get",
            "packagerevisionresources",
            Manifests.objectName(REPO, "exec-render", "v1"),
            "-n",
            "default",
            "-o",
            "json");
    assertThat(yaml(reread.at("/spec/resources/cm.yaml")).at("/data/greeting").asText())
        .isEqualTo("hello-from-exec");
    assertThat(reread.at("/spec/resources/Kptfile").asText()).contains("reason: RenderSuccess");
  }

  @Test
  void fn01StarlarkAndSetNamespaceUnderPorchsTestTagsRunInTheRunner() throws IOException {
    ObjectNode prr = draft("fn01-bucket");
    files(prr).put("bucket.yaml", BUCKET);
    addPipeline(
        prr,
        "  mutators:\n"
            + "  - image: "
            + GHCR
            + "starlark:v0.4.3\n"
            + "    configMap:\n"
            + "      source: |\n"
            + "        for resource in ctx.resource_list[\"items\"]:\n"
            + "          resource[\"metadata\"][\"annotations\"][\"foo\"] = \"bar\"\n"
            + "  - image: "
            + GHCR
            + "set-namespace:v0.4.1\n"
            + "    configMap:\n"
            + "      namespace: bucket-namespace\n");

    JsonNode response =
        kubectl.withFile(prr.toString(), "replace", "-o", "json").assertSuccess().json();

    JsonNode bucket = yaml(response.at("/spec/resources/bucket.yaml"));
    assertThat(bucket.at("/metadata/namespace").asText()).isEqualTo("bucket-namespace");
    assertThat(bucket.at("/metadata/annotations/foo").asText()).isEqualTo("bar");
  }

  @Test
  void aFailingScriptsExitCodeStderrAndResultsReachTheClient() {
    ObjectNode prr = draft("exec-fails");
    files(prr).put("cm.yaml", CONFIGMAP);
    addPipeline(prr, "  validators:\n  - image: " + STRICT + "\n");

    Kubectl.Result result =
        kubectl.withFile(prr.toString(), "replace", "-o", "json", "-v=9").assertFailure();

    assertThat(result.errorText()).contains(STRICT).contains("greeting must not be hello");
    JsonNode status = result.lastResponseBody();
    assertThat(status.path("code").asInt()).isEqualTo(500);
    assertThat(status.at("/details/causes"))
        .anySatisfy(
            c -> {
              assertThat(c.path("reason").asText()).isEqualTo("FunctionFailed");
              assertThat(c.path("message").asText())
                  .isEqualTo(STRICT + ": exit code 3: strict-check: 1 error");
            })
        .anySatisfy(
            c -> {
              assertThat(c.path("reason").asText()).isEqualTo("FunctionErrorResult");
              assertThat(c.path("message").asText())
                  .isEqualTo(STRICT + ": greeting must not be hello (ConfigMap cm)");
            });
  }

  @Test
  void anImageNeitherTheServerNorTheRunnerHasFailsNamingIt() {
    ObjectNode prr = draft("unknown-fn");
    addPipeline(prr, "  mutators:\n  - image: quay.io/acme/missing-fn:v1\n");

    Kubectl.Result result =
        kubectl.withFile(prr.toString(), "replace", "-o", "json").assertFailure();

    assertThat(result.errorText())
        .contains("NOT_FOUND")
        .contains("\"quay.io/acme/missing-fn:v1\" is not available in this function runner");
  }
}
