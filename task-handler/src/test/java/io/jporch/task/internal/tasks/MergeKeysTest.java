package io.jporch.task.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merge keys as {@code kpt pkg get} writes them (observed with the kpt CLI). */
class MergeKeysTest {
  @Test
  void addsCommentAndAnnotationKeepingTheRestOfTheText() {
    String in =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web # hello
          namespace: ns
          annotations:
            a: b
        spec:
          containers:
          - name: x
            image: y
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: example
        """;
    String out = MergeKeys.ensure(Map.of("d.yaml", in)).get("d.yaml");
    assertThat(out)
        .isEqualTo(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: # kpt-merge: ns/web
              name: web # hello
              namespace: ns
              annotations:
                a: b
                internal.kpt.dev/upstream-identifier: 'apps|Deployment|ns|web'
            spec:
              containers:
              - name: x
                image: y
            ---
            apiVersion: v1
            kind: Namespace
            metadata: # kpt-merge: /example
              name: example
              annotations:
                internal.kpt.dev/upstream-identifier: '|Namespace|default|example'
            """);
    assertThat(MergeKeys.ensure(Map.of("d.yaml", out)).get("d.yaml"))
        .as("idempotent")
        .isEqualTo(out);
  }

  @Test
  void identityComesFromAnExistingMergeComment() {
    String in =
        """
        apiVersion: v1
        kind: ResourceQuota
        metadata: # kpt-merge: example/default
          name: default
          namespace: backend
          annotations:
            internal.kpt.dev/upstream-identifier: 'stale'
        """;
    assertThat(MergeKeys.ensure(Map.of("rq.yaml", in)).get("rq.yaml"))
        .contains("metadata: # kpt-merge: example/default")
        .contains("internal.kpt.dev/upstream-identifier: '|ResourceQuota|example|default'")
        .doesNotContain("stale");
  }

  @Test
  void leavesNonYamlAndUnnamedDocumentsAlone() {
    Map<String, String> files =
        Map.of("README.md", "metadata:\n  name: x\n", "x.yaml", "apiVersion: v1\nkind: List\n");
    assertThat(MergeKeys.ensure(files)).isEqualTo(files);
  }

  @Test
  void flowStyleMetadataIsRewrittenFirst() {
    String out =
        MergeKeys.ensure(Map.of("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"))
            .get("a.yaml");
    assertThat(out)
        .contains("metadata: # kpt-merge: /c")
        .contains("internal.kpt.dev/upstream-identifier: '|ConfigMap|default|c'");
  }

  @Test
  void packageContextForDeploymentClones() {
    Map<String, String> files =
        PackageContext.generate(
            Map.of(
                "Kptfile",
                "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: site-a\n",
                "package-context.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kptfile.kpt.dev\ndata:\n"
                    + "  name: example\n",
                "other.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\n---\n"
                    + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kptfile.kpt.dev\n"),
            "sites/site-a");
    assertThat(files.get("package-context.yaml"))
        .isEqualTo(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: kptfile.kpt.dev
              annotations:
                config.kubernetes.io/local-config: "true"
            data:
              name: site-a
              package-path: sites/site-a
            """);
    assertThat(files.get("other.yaml")).contains("name: keep").doesNotContain("kptfile.kpt.dev");
  }
}
