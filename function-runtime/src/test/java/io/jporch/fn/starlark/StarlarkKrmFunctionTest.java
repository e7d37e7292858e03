package io.jporch.fn.starlark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import io.jporch.fn.BuiltinFunctionRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden tests from krm-functions-catalog's starlark examples ({@code examples/starlark-*}, {@code
 * tests/starlark/*}): same input, same functionConfig, and the output their {@code
 * .expected/diff.patch} and {@code results.yaml} describe.
 */
class StarlarkKrmFunctionTest {
  private static final String IMAGE = "ghcr.io/kptdev/krm-functions-catalog/starlark:v0.5";

  private static final String DEPLOYMENT =
      """
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: nginx-deployment
          labels:
            app: nginx
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: nginx
          template:
            metadata:
              labels:
                app: nginx
            spec:
              containers:
                - name: nginx
                  image: nginx:1.14.2
                  ports:
                    - containerPort: 80
      """;

  private final BuiltinFunctionRuntime runtime = new BuiltinFunctionRuntime();

  private static String resourceList(String items, String functionConfig) {
    return "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n"
        + items.indent(0)
        + "functionConfig:\n"
        + functionConfig.indent(2);
  }

  private JsonNode run(String items, String functionConfig) throws Exception {
    return Json.YAML.readTree(runtime.run(IMAGE, resourceList(items, functionConfig)));
  }

  private static JsonNode yaml(String s) throws Exception {
    return Json.YAML.readTree(s);
  }

  @Test
  void answersToTheCatalogImages() {
    assertThat(runtime.supports("gcr.io/kpt-fn/starlark:v0.5.5")).isTrue();
    assertThat(runtime.supports("ghcr.io/kptdev/krm-functions-catalog/starlark:v0.5")).isTrue();
    assertThat(runtime.supports("starlark:v0.4.3")).isFalse();
  }

  @Test
  void setNamespaceExample() throws Exception {
    JsonNode out =
        run(
            """
            - apiVersion: v1
              kind: ConfigMap
              metadata:
                name: my-cm
              data:
                some-key: some-value
            - apiVersion: foo.com/v1
              kind: Bar
              metadata:
                name: my-bar
              spec:
                featureA: true
            """,
            """
            apiVersion: fn.kpt.dev/v1alpha1
            kind: StarlarkRun
            metadata:
              name: set-namespace-to-prod
            source: |
              # set the namespace on all resources except Kptfile and StarlarkRun kind.
              for resource in ctx.resource_list["items"]:
                # mutate the resource
                if resource.get("kind") not in ["StarlarkRun", "Kptfile"]:
                  resource["metadata"]["namespace"] = "prod"
            """);
    assertThat(out.get("items"))
        .isEqualTo(
            yaml(
                """
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: my-cm, namespace: prod}
                  data: {some-key: some-value}
                - apiVersion: foo.com/v1
                  kind: Bar
                  metadata: {name: my-bar, namespace: prod}
                  spec: {featureA: true}
                """));
    assertThat(out.has("results")).isFalse();
  }

  @Test
  void injectSidecarExampleWritesNewMappingsWithSortedKeys() throws Exception {
    String out =
        runtime.run(
            IMAGE,
            resourceList(
                DEPLOYMENT,
                """
                apiVersion: fn.kpt.dev/v1alpha1
                kind: StarlarkRun
                metadata:
                  name: inject-sidecar-to-depl
                source: |
                  def ensure_inject_sidecar_to_depl(r):
                    if r["apiVersion"] == "apps/v1" and r["kind"] == "Deployment":
                      containers = r["spec"]["template"]["spec"]["containers"]
                      for container in containers:
                        if container["name"] == "logging-agent":
                          return
                      sidecar = {
                        "name": "logging-agent",
                        "image": "k8s.gcr.io/fluentd-gcp:1.30",
                      }
                      containers.append(sidecar)

                  for resource in ctx.resource_list["items"]:
                    ensure_inject_sidecar_to_depl(resource)
                """));
    JsonNode containers = Json.YAML.readTree(out).at("/items/0/spec/template/spec/containers");
    assertThat(containers)
        .isEqualTo(
            yaml(
                """
                - {name: nginx, image: "nginx:1.14.2", ports: [{containerPort: 80}]}
                - {image: "k8s.gcr.io/fluentd-gcp:1.30", name: logging-agent}
                """));
    assertThat(
            List.of(containers.get(1).fieldNames().next(), containers.get(0).fieldNames().next()))
        .containsExactly("image", "name");
  }

  @Test
  void podDisruptionBudgetExampleAddsTheParamAsANewItem() throws Exception {
    JsonNode out =
        run(
            DEPLOYMENT,
            """
            apiVersion: fn.kpt.dev/v1alpha1
            kind: StarlarkRun
            metadata:
              name: pdb-for-depl
            params:
              pdb:
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata:
                  name: nginx-pdb
                spec:
                  selector:
                    matchLabels:
                      app: nginx
                  minAvailable: 1
            source: |
              def is_pdb(r):
                return r["apiVersion"] == "policy/v1beta1" and r["kind"] == "PodDisruptionBudget" and r["metadata"]["name"] == "nginx-pdb"
              def ensure_pdb(resources, pdb):
                for resource in resources:
                  if is_pdb(resource):
                    return
                resources.append(pdb)
              pdb = ctx.resource_list["functionConfig"]["params"]["pdb"]
              ensure_pdb(ctx.resource_list["items"], pdb)
            """);
    assertThat(out.get("items")).hasSize(2);
    assertThat(out.at("/items/1"))
        .isEqualTo(
            yaml(
                """
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata: {name: nginx-pdb}
                spec: {minAvailable: 1, selector: {matchLabels: {app: nginx}}}
                """));
    assertThat(out.at("/items/0")).isEqualTo(yaml(DEPLOYMENT).get(0));
  }

