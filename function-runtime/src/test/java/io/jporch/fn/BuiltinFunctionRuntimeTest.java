package io.jporch.fn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.fn.FunctionException;
import io.jporch.core.util.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinFunctionRuntimeTest {
  private static final String SET_NS = "ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4";
  private final BuiltinFunctionRuntime runtime = new BuiltinFunctionRuntime();

  @Test
  void matchesPorchsBuiltinImagesExactly() {
    assertThat(runtime.supports(SET_NS)).isTrue();
    assertThat(runtime.supports("ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.5"))
        .isTrue();
    assertThat(runtime.supports("set-namespace:v0.4")).isTrue();
    assertThat(runtime.supports("gcr.io/kpt-fn/set-namespace:v0.4")).isTrue();

    assertThat(runtime.supports("ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.3.4"))
        .isFalse();
    assertThat(runtime.supports("ghcr.io/kptdev/krm-functions-catalog/set-namespace")).isFalse();
    assertThat(runtime.supports("ghcr.io/kptdev/krm-functions-catalog/set-namespace@sha256:ab"))
        .isFalse();
    assertThat(runtime.supports("docker.io/other/set-namespace:v0.4")).isFalse();
    assertThat(runtime.supports("ghcr.io/kptdev/krm-functions-catalog/kubeconform:v0.1")).isFalse();
    assertThat(runtime.supports(null)).isFalse();
  }

  /** Beyond Porch: the function runner's tags, their minor lines and latest (docs/functions.md). */
  @Test
  void alsoAnswersToTheFunctionRunnersTagsAndLatest() {
    for (String image :
        List.of(
            "ghcr.io/kptdev/krm-functions-catalog/set-namespace:latest",
            "ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.1",
            "set-labels:latest",
            "gcr.io/kpt-fn/set-labels:v0.1.5",
            "ghcr.io/kptdev/krm-functions-catalog/set-labels:v0.2",
            "ghcr.io/kptdev/krm-functions-catalog/apply-setters:v0.2",
            "ghcr.io/kptdev/krm-functions-catalog/create-setters:v0.1",
            "starlark:latest",
            "apply-replacements:latest")) {
      assertThat(runtime.supports(image)).as(image).isTrue();
    }
    assertThat(runtime.supports("set-labels:v0.3")).isFalse();
    assertThat(runtime.supports("set-labels:unstable")).isFalse();
  }

  @Test
  void honoursAConfiguredDefaultPrefix() {
    var custom = new BuiltinFunctionRuntime("registry.example.com/fns/");
    assertThat(custom.supports("registry.example.com/fns/set-namespace:v0.4")).isTrue();
    assertThat(custom.supports(SET_NS)).isTrue();
  }

  @Test
  void refusesImagesItDoesNotHave() {
    assertThatThrownBy(() -> runtime.run("quay.io/x/y:v1", "kind: ResourceList\nitems: []\n"))
        .isInstanceOf(FunctionException.class)
        .hasMessageContaining("quay.io/x/y:v1");
  }

  /** The catalog's examples/set-namespace-simple. */
  @Test
  void setNamespaceSimpleExample() throws Exception {
    String input =
        """
        apiVersion: config.kubernetes.io/v1
        kind: ResourceList
        items:
        - apiVersion: kpt.dev/v1
          kind: Kptfile
          metadata:
            name: example
            annotations:
              config.kubernetes.io/local-config: "true"
        - apiVersion: v1
          kind: Service
          metadata:
            name: the-service
            namespace: example
        - apiVersion: v1
          kind: Namespace
          metadata:
            name: example
        - apiVersion: apiextensions.k8s.io/v1
          kind: CustomResourceDefinition
          metadata:
            name: the-crd
          spec:
            conversion:
              strategy: Webhook
              webhook:
                clientConfig:
                  service:
                    name: crd-svc
                    namespace: example
        - apiVersion: apiregistration.k8s.io/v1
          kind: APIService
          metadata:
            name: the-api-service
          spec:
            service:
              name: api-svc
              namespace: example
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata:
            name: crb1
          subjects:
          - kind: ServiceAccount
            name: default
            namespace: example
        - apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: no-namespace-yet
        functionConfig:
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: function-input
          data:
            namespace: example-ns
        """;

    JsonNode out = Json.YAML.readTree(runtime.run(SET_NS, input));

    JsonNode items = out.path("items");
    assertThat(items.get(0).path("metadata").has("namespace")).isFalse();
    assertThat(items.get(1).at("/metadata/namespace").asText()).isEqualTo("example-ns");
    assertThat(items.get(2).at("/metadata/name").asText()).isEqualTo("example-ns");
    assertThat(items.get(3).at("/spec/conversion/webhook/clientConfig/service/namespace").asText())
        .isEqualTo("example-ns");
    assertThat(items.get(4).at("/spec/service/namespace").asText()).isEqualTo("example-ns");
    assertThat(items.get(5).at("/subjects/0/namespace").asText()).isEqualTo("example-ns");
    assertThat(items.get(6).at("/metadata/namespace").asText()).isEqualTo("example-ns");
    assertThat(out.at("/functionConfig/data/namespace").asText()).isEqualTo("example-ns");
    assertThat(messages(out))
        .containsExactly(
            "info: namespace [default example] updated to \"example-ns\", 6 value(s) changed");
  }

  @Test
  void acceptsSetNamespaceAndPackageContextConfigs() throws Exception {
    String items =
        """
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: cm
            namespace: old
        """;
    JsonNode viaKind =
        Json.YAML.readTree(
            runtime.run(
                SET_NS,
                "kind: ResourceList\n"
                    + items
                    + "functionConfig:\n  apiVersion: fn.kpt.dev/v1alpha1\n  kind: SetNamespace\n"
                    + "  metadata: {name: x}\n  namespace: from-kind\n"));
    JsonNode viaContext =
        Json.YAML.readTree(
            runtime.run(
                SET_NS,
                "kind: ResourceList\n"
                    + items
                    + "functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n"
                    + "  metadata: {name: kptfile.kpt.dev}\n  data: {name: from-context}\n"));

    assertThat(viaKind.at("/items/0/metadata/namespace").asText()).isEqualTo("from-kind");
    assertThat(viaContext.at("/items/0/metadata/namespace").asText()).isEqualTo("from-context");
  }

  @Test
  void namespaceMatcherLimitsTheChange() throws Exception {
    String input =
        """
        kind: ResourceList
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: a, namespace: one}
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: b, namespace: two}
        functionConfig:
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: function-input}
          data: {namespace: three, namespaceMatcher: one}
        """;
    JsonNode out = Json.YAML.readTree(runtime.run(SET_NS, input));

    assertThat(out.at("/items/0/metadata/namespace").asText()).isEqualTo("three");
    assertThat(out.at("/items/1/metadata/namespace").asText()).isEqualTo("two");
  }

  @Test
  void configProblemsAreErrorResultsAndChangeNothing() throws Exception {
    String input =
        """
        kind: ResourceList
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: a, namespace: one}
        functionConfig:
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: function-input}
          data: {}
        """;
    JsonNode out = Json.YAML.readTree(runtime.run(SET_NS, input));

    assertThat(out.at("/items/0/metadata/namespace").asText()).isEqualTo("one");
    assertThat(messages(out)).containsExactly("error: `data.namespace` should not be empty");
  }

  @Test
  void refusesSeveralOriginNamespacesWithoutAMatcher() throws Exception {
    String input =
        """
        kind: ResourceList
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: a
            namespace: one
            annotations: {internal.kpt.dev/upstream-identifier: '|ConfigMap|one|a'}
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: b
            namespace: two
            annotations: {internal.kpt.dev/upstream-identifier: '|ConfigMap|two|b'}
        functionConfig:
          kind: ConfigMap
          metadata: {name: function-input}
          data: {namespace: three}
        """;
    JsonNode out = Json.YAML.readTree(runtime.run(SET_NS, input));

    assertThat(out.at("/items/0/metadata/namespace").asText()).isEqualTo("one");
    assertThat(messages(out).getFirst()).startsWith("error: unable to use origin namespace");
  }

  @Test
  void updatesDependsOnReferencesAndKeepsStringsStrings() throws Exception {
    String input =
        """
        kind: ResourceList
        items:
        - apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: old
            annotations: {config.kubernetes.io/depends-on: /namespaces/old/ConfigMap/cfg}
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: cfg, namespace: old}
          data: {count: "1e3", enabled: "on", date: "2024-01-01", octal: "0o17", plain: "x"}
        functionConfig:
          kind: ConfigMap
          metadata: {name: function-input}
          data: {namespace: new}
        """;
    String yaml = runtime.run(SET_NS, input);
    JsonNode out = Json.YAML.readTree(yaml);

    assertThat(
            out.at("/items/0/metadata/annotations").get("config.kubernetes.io/depends-on").asText())
        .isEqualTo("/namespaces/new/ConfigMap/cfg");
    JsonNode data = out.at("/items/1/data");
    assertThat(data.get("count").isTextual()).isTrue();
    assertThat(yaml)
        .contains("count: \"1e3\"")
        .contains("enabled: \"on\"")
        .contains("date: \"2024-01-01\"")
        .contains("octal: \"0o17\"")
        .contains("plain: x");
  }

  private static List<String> messages(JsonNode out) {
    List<String> result = new ArrayList<>();
    out.path("results")
        .forEach(r -> result.add(r.path("severity").asText() + ": " + r.path("message").asText()));
    return result;
  }
}
