package io.jporch.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageMetadata;
import io.jporch.core.api.PackageRevision;
import io.jporch.core.api.PackageRevisionSpec;
import io.jporch.core.api.Task;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.RepositoryKey;
import io.jporch.testing.fake.FakeRepository;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyTaskTest {
  static final RequestContext CTX = RequestContext.system();

  static final String README =
      """
      # testpkg

      ## Description
      test package

      ## Usage

      ### Fetch the package
      `kpt pkg get REPO_URI[.git]/PKG_PATH[@VERSION] testpkg`
      Details: https://kpt.dev/reference/cli/pkg/get/

      ### View package content
      `kpt pkg tree testpkg`
      Details: https://kpt.dev/reference/cli/pkg/tree/

      ### Apply the package
      ```
      kpt live init testpkg
      kpt live apply testpkg --reconcile-timeout=2m --output=table
      ```
      Details: https://kpt.dev/reference/cli/live/
      """;

  static final String PACKAGE_CONTEXT =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: kptfile.kpt.dev
        annotations:
          config.kubernetes.io/local-config: "true"
      data:
        name: example
      """;

  private final FakeRepository repo =
      new FakeRepository(new RepositoryKey("ns", "repo", "", "main"));
  private final DefaultTaskHandler handler = new DefaultTaskHandler(List.of());

  private PackageRevisionDraft draft(String path) {
    return repo.createPackageRevisionDraft(
        CTX, new PackageRevisionKey(new PackageKey(repo.key(), path), 0, "ws"));
  }

  static PackageRevision object(
      String packageName,
      Task task,
      PackageMetadata metadata,
      List<PackageRevisionSpec.ReadinessGate> gates) {
    return PackageRevision.of(
        ObjectMeta.named("ns", "repo." + packageName + ".ws"),
        new PackageRevisionSpec(
            packageName,
            "repo",
            "ws",
            0,
            null,
            Lifecycle.DRAFT,
            task == null ? List.of() : List.of(task),
            gates,
            metadata),
        null);
  }

  @Test
  void initWritesKptsFilesAndRendersTheKptfile() {
    PackageRevisionDraft draft = draft("testpkg");
    Task init =
        Task.init(
            new Task.InitTaskSpec(
                "", "test package", List.of("test", "kpt", "pkg"), "http://kpt.dev/testpkg"));

    handler.applyTask(CTX, draft, null, object("testpkg", init, null, null));

    assertThat(draft.resources())
        .containsOnlyKeys("Kptfile", "README.md", "package-context.yaml")
        .containsEntry("README.md", README)
        .containsEntry("package-context.yaml", PACKAGE_CONTEXT)
        .containsEntry(
            "Kptfile",
            """
            apiVersion: kpt.dev/v1
            kind: Kptfile
            metadata:
              name: testpkg
              annotations:
                config.kubernetes.io/local-config: "true"
            info:
              site: http://kpt.dev/testpkg
              description: test package
              keywords:
                - test
                - kpt
                - pkg
            status:
              conditions:
                - type: Rendered
                  status: "True"
                  reason: RenderSuccess
            """);
  }

  @Test
  void initMergesPackageMetadataAndReadinessGatesInKptOrder() {
    PackageRevisionDraft draft = draft("team/app");
    Task init = Task.init(new Task.InitTaskSpec(null, "team/app description", null, null));
    var metadata = new PackageMetadata(Map.of("b", "2", "a", "1"), Map.of("note", "x & y"));
    var gates =
        List.of(
            new PackageRevisionSpec.ReadinessGate("Ready"),
            new PackageRevisionSpec.ReadinessGate("Tested"));

    handler.applyTask(CTX, draft, null, object("team/app", init, metadata, gates));

    assertThat(draft.resources().get("Kptfile"))
        .isEqualTo(
            """
            apiVersion: kpt.dev/v1
            kind: Kptfile
            metadata:
              name: team/app
              labels:
                a: "1"
                b: "2"
              annotations:
                config.kubernetes.io/local-config: "true"
                note: x & y
            info:
              description: team/app description
              readinessGates:
                - conditionType: Ready
                - conditionType: Tested
            status:
              conditions:
                - type: Rendered
                  status: "True"
                  reason: RenderSuccess
            """);
    assertThat(draft.resources().get("README.md")).startsWith("# team/app\n\n## Description\n");
  }

  @Test
  void readmeEscapesLikeGoHtmlTemplate() {
    PackageRevisionDraft draft = draft("pkg");
    handler.applyTask(
        CTX,
        draft,
        null,
        object(
            "pkg",
            Task.init(new Task.InitTaskSpec("", "a<b> & \"c\" + 'd'", null, null)),
            null,
            null));

    assertThat(draft.resources().get("README.md"))
        .contains("## Description\na&lt;b&gt; &amp; &#34;c&#34; &#43; &#39;d&#39;\n");
  }

  @Test
  void rejectsTasksItCannotRunWithoutWritingAnything() {
    PackageRevisionDraft draft = draft("pkg");
    var clone =
        new Task(
            Task.CLONE,
            null,
            new Task.CloneTaskSpec(
                new Task.UpstreamPackage(null, null, null, new Task.PackageRevisionRef("up"))),
            null,
            null);

    assertThatThrownBy(() -> handler.applyTask(CTX, draft, null, object("pkg", clone, null, null)))
        .isInstanceOf(InternalErrorException.class)
        .hasMessage("failed to fetch package revision \"up\": cannot find package revision \"up\"");
    assertThatThrownBy(
            () ->
                handler.applyTask(
                    CTX,
                    draft,
                    null,
                    object("pkg", new Task(Task.EDIT, null, null, null, null), null, null)))
        .hasMessage("edit not set for task of type \"edit\"");
    assertThatThrownBy(
            () -> handler.applyTask(CTX, draft, null, object("pkg", Task.render(), null, null)))
        .hasMessage("task of type \"render\" not supported");
    assertThatThrownBy(() -> handler.applyTask(CTX, draft, null, object("pkg", null, null, null)))
        .hasMessage("task list must contain exactly 1 task");
    assertThatThrownBy(
            () ->
                handler.applyTask(
                    CTX,
                    draft,
                    null,
                    object("pkg", new Task(Task.INIT, null, null, null, null), null, null)))
        .hasMessage("init not set for task of type \"init\"");
    assertThat(draft.resources()).isEmpty();
  }

  @Test
  void initOfASubpackageHasNoRootKptfile() {
    PackageRevisionDraft draft = draft("pkg");
    Task init = Task.init(new Task.InitTaskSpec("sub", "d", null, null));

    assertThatThrownBy(() -> handler.applyTask(CTX, draft, null, object("pkg", init, null, null)))
        .isInstanceOf(InternalErrorException.class)
        .hasMessage("failed to parse Kptfile: file \"Kptfile\" is missing from the package");
  }
}
