package io.jporch.engine;

import static io.jporch.engine.EngineFixture.CTX;
import static io.jporch.engine.EngineFixture.NS;
import static io.jporch.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.cache.FileMetadataStore;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageMetadata;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.PackageRevisionSpec;
import io.jporch.core.api.Task;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.ForbiddenException;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.repository.PackageRevision;
import io.jporch.testing.fake.FakeRepository;
import io.jporch.testing.fake.FakeRepositoryFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultCadEngineTest {
  static final String GHCR = "ghcr.io/kptdev/krm-functions-catalog/";

  private final FakeRepositoryFactory factory = new FakeRepositoryFactory();
  private final EngineFixture f = new EngineFixture(factory);

  private FakeRepository adapter() {
    return factory.repository(NS, "repo");
  }

  @Test
  void createsADraftWithKptsInitOutputByDefault() {
    var metadata =
        ObjectMeta.named(NS, "ignored")
            .withLabels(Map.of("app", "web"))
            .withAnnotations(Map.of("note", "n"));

    PackageRevision created =
        f.engine.createPackageRevision(CTX, f.spec, request("testpkg", "ws1", metadata));

    assertThat(created.lifecycle()).isEqualTo(Lifecycle.DRAFT);
    assertThat(created.key().objectName()).isEqualTo("repo.testpkg.ws1");
    var api = created.toApiObject();
    assertThat(api.spec().tasks())
        .containsExactly(Task.init(new Task.InitTaskSpec("", "testpkg description", null, null)));
    assertThat(api.metadata().labels()).isEqualTo(Map.of("app", "web"));
    assertThat(api.metadata().annotations()).isEqualTo(Map.of("note", "n"));
    assertThat(created.resources())
        .containsOnlyKeys("Kptfile", "README.md", "package-context.yaml")
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
              description: testpkg description
            status:
              conditions:
                - type: Rendered
                  status: "True"
                  reason: RenderSuccess
            """)
        .containsEntry(
            "package-context.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: kptfile.kpt.dev
              annotations:
                config.kubernetes.io/local-config: "true"
            data:
              name: example
            """);
    assertThat(created.resources().get("README.md"))
        .startsWith("# testpkg\n\n## Description\ntestpkg description\n\n## Usage\n");
    assertThat(f.events).first().isEqualTo("ADDED repo.testpkg.ws1");
    assertThat(adapter().operations()).containsExactly("close Draft repo.testpkg.ws1");
  }

  @Test
  void enforcesPorchsCreationRulesOnFullPackagePaths() {
    f.create("team/app", "ws1");

    assertThatThrownBy(() -> f.create("team/app", "ws1"))
        .isInstanceOf(InternalErrorException.class)
        .hasMessage(
            "package revision workspaceNames must be unique; package revision with name team/app"
                + " in repo repo with workspaceName ws1 already exists");
    assertThatThrownBy(() -> f.create("team/app", "ws2"))
        .isInstanceOf(InternalErrorException.class)
        .hasMessage("package \"team/app\" already exists in repository \"repo\"");
    assertThatThrownBy(() -> f.create("team", "ws1"))
        .hasMessage(
            "package path \"team\" conflicts with existing package \"team/app\": packages cannot"
                + " be nested");
    assertThatThrownBy(() -> f.create("team/app/sub", "ws1"))
        .hasMessageContaining("packages cannot be nested");
    var cloneExisting =
        new Task(
            Task.CLONE,
            null,
            new Task.CloneTaskSpec(
                new Task.UpstreamPackage(null, null, null, new Task.PackageRevisionRef("x"))),
            null,
            null);
    assertThatThrownBy(
            () ->
                f.engine.createPackageRevision(
                    CTX, f.spec, request("team/app", "ws3", null, cloneExisting)))
        .hasMessage(
            "`clone` cannot create a new revision for package \"team/app\" that already exists in"
                + " repo \"repo\"; make subsequent revisions using `copy`");
    assertThatThrownBy(
            () ->
                f.engine.createPackageRevision(
                    CTX, f.spec, request("new-app", "ws1", null, cloneExisting)))
        .hasMessage("failed to fetch package revision \"x\": cannot find package revision \"x\"");
    assertThatThrownBy(
            () ->
                f.engine.createPackageRevision(
                    CTX, f.spec, request("x", "ws", null, Task.render(), Task.render())))
        .hasMessage("task list must not contain more than one task");
    assertThatThrownBy(() -> f.create("x", "Bad_WS"))
        .isInstanceOf(InternalErrorException.class)
        .hasMessageStartingWith(
            "failed to create packagerevision: package revision kubernetes resource name"
                + " invalid:\n");
    var published = request("y", "ws", null);
    var publishedRequest = published.withSpec(published.spec().withLifecycle(Lifecycle.PUBLISHED));
    assertThatThrownBy(() -> f.engine.createPackageRevision(CTX, f.spec, publishedRequest))
        .hasMessage("cannot create a package revision with lifecycle value 'Final'");

    // Porch compares only the last segment; a same-named package elsewhere is fine.
    assertThat(f.create("other/app", "ws1").key().objectName()).isEqualTo("repo.other.app.ws1");
    assertThat(adapter().operations())
        .containsExactly("close Draft repo.team.app.ws1", "close Draft repo.other.app.ws1");
  }

  @Test
  void aFailedCreateLeavesNothingBehind() {
    f.create("seed", "ws");
    f.events.clear();
    adapter()
        .failNext(
            FakeRepository.Operation.UPDATE_RESOURCES, new IllegalStateException("disk full"));

    assertThatThrownBy(() -> f.create("pkg", "ws")).hasMessage("disk full");

    assertThat(adapter().storedRevisions())
        .extracting(r -> r.key().objectName())
        .containsExactly("repo.seed.ws");
    assertThat(adapter().operations()).containsExactly("close Draft repo.seed.ws");
    assertThat(f.events).isEmpty();
  }

  @Test
  void aCreateWhoseMetadataCannotBeStoredIsRolledBack(@TempDir Path dir) throws Exception {
    var failing = new FakeRepositoryFactory();
    Path metadataDir = dir.resolve("meta");
    var fixture =
        new EngineFixture(failing, new FileMetadataStore(metadataDir), "https://example.com/r.git");
    Files.writeString(metadataDir.resolve(NS), "not a directory");
    var metadata = ObjectMeta.named(NS, null).withLabels(Map.of("app", "web"));

    assertThatThrownBy(
            () ->
                fixture.engine.createPackageRevision(
                    CTX, fixture.spec, request("pkg", "ws", metadata)))
        .isInstanceOf(InternalErrorException.class);

    FakeRepository repo = failing.repository(NS, "repo");
    assertThat(repo.storedRevisions()).isEmpty();
    assertThat(repo.operations()).containsExactly("close Draft repo.pkg.ws", "delete repo.pkg.ws");
  }

  @Test
  void proposeApproveAndDeleteFollowTheLifecycleRules() {
    PackageRevision draft =
        f.engine.createPackageRevision(
            CTX,
            f.spec,
            request("pkg", "ws1", ObjectMeta.named(NS, null).withLabels(Map.of("app", "web"))));
    f.events.clear();

    PackageRevision proposed = f.toLifecycle(draft, Lifecycle.PROPOSED);
    assertThat(proposed.lifecycle()).isEqualTo(Lifecycle.PROPOSED);
    assertThat(f.events).containsExactly("MODIFIED repo.pkg.ws1");

    f.events.clear();
    PackageRevision published = f.toLifecycle(proposed, Lifecycle.PUBLISHED);
    assertThat(published.key().revision()).isEqualTo(1);
    assertThat(published.isLatestRevision()).isTrue();
    var api = published.toApiObject();
    assertThat(api.metadata().labels())
        .containsEntry("app", "web")
        .containsEntry(ApiGroups.LATEST_REVISION_LABEL, "true");
    assertThat(api.status().publishedBy()).isEqualTo("alice");
    assertThat(f.events).containsExactlyInAnyOrder("MODIFIED repo.pkg.ws1", "ADDED repo.pkg.main");

    assertThatThrownBy(() -> f.engine.deletePackageRevision(CTX, f.spec, published))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "published PackageRevisions must be proposed for deletion by setting spec.lifecycle"
                + " to 'DeletionProposed' prior to deletion");

    PackageRevision relabelled =
        f.update(published, a -> a.withMetadata(a.metadata().withLabels(Map.of("app", "db"))));
    assertThat(relabelled.toApiObject().metadata().labels()).containsEntry("app", "db");
    assertThat(relabelled.lifecycle()).isEqualTo(Lifecycle.PUBLISHED);

    PackageRevision proposedDeletion = f.toLifecycle(relabelled, Lifecycle.DELETION_PROPOSED);
    assertThat(proposedDeletion.lifecycle()).isEqualTo(Lifecycle.DELETION_PROPOSED);
    assertThat(proposedDeletion.toApiObject().metadata().labels()).containsEntry("app", "db");
    f.events.clear();

    f.engine.deletePackageRevision(CTX, f.spec, proposedDeletion);

    assertThat(f.list()).extracting(r -> r.key().objectName()).containsExactly("repo.pkg.main");
    assertThat(f.events).containsExactly("DELETED repo.pkg.ws1");
  }

  @Test
  void approvingAnotherProposalNumbersItAfterTheLatest() {
    PackageRevision v1 =
        f.toLifecycle(
            f.toLifecycle(f.create("pkg", "ws1"), Lifecycle.PROPOSED), Lifecycle.PUBLISHED);
    adapter().putRevision("pkg", "ws2", 0, Lifecycle.PROPOSED, Map.copyOf(v1.resources()));

    PackageRevision v2 = f.toLifecycle(f.find("repo.pkg.ws2"), Lifecycle.PUBLISHED);

    assertThat(v2.key().revision()).isEqualTo(2);
    assertThat(v2.isLatestRevision()).isTrue();
    assertThat(f.find("repo.pkg.ws1").isLatestRevision()).isFalse();
  }

  @Test
  void updatesNeedTheCurrentResourceVersion() {
    PackageRevision draft = f.create("pkg", "ws");
    var old = draft.toApiObject();

    assertThatThrownBy(
            () ->
                f.engine.updatePackageRevision(
                    CTX,
                    f.spec,
                    draft,
                    old,
                    old.withMetadata(old.metadata().withResourceVersion(null))))
        .isInstanceOf(InternalErrorException.class)
        .hasMessage("resourceVersion must be specified for an update");
    assertThatThrownBy(
            () ->
                f.engine.updatePackageRevision(
                    CTX,
                    f.spec,
                    draft,
                    old,
                    old.withMetadata(old.metadata().withResourceVersion("stale"))))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "the object has been modified; please apply your changes to the latest version and"
                + " try again");
  }

  @Test
  void draftUpdatesPatchTheKptfileAndRerender() {
    PackageRevision draft = f.create("pkg", "ws");

    PackageRevision updated =
        f.update(
            draft,
            a ->
                a.withSpec(
                    a.spec()
                        .withPackageMetadata(
                            new PackageMetadata(Map.of("tier", "backend"), null))));

    assertThat(updated.resources().get("Kptfile"))
        .contains("metadata:\n  name: pkg\n  labels:\n    tier: backend\n");
    assertThat(updated.toApiObject().spec().packageMetadata().labels())
        .isEqualTo(Map.of("tier", "backend"));
    assertThat(updated.resourceVersion()).isNotEqualTo(draft.resourceVersion());
  }

  @Test
  void finalizersDeferTheDeleteUntilTheLastOneIsRemoved() {
    var metadata = ObjectMeta.named(NS, null).withFinalizers(List.of("example.com/hold"));
    PackageRevision draft =
        f.engine.createPackageRevision(CTX, f.spec, request("pkg", "ws", metadata));
    f.events.clear();

    f.engine.deletePackageRevision(CTX, f.spec, draft);

    PackageRevision terminating = f.find("repo.pkg.ws");
    assertThat(terminating.toApiObject().metadata().deletionTimestamp()).isNotNull();
    assertThat(f.events).containsExactly("MODIFIED repo.pkg.ws");

    f.events.clear();
    f.update(terminating, a -> a.withMetadata(a.metadata().withFinalizers(null)));

    assertThat(f.list()).isEmpty();
    assertThat(f.events).containsExactly("DELETED repo.pkg.ws");
  }

  private static PackageRevisionResources resources(
      PackageRevision current, Map<String, String> files) {
    return PackageRevisionResources.of(
        ObjectMeta.named(NS, current.key().objectName())
            .withResourceVersion(current.resourceVersion()),
        new PackageRevisionResources.Spec("pkg", "ws", 0, "repo", files),
        null);
  }

  private static Map<String, String> withPipeline(
      PackageRevision current, String image, String extraFile) {
    Map<String, String> files = new LinkedHashMap<>(current.resources());
    files.put(
        "Kptfile",
        files
            .get("Kptfile")
            .replace("info:", "pipeline:\n  mutators:\n    - image: " + image + "\ninfo:"));
    files.put("cm.yaml", extraFile);
    return files;
  }

  @Test
  void updatingResourcesRendersAndReturnsTheRenderStatus() {
    f.runtime.annotate(GHCR + "mark:v1", "marked", "yes");
    PackageRevision draft = f.create("pkg", "ws");
    Map<String, String> files =
        withPipeline(draft, "mark:v1", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");

    var update = f.engine.updatePackageResources(CTX, f.spec, draft, resources(draft, files));

    assertThat(update.revision().resources().get("cm.yaml")).contains("marked: \"yes\"");
    assertThat(update.renderStatus().result().items()).hasSize(1);
    assertThat(update.renderStatus().error()).isEmpty();
  }

  @Test
  void resourcesOfAProposalCannotBeChanged() {
    PackageRevision proposed = f.toLifecycle(f.create("pkg", "ws"), Lifecycle.PROPOSED);

    assertThatThrownBy(
            () ->
                f.engine.updatePackageResources(
                    CTX, f.spec, proposed, resources(proposed, proposed.resources())))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "cannot update a package revision with lifecycle value \"Proposed\"; package must be"
                + " Draft");
  }

  @Test
  void aFailedRenderIsOnlyPushedWhenTheRevisionAsksForIt() {
    PackageRevision draft = f.create("pkg", "ws");
    Map<String, String> files =
        withPipeline(
            draft,
            "quay.io/invalid/nonexistent-fn:v0.0.1",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: test-cm\ndata:\n  key: before\n");

    assertThatThrownBy(
            () -> f.engine.updatePackageResources(CTX, f.spec, draft, resources(draft, files)))
        .isInstanceOf(InternalErrorException.class)
        .hasMessageStartingWith(
            "error rendering package in kpt function pipeline. Package NOT pushed to remote. Fix"
                + " locally (until 'kpt fn render' succeeds) and retry. Details: ")
        .hasMessageContaining("quay.io/invalid/nonexistent-fn:v0.0.1");
    PackageRevision unchanged = f.find("repo.pkg.ws");
    assertThat(unchanged.resourceVersion()).isEqualTo(draft.resourceVersion());
    assertThat(unchanged.resources()).doesNotContainKey("cm.yaml");

    PackageRevision annotated =
        f.update(
            unchanged,
            a ->
                a.withMetadata(
                    a.metadata()
                        .withAnnotations(Map.of(ApiGroups.PUSH_ON_RENDER_FAILURE, "true"))));
    assertThatThrownBy(
            () ->
                f.engine.updatePackageResources(
                    CTX, f.spec, annotated, resources(annotated, files)))
        .isInstanceOf(InternalErrorException.class)
        .hasMessageStartingWith(
            "error rendering package in kpt function pipeline. Package pushed to remote despite"
                + " render failure. Details: ");
    assertThat(f.find("repo.pkg.ws").resources().get("cm.yaml")).contains("key: before");
  }

  @Test
  void doesNotCrashOnMissingFields() {
    var empty =
        io.jporch.core.api.PackageRevision.of(
            ObjectMeta.named(NS, null),
            new PackageRevisionSpec(null, null, null, 0, null, null, null, null, null),
            null);

    assertThatThrownBy(() -> f.engine.createPackageRevision(CTX, f.spec, empty))
        .isInstanceOf(InternalErrorException.class)
        .hasMessageContaining("package revision kubernetes resource name invalid");
    assertThatThrownBy(() -> f.engine.createPackageRevision(CTX, f.spec, null))
        .isInstanceOf(InternalErrorException.class);
    assertThatThrownBy(() -> f.engine.createPackageRevision(CTX, null, empty))
        .isInstanceOf(InternalErrorException.class);
  }
}
