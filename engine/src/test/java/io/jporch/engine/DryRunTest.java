package io.jporch.engine;

import static io.jporch.engine.EngineFixture.CTX;
import static io.jporch.engine.EngineFixture.NS;
import static io.jporch.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageMetadata;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.ForbiddenException;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.repository.PackageRevision;
import io.jporch.testing.fake.FakeRepositoryFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Dry runs run every check and the same task and render as the real calls, in drafts that are never
 * closed: the repository, the metadata and the change notifications stay as they were.
 */
class DryRunTest {
  private final FakeRepositoryFactory factory = new FakeRepositoryFactory();
  private final EngineFixture f = new EngineFixture(factory);

  @Test
  void createRunsTheTaskButStoresNothing() {
    f.create("existing", "ws1");
    List<PackageRevision> before = f.list();
    f.events.clear();
    var metadata = ObjectMeta.named(NS, "x").withLabels(Map.of("app", "web"));

    var preview = f.engine.dryRunCreate(CTX, f.spec, request("fresh", "ws1", metadata));

    assertThat(preview.metadata().name()).isEqualTo("repo.fresh.ws1");
    assertThat(preview.metadata().uid()).isNotEmpty();
    assertThat(preview.metadata().resourceVersion()).as("nothing committed").isNull();
    assertThat(preview.metadata().labels()).isEqualTo(Map.of("app", "web"));
    assertThat(preview.spec().lifecycle()).isEqualTo(Lifecycle.DRAFT);
    assertThat(preview.spec().tasks()).hasSize(1);
    assertThat(preview.spec().packageMetadata().annotations())
        .as("read from the Kptfile the init task wrote")
        .containsEntry("config.kubernetes.io/local-config", "true");
    assertThat(preview.status().conditions()).extracting(c -> c.type()).contains("Rendered");
    assertThat(f.list())
        .extracting(r -> r.key().objectName())
        .containsExactlyElementsOf(before.stream().map(r -> r.key().objectName()).toList());
    assertThat(f.events).isEmpty();
  }

  @Test
  void createChecksLikeTheRealCall() {
    f.create("existing", "ws1");
    assertThatThrownBy(() -> f.engine.dryRunCreate(CTX, f.spec, request("existing", "ws1", null)))
        .isInstanceOf(InternalErrorException.class)
        .hasMessageContaining("workspaceNames must be unique");
  }

  @Test
  void updateOfADraftRendersButChangesNothing() {
    PackageRevision draft = f.create("app", "ws1");
    String version = draft.resourceVersion();
    f.events.clear();
    var old = draft.toApiObject();
    var requested =
        old.withSpec(
                old.spec()
                    .withLifecycle(Lifecycle.PROPOSED)
                    .withPackageMetadata(new PackageMetadata(Map.of("tier", "gold"), null)))
            .withMetadata(old.metadata().withLabels(Map.of("team", "a")));

    var preview = f.engine.dryRunUpdate(CTX, f.spec, draft, old, requested);

    assertThat(preview.spec().lifecycle()).isEqualTo(Lifecycle.PROPOSED);
    assertThat(preview.spec().packageMetadata().labels()).containsEntry("tier", "gold");
    assertThat(preview.metadata().labels()).containsEntry("team", "a");
    PackageRevision stored = f.find("repo.app.ws1");
    assertThat(stored.lifecycle()).isEqualTo(Lifecycle.DRAFT);
    assertThat(stored.resourceVersion()).isEqualTo(version);
    assertThat(stored.toApiObject().metadata().labels()).isNull();
    assertThat(f.events).isEmpty();
  }

  @Test
  void approvalShowsTheRevisionItWouldGet() {
    PackageRevision proposed = f.toLifecycle(f.create("app", "ws1"), Lifecycle.PROPOSED);
    var old = proposed.toApiObject();
    var preview =
        f.engine.dryRunUpdate(
            CTX,
            f.spec,
            proposed,
            old,
            old.withSpec(old.spec().withLifecycle(Lifecycle.PUBLISHED)));
    assertThat(preview.spec().lifecycle()).isEqualTo(Lifecycle.PUBLISHED);
    assertThat(preview.spec().revision()).isEqualTo(1);
    assertThat(preview.status().publishedBy()).isEqualTo("alice");
    assertThat(f.find("repo.app.ws1").lifecycle()).isEqualTo(Lifecycle.PROPOSED);
  }

  @Test
  void updateChecksTheResourceVersion() {
    PackageRevision draft = f.create("app", "ws1");
    var old = draft.toApiObject();
    var stale = old.withMetadata(old.metadata().withResourceVersion("stale"));
    assertThatThrownBy(() -> f.engine.dryRunUpdate(CTX, f.spec, draft, old, stale))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void resourcesAreRenderedButNotStored() {
    PackageRevision draft = f.create("app", "ws1");
    Map<String, String> files = new TreeMap<>(draft.resources());
    files.put("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
    var resources =
        PackageRevisionResources.of(
            ObjectMeta.named(NS, "repo.app.ws1").withResourceVersion(draft.resourceVersion()),
            new PackageRevisionResources.Spec("app", "ws1", 0, "repo", files),
            null);
    var preview = f.engine.dryRunUpdateResources(CTX, f.spec, draft, resources);
    assertThat(preview.resources()).containsKey("cm.yaml");
    assertThat(f.find("repo.app.ws1").resources()).doesNotContainKey("cm.yaml");
  }

  @Test
  void deleteOfAPublishedRevisionIsForbidden() {
    PackageRevision published =
        f.toLifecycle(
            f.toLifecycle(f.create("app", "ws1"), Lifecycle.PROPOSED), Lifecycle.PUBLISHED);
    assertThatThrownBy(() -> f.engine.dryRunDelete(CTX, f.spec, published))
        .isInstanceOf(ForbiddenException.class);
    PackageRevision draft = f.create("other", "ws1");
    assertThat(f.engine.dryRunDelete(CTX, f.spec, draft)).isFalse();
    assertThat(f.find("repo.other.ws1")).isNotNull();
  }
}
