package io.jporch.fn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.fn.FunctionException;
import org.junit.jupiter.api.Test;

class ApplyReplacementsTest {
  private static final String ITEMS =
      """
      items:
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: source
          namespace: team-a
        data:
          image: registry.example/app:v2
          replicas: "3"
          host: svc.team-a.example.com
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            tier: front
        spec:
          replicas: 1
          template:
            spec:
              containers:
              - name: app
                image: app:v1
              - name: sidecar
                image: proxy:v1
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: batch
          labels:
            tier: back
        spec:
          replicas: 1
      """;

  private static ResourceList run(String replacements) {
    ResourceList rl =
        ResourceList.parse(
            "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n"
                + ITEMS
                + "functionConfig:\n  apiVersion: fn.kpt.dev/v1alpha1\n  kind: ApplyReplacements\n"
                + "  metadata:\n    name: r\n"
                + replacements.indent(2));
    new ApplyReplacements().process(rl);
    return rl;
  }

  private static JsonNode item(ResourceList rl, int i) {
    return rl.items().get(i);
  }

  @Test
  void copiesIntoListElementsSelectedByFieldAndKeepsTheTargetType() {
    ResourceList rl =
        run(
            """
            replacements:
            - source: {kind: ConfigMap, name: source, fieldPath: data.image}
              targets:
              - select: {kind: Deployment, name: web}
                fieldPaths: ["spec.template.spec.containers.[name=app].image"]
            - source: {kind: ConfigMap, name: source, fieldPath: data.replicas}
              targets:
              - select: {kind: Deployment}
                reject: [{name: batch}]
                fieldPaths: [spec.replicas]
            """);

    JsonNode web = item(rl, 1);
    assertThat(web.at("/spec/template/spec/containers/0/image").asText())
        .isEqualTo("registry.example/app:v2");
    assertThat(web.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("proxy:v1");
    assertThat(web.at("/spec/replicas").isInt()).isTrue();
    assertThat(web.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(item(rl, 2).at("/spec/replicas").asInt()).isEqualTo(1);
  }

  @Test
  void delimitersPickAndReplaceParts() {
    ResourceList rl =
        run(
            """
            replacements:
            - source:
                kind: ConfigMap
                fieldPath: data.host
                options: {delimiter: ".", index: 1}
              targets:
              - select: {kind: Deployment, name: web}
                fieldPaths: ["spec.template.spec.containers.*.image"]
                options: {delimiter: ":", index: 5}
            """);

    JsonNode containers = item(rl, 1).at("/spec/template/spec/containers");
    assertThat(containers.get(0).path("image").asText()).isEqualTo("app:v1:team-a");
    assertThat(containers.get(1).path("image").asText()).isEqualTo("proxy:v1:team-a");
  }

  @Test
  void labelSelectorsAndCreateMakeMissingFields() {
    ResourceList rl =
        run(
            """
            replacements:
            - source: {kind: ConfigMap, name: source, namespace: team-a, fieldPath: metadata.namespace}
              targets:
              - select: {labelSelector: "tier in (back, middle)"}
                fieldPaths: [metadata.annotations.owner]
                options: {create: true}
            """);

    assertThat(item(rl, 2).at("/metadata/annotations/owner").asText()).isEqualTo("team-a");
    assertThat(item(rl, 1).at("/metadata/annotations").isMissingNode()).isTrue();
  }

  @Test
  void failuresNameTheProblem() {
    assertThatThrownBy(
            () ->
                run(
                    """
                    replacements:
                    - source: {kind: Deployment}
                      targets: []
                    """))
        .isInstanceOf(FunctionException.class)
        .hasMessageStartingWith("multiple matches for selector");
    assertThatThrownBy(
            () ->
                run(
                    """
                    replacements:
                    - source: {kind: Secret}
                      targets: []
                    """))
        .hasMessageStartingWith("nothing selected by");
    assertThatThrownBy(
            () ->
                run(
                    """
                    replacements:
                    - source: {kind: ConfigMap, fieldPath: data.missing}
                      targets: []
                    """))
        .hasMessageContaining("fieldPath `data.missing` is missing for replacement source");
    assertThatThrownBy(
            () ->
                run(
                    """
                    replacements:
                    - source: {kind: ConfigMap}
                      targets:
                      - select: {name: web}
                        fieldPaths: [spec.nothing.here]
                    """))
        .hasMessage("unable to find field \"spec.nothing.here\" in replacement target");
    ResourceList wrongKind =
        ResourceList.parse(
            "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n"
                + "functionConfig: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n");
    assertThatThrownBy(() -> new ApplyReplacements().process(wrongKind))
        .hasMessage(
            "received functionConfig of kind ConfigMap and apiVersion v1, only functionConfig of"
                + " kind ApplyReplacements and apiVersion fn.kpt.dev/v1alpha1 is supported");
  }
}
