package io.jporch.task.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextPatchTest {
  private static final String TEXT =
      """
      # head comment
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web  # line comment
        namespace: 'old'
        labels:   {app: web}

        annotations:
          remove-me: "x"
          keep: yes-really
      spec:
          replicas: 1    # four-space indent kept
          template:
              spec:
                  containers:
                      - name: app
                        image: "app:v1"
      ---
      # second document
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cfg
      data:
        key: value
      """;

  @Test
  void onlyTheChangedValuesChange() throws Exception {
    List<JsonNode> before = Yaml.documents(TEXT);
    List<JsonNode> after = List.of(before.get(0).deepCopy(), before.get(1).deepCopy());
    ObjectNode meta = (ObjectNode) after.get(0).get("metadata");
    meta.put("namespace", "new");
    ((ObjectNode) meta.get("annotations")).remove("remove-me");
    ((ObjectNode) after.get(0).at("/spec/template/spec/containers/0")).put("image", "app:\"v2\"");
    ((ObjectNode) after.get(0).get("spec")).put("replicas", 3);
    ((ObjectNode) after.get(1).get("data")).put("added", "1e3");
    ((ObjectNode) after.get(1).get("data")).putArray("list").add("a");

    String patched = TextPatch.apply(TEXT, before, after, false);

    assertThat(patched)
        .isEqualTo(
            """
            # head comment
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web  # line comment
              namespace: 'new'
              labels:   {app: web}

              annotations:
                keep: yes-really
            spec:
                replicas: 3    # four-space indent kept
                template:
                    spec:
                        containers:
                            - name: app
                              image: "app:\\"v2\\""
            ---
            # second document
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cfg
            data:
              key: value
              added: "1e3"
              list:
              - a
            """);
    assertThat(Yaml.documents(patched)).isEqualTo(after);
  }

  @Test
  void reshapedValuesAreRewrittenAsWholeEntriesAndSequencesGrow() throws Exception {
    List<JsonNode> before = Yaml.documents(TEXT);
    ObjectNode changed = before.get(0).deepCopy();
    ((ObjectNode) changed.get("metadata")).putObject("labels").put("app", "web").put("b", "c");
    ArrayNode containers = (ArrayNode) changed.at("/spec/template/spec/containers");
    containers.addObject().put("name", "sidecar").put("image", "proxy");
    List<JsonNode> after = List.of(changed, before.get(1));

    String patched = TextPatch.apply(TEXT, before, after, false);

    assertThat(patched)
        .contains("  labels:\n    app: web\n    b: c\n\n  annotations:\n")
        .contains(
            "                - name: app\n"
                + "                  image: \"app:v1\"\n"
                + "                - name: sidecar\n"
                + "                  image: proxy\n---\n");
    assertThat(Yaml.documents(patched)).isEqualTo(after);
  }

  @Test
  void addedOrRemovedDocumentsAreLeftToTheWriter() throws Exception {
    List<JsonNode> before = Yaml.documents(TEXT);
    assertThat(TextPatch.apply(TEXT, before, List.of(before.get(0)), false)).isNull();
  }
}