  @Test
  void configMapAsFunctionConfigExample() throws Exception {
    JsonNode out =
        run(
            DEPLOYMENT,
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: function-input
            data:
              replicas: "5"
              source: |
                def setReplicas(resources, replicas):
                    for r in resources:
                        if r["apiVersion"] == "apps/v1" and r["kind"] == "Deployment":
                            r["spec"]["replicas"] = replicas

                # The functionConfig is a ConfigMap, so the replicas we got from field
                # functionConfig.data.replicas is a string. We need to convert it to an int.
                replicas = int(ctx.resource_list["functionConfig"]["data"]["replicas"])
                setReplicas(ctx.resource_list["items"], replicas)
            """);
    assertThat(out.at("/items/0/spec/replicas").intValue()).isEqualTo(5);
    assertThat(out.at("/items/0/spec/replicas").isInt()).isTrue();
  }

  @Test
  void validationExampleFailsWithTheScriptsMessage() throws Exception {
    String items =
        """
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            namespace: my-ns
            name: my-key
          data:
            private-key: "super secret data"
        """;
    JsonNode out =
        run(
            items,
            """
            apiVersion: fn.kpt.dev/v1alpha1
            kind: StarlarkRun
            metadata:
              name: no-private-key
            source: |
              def contains_private_key(r):
                return r["apiVersion"] == "v1" and r["kind"] == "ConfigMap" and r["data"]["private-key"]
              for resource in ctx.resource_list["items"]:
                if contains_private_key(resource):
                  fail("it is prohibited to have private key in a configmap")
            """);
    assertThat(out.get("results"))
        .isEqualTo(
            yaml(
                """
                - message: 'fail: it is prohibited to have private key in a configmap'
                  severity: error
                """));
    assertThat(out.get("items")).isEqualTo(yaml(items));
  }

  @Test
  void nonStandardFeaturesAreEnabled() throws Exception {
    JsonNode out =
        run(
            """
            - apiVersion: v1
              kind: ConfigMap
              metadata:
                name: my-cm
              data:
                some-key: some-value
            """,
            """
            apiVersion: fn.kpt.dev/v1alpha1
            kind: StarlarkRun
            metadata:
              name: set-namespace-to-prod
            source: |
              # Test set
              x = set(["foo", "bar"])
              print(x)

              # Test recursion
              def fib(n):
                if n == 0 or n == 1:
                  return n
                else:
                  return fib(n-1) + fib(n-2)
              print(fib(3))

              for resource in ctx.resource_list["items"]:
                if resource["kind"] not in ["StarlarkRun", "Kptfile"]:
                  resource["metadata"]["namespace"] = "test"
            """);
    assertThat(out.at("/items/0/metadata/namespace").asText()).isEqualTo("test");
    assertThat(out.has("results")).isFalse();
  }

  @Test
  void configurationErrorsAreResults() throws Exception {
    String items = "- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n";
    assertThat(
            run(
                    items,
                    "apiVersion: fn.kpt.dev/v1alpha1\nkind: StarlarkRun\nmetadata: {name: my-star-fn}\nsource: \"\"\n")
                .at("/results/0/message")
                .asText())
        .isEqualTo("`source` must not be empty");
    assertThat(
            run(items, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n")
                .at("/results/0/message")
                .asText())
        .isEqualTo(
            "`functionConfig` must be either /v1, Kind=ConfigMap or fn.kpt.dev/v1alpha1, Kind=StarlarkRun, but we got: apps/v1, Kind=Deployment");
  }

  @Test
  void syntaxErrorsNameTheProgramAndPosition() throws Exception {
    JsonNode out =
        run(
            "- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n",
            "apiVersion: fn.kpt.dev/v1alpha1\nkind: StarlarkRun\nmetadata: {name: broken}\nsource: |\n  for r in ctx.resource_list['items']\n    pass\n");
    assertThat(out.at("/results/0/message").asText()).isEqualTo("broken:1:36: got newline, want :");
    assertThat(out.at("/items/0/metadata/name").asText()).isEqualTo("a");
  }

  @Test
  void krmfnLibraryMatchesObjects() throws Exception {
    JsonNode out =
        run(
            """
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: n1}}
            - {apiVersion: apps/v1, kind: Deployment, metadata: {name: b}}
            """,
            """
            apiVersion: fn.kpt.dev/v1alpha1
            kind: StarlarkRun
            metadata: {name: lib}
            source: |
              load("krmfn.star", "krmfn")
              for r in ctx.resource_list["items"]:
                if krmfn.match_gvk(r, "v1", "ConfigMap") and krmfn.match_name(r, "a") and krmfn.match_namespace(r, "n1"):
                  r["metadata"]["labels"] = {"matched": "yes"}
            """);
    assertThat(out.at("/items/0/metadata/labels/matched").asText()).isEqualTo("yes");
    assertThat(out.at("/items/1/metadata").has("labels")).isFalse();
  }

  @Test
  void scriptsMayRemoveItems() throws Exception {
    JsonNode out =
        run(
            """
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: keep}}
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: drop}}
            """,
            """
            apiVersion: fn.kpt.dev/v1alpha1
            kind: StarlarkRun
            metadata: {name: filter}
            source: |
              ctx.resource_list["items"] = [r for r in ctx.resource_list["items"] if r["metadata"]["name"] != "drop"]
            """);
    assertThat(out.get("items")).hasSize(1);
    assertThat(out.at("/items/0/metadata/name").asText()).isEqualTo("keep");
  }
}
