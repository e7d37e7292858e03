package io.jporch.task.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import io.jporch.fn.BuiltinFunctionRuntime;
import io.jporch.task.DefaultTaskHandler;
import io.jporch.task.RenderResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The krm-functions-catalog examples rendered with Porch's builtin images: every file except the
 * Kptfile must equal the catalog's expected output byte for byte (the input files plus the
 * example's {@code .expected/diff.patch}); the Kptfile must be unchanged above {@code status} and
 * record a successful render. Fixtures under {@code
 * src/test/resources/golden/<example>/{input,expected}} are copied from
 * kptdev/krm-functions-catalog {@code examples/} (commit 76fe381).
 */
class CatalogGoldenTest {
  private final DefaultTaskHandler handler =
      new DefaultTaskHandler(java.util.List.of(new BuiltinFunctionRuntime()));

  @ParameterizedTest(name = "{0} with {2}")
  @CsvSource({
    "set-namespace-simple, gcr.io/kpt-fn/set-namespace:unstable,"
        + " ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.5",
    "set-namespace-simple, gcr.io/kpt-fn/set-namespace:unstable, set-namespace:v0.4",
    "set-namespace-depends-on, gcr.io/kpt-fn/set-namespace:unstable,"
        + " ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.5",
    "set-namespace-kpt-package-context, gcr.io/kpt-fn/set-namespace:v0.3.4,"
        + " ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4",
    "apply-replacements-simple, gcr.io/kpt-fn/apply-replacements:unstable,"
        + " ghcr.io/kptdev/krm-functions-catalog/apply-replacements:v0.1.5",
    "apply-replacements-simple, gcr.io/kpt-fn/apply-replacements:unstable,"
        + " apply-replacements:v0.1",
    "set-labels-simple, gcr.io/kpt-fn/set-labels:unstable, set-labels:v0.2",
    "set-labels-full-coverage, gcr.io/kpt-fn/set-labels:unstable,"
        + " ghcr.io/kptdev/krm-functions-catalog/set-labels:latest",
    "apply-setters-simple, gcr.io/kpt-fn/apply-setters:unstable, apply-setters:v0.2",
    "create-setters-simple, gcr.io/kpt-fn/create-setters:unstable,"
        + " ghcr.io/kptdev/krm-functions-catalog/create-setters:v0.1",
    "set-annotations-simple, gcr.io/kpt-fn/set-annotations:unstable, set-annotations:v0.1",
    "set-annotations-advanced, gcr.io/kpt-fn/set-annotations:unstable,"
        + " ghcr.io/kptdev/krm-functions-catalog/set-annotations:v0.1.5",
    "set-image-simple, gcr.io/kpt-fn/set-image:unstable, set-image:v0.1",
    "set-image-advanced, gcr.io/kpt-fn/set-image:unstable, gcr.io/kpt-fn/set-image:v0.1.2",
    "set-image-digest, gcr.io/kpt-fn/set-image:unstable, set-image:latest",
    "search-replace-simple, gcr.io/kpt-fn/search-replace:unstable, search-replace:v0.2",
  })
  void rendersAsTheCatalogExpects(String example, String catalogImage, String builtinImage)
      throws IOException {
    Path dir = Path.of("src/test/resources/golden", example);
    Map<String, String> input = read(dir.resolve("input"));
    input.put("Kptfile", input.get("Kptfile").replace(catalogImage, builtinImage));
    Map<String, String> expected = read(dir.resolve("expected"));

    RenderResult result = handler.render(input);

    assertThat(result.error()).isNull();
    assertThat(result.resources().keySet()).isEqualTo(expected.keySet());
    for (var e : expected.entrySet()) {
      if (!e.getKey().equals("Kptfile")) {
        assertThat(result.resources().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
    String kptfile = result.resources().get("Kptfile");
    String wanted = expected.get("Kptfile").replace(catalogImage, builtinImage);
    assertThat(kptfile).contains("\nstatus:\n");
    // kpt re-encodes the root Kptfile canonically (configMap keys sorted): compare as YAML.
    assertThat(Json.YAML.readTree(kptfile.substring(0, kptfile.indexOf("\nstatus:\n") + 1)))
        .isEqualTo(Json.YAML.readTree(wanted));
    JsonNode status = Json.YAML.readTree(kptfile).path("status");
    assertThat(status.at("/conditions/0/type").asText()).isEqualTo("Rendered");
    assertThat(status.at("/conditions/0/status").asText()).isEqualTo("True");
    assertThat(status.at("/conditions/0/reason").asText()).isEqualTo("RenderSuccess");
    String resolved =
        builtinImage.contains("/")
            ? builtinImage
            : BuiltinFunctionRuntime.DEFAULT_IMAGE_PREFIX + builtinImage;
    assertThat(status.at("/renderStatus/mutationSteps/0/image").asText()).isEqualTo(resolved);
    assertThat(status.at("/renderStatus/mutationSteps/0/exitCode").asInt()).isZero();
    assertThat(result.status().result().items()).hasSize(1);
    assertThat(result.status().result().items().getFirst().image()).isEqualTo(resolved);
  }

  /**
   * The catalog's {@code kpt fn eval} examples ({@code .expected/config.yaml}: {@code testType:
   * eval}, {@code fnConfig: ../fn-config.yaml}), rendered through a Kptfile that runs the same
   * function with {@code configPath: fn-config.yaml}: the config file is an input item in both.
   */
  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
    "upsert-resource-simple, upsert-resource:v0.2",
    "upsert-resource-at-path, ghcr.io/kptdev/krm-functions-catalog/upsert-resource:v0.2.1",
    "upsert-resource-multiple, upsert-resource:latest",
  })
  void evalExamplesRenderAsTheCatalogExpects(String example, String image) throws IOException {
    evalExample(example, image, "      configPath: fn-config.yaml\n");
  }

  /**
   * search-replace-create-setters runs {@code kpt fn eval} with its arguments ({@code
   * .expected/exec.sh}); kpt turns them into the ConfigMap a {@code configMap} pipeline entry
   * gives.
   */
  @org.junit.jupiter.api.Test
  void searchReplaceCreateSettersEvalExample() throws IOException {
    evalExample(
        "search-replace-create-setters",
        "ghcr.io/kptdev/krm-functions-catalog/search-replace:latest",
        "      configMap:\n        by-path: data.**\n        by-value-regex: (.*)nginx.com(.*)\n"
            + "        put-comment: 'kpt-set: ${1}${host}${2}'\n");
  }

  private void evalExample(String example, String image, String config) throws IOException {
    Path dir = Path.of("src/test/resources/golden", example);
    String kptfile =
        "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: example\n  annotations:\n"
            + "    config.kubernetes.io/local-config: \"true\"\npipeline:\n  mutators:\n"
            + "    - image: "
            + image
            + "\n"
            + config;
    Map<String, String> input = read(dir.resolve("input"));
    input.put("Kptfile", kptfile);
    Map<String, String> expected = read(dir.resolve("expected"));

    RenderResult result = handler.render(input);

    assertThat(result.error()).isNull();
    expected.put("Kptfile", result.resources().get("Kptfile"));
    assertThat(result.resources()).isEqualTo(expected);
    assertThat(result.resources().get("Kptfile")).contains("RenderSuccess");
  }

  private static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        files.put(
            dir.relativize(p).toString().replace('\\', '/'),
            Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return files;
  }
}
