package io.jporch.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import io.jporch.testing.fake.FakeFunctionRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Render order, save-on-render-failure, .krmignore and JSON resources (kpt v1.0.0-beta.62.1). */
class RenderModesTest {
  static final String GHCR = RenderTest.GHCR;

  private final FakeFunctionRuntime runtime = new FakeFunctionRuntime();
  private final DefaultTaskHandler handler = new DefaultTaskHandler(List.of(runtime));

  private static String kptfile(String name, String annotations, String pipeline) {
    return "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: "
        + name
        + "\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\n"
        + annotations
        + "pipeline:\n"
        + pipeline;
  }

  private static String configMap(String name) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  k: v\n";
  }

  private static List<String> names(String resourceList) throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode item : Json.YAML.readTree(resourceList).path("items")) {
      names.add(item.path("kind").asText() + "/" + item.at("/metadata/name").asText());
    }
    return names;
  }

  private static JsonNode yaml(String text) throws Exception {
    return Json.YAML.readTree(text);
  }

  private Map<String, String> tree(String rootAnnotations) {
    runtime
        .annotate(GHCR + "root-fn:v1", "root", "done")
        .annotate(GHCR + "a-fn:v1", "a", "done")
        .annotate(GHCR + "b-fn:v1", "b", "done");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Kptfile", kptfile("root", rootAnnotations, "  mutators:\n  - image: root-fn:v1\n"));
    files.put("root.yaml", configMap("root-cm"));
    files.put("a/Kptfile", kptfile("a", "", "  mutators:\n  - image: a-fn:v1\n"));
    files.put("a/a.yaml", configMap("a-cm"));
    files.put("a/b/Kptfile", kptfile("b", "", "  mutators:\n  - image: b-fn:v1\n"));
    files.put("a/b/b.yaml", configMap("b-cm"));
    return files;
  }

  @Test
  void depthFirstRendersDescendantsFirstAndAPackageSeesItsOwnResourcesFirst() throws Exception {
    RenderResult result = handler.render(tree(""));

    assertThat(result.failed()).isFalse();
    assertThat(runtime.calls())
        .containsExactly(GHCR + "b-fn:v1", GHCR + "a-fn:v1", GHCR + "root-fn:v1");
    assertThat(names(runtime.inputs().get(1)))
        .containsExactly("Kptfile/a", "ConfigMap/a-cm", "Kptfile/b", "ConfigMap/b-cm");
    assertThat(yaml(result.resources().get("a/b/b.yaml")).at("/metadata/annotations")).hasSize(3);
    assertThat(
            yaml(result.resources().get("root.yaml")).at("/metadata/annotations/a").isMissingNode())
        .isTrue();
  }

  @Test
  void breadthFirstRendersParentsFirstAndEachPipelineSeesItsDescendants() throws Exception {
    RenderResult result = handler.render(tree("    kpt.dev/bfs-rendering: \"TRUE\"\n"));

    assertThat(result.failed()).isFalse();
    assertThat(runtime.calls())
        .containsExactly(GHCR + "root-fn:v1", GHCR + "a-fn:v1", GHCR + "b-fn:v1");
    assertThat(names(runtime.inputs().get(0)))
        .containsExactly(
            "Kptfile/root",
            "ConfigMap/root-cm",
            "Kptfile/a",
            "ConfigMap/a-cm",
            "Kptfile/b",
            "ConfigMap/b-cm");
    assertThat(names(runtime.inputs().get(2))).containsExactly("Kptfile/b", "ConfigMap/b-cm");
    // The parent's annotation reached the subpackages' files before their own pipelines ran.
    JsonNode b = yaml(runtime.inputs().get(2)).at("/items/1/metadata/annotations");
    assertThat(b.path("root").asText()).isEqualTo("done");
    assertThat(b.path("a").asText()).isEqualTo("done");
    assertThat(yaml(result.resources().get("a/b/b.yaml")).at("/metadata/annotations/b").asText())
        .isEqualTo("done");
  }

  @Test
  void aFailedRenderWritesOnlyTheRootKptfileStatus() throws Exception {
    Map<String, String> files = tree("");
    runtime.fail(GHCR + "root-fn:v1", "boom");

    RenderResult result = handler.render(files);

    assertThat(result.failed()).isTrue();
    files.forEach(
        (path, text) -> {
          if (!path.equals("Kptfile")) {
            assertThat(result.resources()).containsEntry(path, text);
          }
        });
    assertThat(yaml(result.resources().get("Kptfile")).at("/status/conditions/0/reason").asText())
        .isEqualTo("RenderFailed");
  }

  @Test
  void saveOnRenderFailureWritesWhatWasRenderedUpToTheFailure() throws Exception {
    Map<String, String> files = tree("    kpt.dev/save-on-render-failure: \"true\"\n");
    files.put("a/extra.yaml", configMap("extra"));
    runtime
        .handle(
            GHCR + "drop-extra:v1",
            in -> {
              var rl = FakeFunctionRuntime.parse(in);
              var items = (com.fasterxml.jackson.databind.node.ArrayNode) rl.get("items");
              for (int i = items.size() - 1; i >= 0; i--) {
                if (items.get(i).at("/metadata/name").asText().equals("extra")) {
                  items.remove(i);
                }
              }
              return FakeFunctionRuntime.write(rl);
            })
        .fail(GHCR + "broken:v1", "boom");
    files.put(
        "a/Kptfile",
        kptfile(
            "a",
            "",
            "  mutators:\n  - image: a-fn:v1\n  - image: drop-extra:v1\n  - image: broken:v1\n"));

    RenderResult result = handler.render(files);

    assertThat(result.failed()).isTrue();
    assertThat(result.error()).contains("broken:v1").contains("boom");
    // b rendered, a's last good state (after a-fn and drop-extra) written, root never ran.
    assertThat(yaml(result.resources().get("a/b/b.yaml")).at("/metadata/annotations/b").asText())
        .isEqualTo("done");
    JsonNode a = yaml(result.resources().get("a/a.yaml")).at("/metadata/annotations");
    assertThat(a.path("a").asText()).isEqualTo("done");
    assertThat(a.has("root")).isFalse();
    // No pruning on failure: the file whose only resource was dropped stays.
    assertThat(result.resources()).containsEntry("a/extra.yaml", configMap("extra"));
    assertThat(result.resources()).containsEntry("root.yaml", configMap("root-cm"));
    assertThat(yaml(result.resources().get("Kptfile")).at("/status/conditions/0/status").asText())
        .isEqualTo("False");
  }

  @Test
  void krmIgnoreHidesFilesAndJsonFilesAreResources() throws Exception {
    runtime.annotate(GHCR + "fn:v1", "seen", "yes");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Kptfile", kptfile("root", "", "  mutators:\n  - image: fn:v1\n"));
    files.put(".krmignore", "# not resources\nexamples/\n*.tmpl.yaml\n!keep.tmpl.yaml\n");
    files.put("examples/bad.yaml", "not: krm\n");
    files.put("x.tmpl.yaml", "{{ template }}\n");
    files.put("keep.tmpl.yaml", configMap("kept"));
    files.put(
        "cm.json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"j\"},"
            + "\"data\":{\"z\":\"1\",\"a\":\"2\"}}");
    files.put("README.md", "# readme\n");

    RenderResult result = handler.render(files);

    assertThat(result.error()).isNull();
    assertThat(names(runtime.inputs().getFirst()))
        .containsExactly("Kptfile/root", "ConfigMap/j", "ConfigMap/kept");
    assertThat(result.resources())
        .containsEntry("examples/bad.yaml", "not: krm\n")
        .containsEntry("x.tmpl.yaml", "{{ template }}\n")
        .containsEntry(".krmignore", files.get(".krmignore"))
        .containsEntry("README.md", "# readme\n");
    assertThat(result.resources().get("cm.json"))
        .isEqualTo(
            """
            {
              "apiVersion": "v1",
              "data": {
                "a": "2",
                "z": "1"
              },
              "kind": "ConfigMap",
              "metadata": {
                "annotations": {
                  "seen": "yes"
                },
                "name": "j"
              }
            }
            """);
  }

  @Test
  void functionsSeeCallIdsAndMayMoveResourcesThroughTheLegacyPathAnnotation() throws Exception {
    runtime.handle(
        GHCR + "move:v1",
        in -> {
          var rl = FakeFunctionRuntime.parse(in);
          for (JsonNode item : rl.path("items")) {
            var annotations =
                (com.fasterxml.jackson.databind.node.ObjectNode) item.at("/metadata/annotations");
            assertThat(annotations.path("config.k8s.io/id").asText()).isNotEmpty();
            assertThat(annotations.path("internal.config.kubernetes.io/id").asText())
                .isEqualTo(annotations.path("config.k8s.io/id").asText());
            if (item.at("/metadata/name").asText().equals("old")) {
              annotations.put("config.kubernetes.io/path", "moved.yaml");
            }
          }
          return FakeFunctionRuntime.write(rl);
        });
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Kptfile", kptfile("root", "", "  mutators:\n  - image: move:v1\n"));
    files.put("old.yaml", configMap("old"));

    RenderResult result = handler.render(files);

    assertThat(result.error()).isNull();
    assertThat(result.resources()).doesNotContainKey("old.yaml");
    assertThat(result.resources().get("moved.yaml")).isEqualTo(configMap("old"));
  }
}
