package io.jporch.fn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.fn.FunctionException;
import io.jporch.core.util.Json;
import io.jporch.core.util.YamlComments;
import io.jporch.fn.BuiltinFunctionRuntime;
import org.junit.jupiter.api.Test;

/**
 * The native catalog functions on ResourceLists (the happy paths are the catalog goldens in
 * task-handler): configuration errors, comments in and out, results.
 */
class CatalogFunctionsTest {
  private final BuiltinFunctionRuntime runtime = new BuiltinFunctionRuntime();

  private static final String DEPLOYMENT =
      """
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations:
            internal.config.kubernetes.io/path: web.yaml
        spec:
          replicas: 4 # kpt-set: ${replicas}
          template:
            spec:
              containers:
              - name: app
                image: nginx:1.20 # kpt-set: ${image}:${tag}
      """;

  private String run(String fn, String items, String config) {
    return runtime.run(
        fn,
        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n"
            + items
            + (config == null ? "" : "functionConfig:\n" + config.indent(2)));
  }

  private static JsonNode yaml(String s) throws Exception {
    return Json.YAML.readTree(s);
  }

  @Test
  void applySettersReadsCommentsAndKeepsThemInItsOutput() throws Exception {
    String out =
        run(
            "apply-setters:v0.2",
            DEPLOYMENT,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata:\n  replicas: \"3\"\n"
                + "  tag: \"1.21\"\n");
    JsonNode rl = yaml(out);
    assertThat(rl.at("/items/0/spec/replicas").isInt()).isTrue();
    assertThat(rl.at("/items/0/spec/replicas").asInt()).isEqualTo(3);
    assertThat(rl.at("/items/0/spec/template/spec/containers/0/image").asText())
        .isEqualTo("nginx:1.21");
    assertThat(YamlComments.extractFirst(out))
        .containsEntry("/items/0/spec/replicas", "kpt-set: ${replicas}");
    assertThat(rl.at("/results/0/message").asText()).isEqualTo("set field value to \"3\"");
    assertThat(rl.at("/results/0/field/path").asText()).isEqualTo("spec.replicas");
    assertThat(rl.at("/results/0/file/path").asText()).isEqualTo("web.yaml");
    assertThat(rl.at("/results/1/message").asText()).isEqualTo("set field value to \"nginx:1.21\"");
  }

  @Test
  void applySettersFailsOnAnUnresolvedSetter() {
    String items =
        DEPLOYMENT.replace(
            "nginx:1.20 # kpt-set: ${image}:${tag}", "nginx # kpt-set: ${image}:${tag}");
    assertThatThrownBy(
            () ->
                run(
                    "apply-setters:v0.2",
                    items,
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata:\n  tag: \"1.21\"\n"))
        .isInstanceOf(FunctionException.class)
        .hasMessage("failed to apply setters: values for setters [${image}] must be provided");
  }

