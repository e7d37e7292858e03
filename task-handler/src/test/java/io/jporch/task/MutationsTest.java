package io.jporch.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageMetadata;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.PackageRevisionSpec;
import io.jporch.core.api.PackageRevisionStatus;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.InvalidException;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.RepositoryKey;
import io.jporch.core.util.Json;
import io.jporch.testing.fake.FakeFunctionRuntime;
import io.jporch.testing.fake.FakeRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MutationsTest {
  static final RequestContext CTX = RequestContext.system();
  static final String GHCR = "ghcr.io/kptdev/krm-functions-catalog/";
  static final String KPTFILE =
      """
      apiVersion: kpt.dev/v1
      kind: Kptfile
      metadata:
        name: pkg
        labels:
          old: label
        annotations:
          config.kubernetes.io/local-config: "true"
      info:
        description: d
        readinessGates:
          - conditionType: Old
      status:
        conditions:
          - type: Old
            status: "True"
          - type: Kept
            status: "False"
            reason: Before
            message: m
      """;

  private final FakeRepository repo =
      new FakeRepository(new RepositoryKey("ns", "repo", "", "main"));
  private final FakeFunctionRuntime runtime = new FakeFunctionRuntime();
  private final DefaultTaskHandler handler = new DefaultTaskHandler(List.of(runtime));

  private PackageRevision revision(Lifecycle lifecycle, Map<String, String> files) {
    return repo.putRevision("pkg", "ws", 0, lifecycle, files);
  }

  private static io.jporch.core.api.PackageRevision withChanges(
      io.jporch.core.api.PackageRevision api,
      PackageMetadata metadata,
      List<PackageRevisionSpec.ReadinessGate> gates,
      List<PackageRevisionStatus.Condition> conditions) {
    var spec = api.spec();
    var newSpec =
        new PackageRevisionSpec(
            spec.packageName(),
            spec.repository(),
            spec.workspaceName(),
            spec.revision(),
            spec.parent(),
            spec.lifecycle(),
            spec.tasks(),
            gates,
            metadata);
    var status = api.status();
    var newStatus =
        new PackageRevisionStatus(
            status.upstreamLock(),
            status.selfLock(),
            status.publishedBy(),
            status.publishTimestamp(),
            status.deployment(),
            conditions);
    return api.withSpec(newSpec).withStatus(newStatus);
  }

  @Test
  void draftUpdatesPatchTheKptfileAndRerender() throws Exception {
    PackageRevision current = revision(Lifecycle.DRAFT, Map.of("Kptfile", KPTFILE));
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(CTX, current);
    var old = current.toApiObject();
    var updated =
        withChanges(
            old,
            new PackageMetadata(Map.of("new", "label"), null),
            List.of(
                new PackageRevisionSpec.ReadinessGate("Ready"),
                new PackageRevisionSpec.ReadinessGate("Old")),
            List.of(
                new PackageRevisionStatus.Condition("Kept", "True", null, null),
                new PackageRevisionStatus.Condition("Ready", "Unknown", "Waiting", null)));

    handler.doPRMutations(CTX, current, old, updated, draft);

    assertThat(draft.resources().get("Kptfile"))
        .isEqualTo(
            """
            apiVersion: kpt.dev/v1
            kind: Kptfile
            metadata:
              name: pkg
              labels:
                new: label
              annotations:
                config.kubernetes.io/local-config: "true"
            info:
              description: d
              readinessGates:
                - conditionType: Old
                - conditionType: Ready
            status:
              conditions:
                - type: Kept
                  status: "True"
                - type: Ready
                  status: Unknown
                  reason: Waiting
                - type: Rendered
                  status: "True"
                  reason: RenderSuccess
            """);
  }

  @Test
  void proposedRevisionsAreNotTouched() {
    PackageRevision current = revision(Lifecycle.PROPOSED, Map.of("Kptfile", KPTFILE));
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(CTX, current);
    var old = current.toApiObject();

    handler.doPRMutations(
        CTX,
        current,
        old,
        withChanges(old, new PackageMetadata(Map.of(), null), null, null),
        draft);

    assertThat(draft.resources()).containsExactly(Map.entry("Kptfile", KPTFILE));
  }

  @Test
  void aRenderFailureOnUpdateWritesNothing() {
    String broken = KPTFILE.replace("info:", "pipeline:\n  mutators:\n    - image: nope:v1\ninfo:");
    PackageRevision current = revision(Lifecycle.DRAFT, Map.of("Kptfile", broken));
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(CTX, current);
    var old = current.toApiObject();

    assertThatThrownBy(() -> handler.doPRMutations(CTX, current, old, old, draft))
        .isInstanceOf(InternalErrorException.class)
        .hasMessageStartingWith(
            "Error rendering package in kpt function pipeline. Package NOT pushed to remote."
                + " Fix locally (until 'kpt fn render' succeeds) and retry. Details: ")
        .hasMessageContaining(GHCR + "nope:v1");
    assertThat(draft.resources()).containsExactly(Map.entry("Kptfile", broken));
  }

  @Test
  void conditionStatusesAreValidated() {
    PackageRevision current = revision(Lifecycle.DRAFT, Map.of("Kptfile", KPTFILE));
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(CTX, current);
    var old = current.toApiObject();
    var bad =
        withChanges(
            old,
            null,
            null,
            List.of(new PackageRevisionStatus.Condition("X", "Maybe", null, null)));

    assertThatThrownBy(() -> handler.doPRMutations(CTX, current, old, bad, draft))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("status.conditions[0].status");
  }

  private static PackageRevisionResources resources(Map<String, String> files) {
    return PackageRevisionResources.of(
        ObjectMeta.named("ns", "repo.pkg.ws"),
        new PackageRevisionResources.Spec("pkg", "ws", 0, "repo", files),
        null);
  }

  @Test
  void resourceUpdatesReplaceTheFilesAndReturnTheRenderStatus() throws Exception {
    runtime.annotate(GHCR + "mark:v1", "marked", "yes");
    PackageRevision current =
        revision(Lifecycle.DRAFT, Map.of("Kptfile", KPTFILE, "old.yaml", "gone: true\n"));
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(CTX, current);
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "Kptfile", KPTFILE.replace("info:", "pipeline:\n  mutators:\n    - image: mark:v1\ninfo:"));
    files.put("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");

    RenderStatus status = handler.doPRResourceMutations(CTX, current, draft, resources(files));

    assertThat(draft.resources()).containsOnlyKeys("Kptfile", "cm.yaml");
    assertThat(draft.resources().get("cm.yaml")).contains("marked: \"yes\"");
    assertThat(status.error()).isEmpty();
    assertThat(status.result().items()).hasSize(1);
  }

  @Test
  void anEmptyPipelineReportsNoRenderStatus() {
    PackageRevision current = revision(Lifecycle.DRAFT, Map.of("Kptfile", KPTFILE));
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(CTX, current);

    assertThat(
            handler.doPRResourceMutations(
                CTX, current, draft, resources(Map.of("Kptfile", KPTFILE))))
        .isNull();
  }

  @Test
  void aFailedRenderIsNotWrittenUnlessTheRevisionAsksForIt() throws Exception {
    Map<String, String> failing =
        Map.of(
            "Kptfile",
            KPTFILE.replace("info:", "pipeline:\n  mutators:\n    - image: nope:v1\ninfo:"),
            "cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    PackageRevision current = revision(Lifecycle.DRAFT, Map.of("Kptfile", KPTFILE));
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(CTX, current);

    assertThatThrownBy(() -> handler.doPRResourceMutations(CTX, current, draft, resources(failing)))
        .isInstanceOf(InternalErrorException.class)
        .hasMessageStartingWith(
            "error rendering package in kpt function pipeline. Package NOT pushed to remote."
                + " Fix locally (until 'kpt fn render' succeeds) and retry. Details: ");
    assertThat(draft.resources()).containsExactly(Map.entry("Kptfile", KPTFILE));

    current.setMetadata(
        CTX,
        ObjectMeta.named("ns", "repo.pkg.ws")
            .withAnnotations(Map.of(ApiGroups.PUSH_ON_RENDER_FAILURE, "true")));
    RenderStatus status = handler.doPRResourceMutations(CTX, current, draft, resources(failing));

    assertThat(status.error()).contains(GHCR + "nope:v1");
    assertThat(draft.resources()).containsEntry("cm.yaml", failing.get("cm.yaml"));
    JsonNode kptfile = Json.YAML.readTree(draft.resources().get("Kptfile"));
    assertThat(kptfile.at("/status/conditions/2/reason").asText()).isEqualTo("RenderFailed");
  }
}
