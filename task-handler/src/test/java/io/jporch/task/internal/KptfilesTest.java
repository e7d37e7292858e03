package io.jporch.task.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KptfilesTest {
  @Test
  void writesKptsCanonicalFieldOrder() {
    String scrambled =
        """
        status:
          conditions:
          - reason: RenderSuccess
            status: "True"
            type: Rendered
        pipeline:
          mutators:
          - configMap: {z: "1", a: b}
            image: fn:v1
            selectors:
            - name: x
              kind: Y
        info:
          keywords: [b, a]
          description: d
          emptyUnknown: {}
        metadata:
          annotations: {z: "1", a: "2"}
          name: pkg
        kind: Kptfile
        apiVersion: kpt.dev/v1
        upstream:
          git: {ref: main, repo: r, directory: /d}
          type: git
          updateStrategy: resource-merge
        """;

    assertThat(Kptfiles.write(Kptfiles.parse(scrambled)))
        .isEqualTo(
            """
            apiVersion: kpt.dev/v1
            kind: Kptfile
            metadata:
              name: pkg
              annotations:
                a: "2"
                z: "1"
            upstream:
              type: git
              git:
                repo: r
                directory: /d
                ref: main
              updateStrategy: resource-merge
            info:
              description: d
              keywords:
                - b
                - a
              emptyUnknown: {}
            pipeline:
              mutators:
                - image: fn:v1
                  configMap:
                    a: b
                    z: "1"
                  selectors:
                    - kind: "Y"
                      name: x
            status:
              conditions:
                - type: Rendered
                  status: "True"
                  reason: RenderSuccess
            """);
  }

  @Test
  void refusesWhatIsNotAKptfile() {
    assertThatThrownBy(() -> Kptfiles.parse("apiVersion: kpt.dev/v1alpha2\nkind: Kptfile\n"))
        .hasMessage("old resource version \"kpt.dev/v1alpha2\" found in Kptfile");
    assertThatThrownBy(() -> Kptfiles.parse("apiVersion: v1\nkind: ConfigMap\n"))
        .hasMessageContaining("unknown resource type");
    assertThatThrownBy(() -> Kptfiles.parse(": : :")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void detectsSequenceIndentation() {
    assertThat(Yaml.isWide("a:\n  - x\n")).isTrue();
    assertThat(Yaml.isWide("a:\n- x\n")).isFalse();
    assertThat(Yaml.isWide("a: b\n")).isFalse();
    assertThat(Yaml.isWide("metadata:\n  name: x\nspec:\n  items:\n    - a\n")).isTrue();
  }
}