  @Test
  void applySettersWithoutMatchesSaysSo() throws Exception {
    String out =
        run(
            "apply-setters:v0.2",
            DEPLOYMENT,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata:\n  other: x\n");
    assertThat(yaml(out).at("/results/0/message").asText())
        .isEqualTo("no matches for input setter(s)");
  }

  @Test
  void createSettersWritesCommentsAndFailsWithoutMatches() throws Exception {
    String plain = DEPLOYMENT.replaceAll(" # kpt-set: [^\\n]*", "");
    String out =
        run(
            "create-setters:v0.1",
            plain,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata:\n  image: nginx\n"
                + "  tag: \"1.20\"\n");
    assertThat(YamlComments.extractFirst(out))
        .containsEntry(
            "/items/0/spec/template/spec/containers/0/image", "kpt-set: ${image}:${tag}");
    assertThatThrownBy(
            () ->
                run(
                    "create-setters:v0.1",
                    plain,
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata:\n  x: absent\n"))
        .isInstanceOf(FunctionException.class)
        .hasMessageContaining("no matches for the input list of setters");
    assertThatThrownBy(() -> run("create-setters:v0.1", plain, null))
        .isInstanceOf(FunctionException.class)
        .hasMessageContaining("config map cannot be empty");
  }

  @Test
  void setLabelsNeedsAConfigAndWarnsOnEmptyLabels() throws Exception {
    assertThatThrownBy(() -> run("set-labels:v0.2", DEPLOYMENT, null))
        .isInstanceOf(FunctionException.class)
        .hasMessageContaining("FunctionConfig");
    String out =
        run(
            "set-labels:v0.2",
            DEPLOYMENT,
            "apiVersion: fn.kpt.dev/v1alpha1\nkind: SetLabels\nmetadata: {name: s}\nlabels: {}\n");
    assertThat(yaml(out).at("/results/0/severity").asText()).isEqualTo("warning");
    assertThatThrownBy(
            () ->
                run(
                    "set-labels:v0.2",
                    DEPLOYMENT,
                    "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: b}\n"))
        .isInstanceOf(FunctionException.class)
        .hasMessageContaining("unknown FunctionConfig `Secret`");
  }

  @Test
  void setLabelsCreatesTheSelectorAndTemplateLabels() throws Exception {
    String out =
        run(
            "set-labels:latest",
            DEPLOYMENT,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: function-input}\ndata: {app: web}\n");
    JsonNode d = yaml(out).at("/items/0");
    assertThat(d.at("/metadata/labels/app").asText()).isEqualTo("web");
    assertThat(d.at("/spec/selector/matchLabels/app").asText()).isEqualTo("web");
    assertThat(d.at("/spec/template/metadata/labels/app").asText()).isEqualTo("web");
    assertThat(yaml(out).at("/results/0/message").asText()).isEqualTo("set 3 labels in total");
  }

  @Test
  void setImageRefusesUnknownConfigKeysAndKeepsTheCatalogsQuirks() throws Exception {
    assertThatThrownBy(
            () ->
                run(
                    "set-image:v0.1",
                    DEPLOYMENT,
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata: {name: nginx, tag: x}\n"))
        .isInstanceOf(FunctionException.class)
        .hasMessage("ConfigMap has wrong field name tag");
    assertThatThrownBy(
            () ->
                run(
                    "set-image:v0.1",
                    DEPLOYMENT,
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata: {name: nginx}\n"))
        .isInstanceOf(FunctionException.class)
        .hasMessage("must specify one of `newName`, `newTag`, or `digest`");
    String out =
        run(
            "set-image:v0.1",
            DEPLOYMENT,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata: {name: nginx, newName: x/nginx}\n");
    // A new name alone re-appends the old tag without its colon, as the catalog does.
    assertThat(yaml(out).at("/items/0/spec/template/spec/containers/0/image").asText())
        .isEqualTo("x/nginx1.20");
  }

  @Test
  void setAnnotationsRefusesBothFieldSpecKeys() {
    assertThatThrownBy(
            () ->
                run(
                    "set-annotations:v0.1",
                    DEPLOYMENT,
                    "apiVersion: fn.kpt.dev/v1alpha1\nkind: SetAnnotations\nmetadata: {name: s}\n"
                        + "annotations: {a: b}\nfieldSpecs: []\nadditionalAnnotationFields: []\n"))
        .isInstanceOf(FunctionException.class)
        .hasMessageContaining("`fieldSpecs` has been deprecated");
    assertThatThrownBy(
            () ->
                run(
                    "set-annotations:v0.1",
                    DEPLOYMENT,
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata: {}\n"))
        .isInstanceOf(FunctionException.class)
        .hasMessageContaining("input annotation list cannot be empty");
  }

  @Test
  void searchReplaceValidatesMatchersAndUsesCaptureGroups() throws Exception {
    assertThatThrownBy(
            () ->
                run(
                    "search-replace:v0.2",
                    DEPLOYMENT,
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata: {by-name: x}\n"))
        .isInstanceOf(FunctionException.class)
        .hasMessageContaining("invalid matcher \\\"by-name\\\"");
    String out =
        run(
            "search-replace:v0.2",
            DEPLOYMENT,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata:\n"
                + "  by-path: spec.template.spec.containers[*].image\n"
                + "  by-value-regex: nginx:(.*)\n  put-value: registry.example/nginx:${1}\n");
    assertThat(yaml(out).at("/items/0/spec/template/spec/containers/0/image").asText())
        .isEqualTo("registry.example/nginx:1.20");
    assertThat(yaml(out).at("/results/0/message").asText())
        .isEqualTo("Mutated field value to \"registry.example/nginx:1.20\"");
  }

  @Test
  void upsertResourceReplacesKeepingThePathAndAppendsOtherwise() throws Exception {
    String out =
        run(
            "upsert-resource:v0.2",
            DEPLOYMENT,
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n");
    JsonNode rl = yaml(out);
    assertThat(rl.at("/items").size()).isEqualTo(1);
    assertThat(rl.at("/items/0/spec/replicas").asInt()).isEqualTo(1);
    assertThat(rl.at("/items/0/metadata/annotations/internal.config.kubernetes.io~1path").asText())
        .isEqualTo("web.yaml");
    out =
        run(
            "upsert-resource:v0.2",
            DEPLOYMENT,
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n"
                + "    config.kubernetes.io/target-path: svc.yaml\n");
    rl = yaml(out);
    assertThat(rl.at("/items").size()).isEqualTo(2);
    assertThat(rl.at("/items/1/metadata/annotations/internal.config.kubernetes.io~1path").asText())
        .isEqualTo("svc.yaml");
    assertThat(rl.at("/items/1/metadata/annotations").has("config.kubernetes.io/target-path"))
        .isFalse();
  }
}
