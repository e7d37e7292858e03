package io.jporch.git;

import static io.jporch.git.GitTestSupport.KPTFILE;
import static io.jporch.git.GitTestSupport.ctx;
import static io.jporch.git.GitTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.ForbiddenException;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.Repository;
import io.jporch.git.internal.GitRepository;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused updates leave the remote unchanged and the clone re-fetched. */
class RejectionTest {
  @TempDir Path tmp;

  private Repository open(String cache, String url) {
    return new GitRepositoryFactory(tmp.resolve(cache)).open(ctx(), spec("r", url, "main", ""));
  }

  private static PackageRevisionKey key(Repository repo, String ws) {
    return new PackageRevisionKey(new PackageKey(repo.key(), "pkg"), 0, ws);
  }

  @Test
  void draftWithoutKptfileIsRefusedAndRemoteUnchanged() {
    String url = GitFixtures.porchRepository("simple-repository", tmp.resolve("remote"));
    RemoteRepo remote = new RemoteRepo(url);
    Map<String, String> before = remote.refs();
    try (Repository repo = open("cache", url)) {
      PackageRevisionDraft draft = repo.createPackageRevisionDraft(ctx(), key(repo, "ws"));
      assertThatThrownBy(() -> draft.updateResources(ctx(), Map.of("README.md", "x"), null))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("package must contain Kptfile at root");
      assertThatThrownBy(() -> repo.closePackageRevisionDraft(ctx(), draft, 0))
          .isInstanceOf(BadRequestException.class);
      assertThatThrownBy(
              () -> draft.updateResources(ctx(), Map.of("Kptfile", KPTFILE, "../x", "y"), null))
          .isInstanceOf(BadRequestException.class);
    }
    assertThat(remote.refs()).isEqualTo(before);
  }

  @Test
  void neverClosedDraftLeavesNothing() {
    String url = GitFixtures.porchRepository("simple-repository", tmp.resolve("remote"));
    RemoteRepo remote = new RemoteRepo(url);
    Map<String, String> before = remote.refs();
    try (Repository repo = open("cache", url)) {
      PackageRevisionDraft draft = repo.createPackageRevisionDraft(ctx(), key(repo, "ws"));
      draft.updateResources(ctx(), Map.of("Kptfile", KPTFILE), Task.render());
      assertThat(repo.listPackageRevisions(ctx(), PackageRevisionFilter.forPackagePath("pkg")))
          .isEmpty();
    }
    assertThat(remote.refs()).isEqualTo(before);
  }

  @Test
  void staleDraftIsAConflictAndTheCloneIsRefetched() {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    RemoteRepo remote = new RemoteRepo(url);
    try (Repository a = open("cache-a", url);
        Repository b = open("cache-b", url)) {
      PackageRevisionDraft created = a.createPackageRevisionDraft(ctx(), key(a, "ws"));
      created.updateResources(ctx(), Map.of("Kptfile", KPTFILE), null);
      PackageRevision draftA = a.closePackageRevisionDraft(ctx(), created, 0);
      PackageRevisionDraft staleEdit = a.openPackageRevisionDraft(ctx(), draftA);

      PackageRevision draftB = b.listPackageRevisions(ctx(), PackageRevisionFilter.ALL).get(0);
      PackageRevisionDraft edit = b.openPackageRevisionDraft(ctx(), draftB);
      edit.updateResources(ctx(), Map.of("Kptfile", KPTFILE, "b.txt", "b"), null);
      PackageRevision newer = b.closePackageRevisionDraft(ctx(), edit, 0);

      staleEdit.updateResources(ctx(), Map.of("Kptfile", KPTFILE, "a.txt", "a"), null);
      assertThatThrownBy(() -> a.closePackageRevisionDraft(ctx(), staleEdit, 0))
          .isInstanceOf(ConflictException.class);
      assertThat(remote.ref("refs/heads/drafts/pkg/ws")).isEqualTo(newer.resourceVersion());
      assertThat(
              ((GitRepository) a)
                  .sharedClone()
                  .refs()
                  .get("refs/remotes/origin/drafts/pkg/ws")
                  .name())
          .isEqualTo(newer.resourceVersion());

      PackageRevisionDraft again = a.createPackageRevisionDraft(ctx(), key(a, "ws"));
      again.updateResources(ctx(), Map.of("Kptfile", KPTFILE), null);
      assertThatThrownBy(() -> a.closePackageRevisionDraft(ctx(), again, 0))
          .isInstanceOf(ConflictException.class);
      assertThat(remote.ref("refs/heads/drafts/pkg/ws")).isEqualTo(newer.resourceVersion());
    }
  }

  @Test
  void rejectedProposalGoesBackToDraft() {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    RemoteRepo remote = new RemoteRepo(url);
    try (Repository repo = open("cache", url)) {
      PackageRevisionDraft draft = repo.createPackageRevisionDraft(ctx(), key(repo, "ws"));
      draft.updateResources(ctx(), Map.of("Kptfile", KPTFILE), null);
      draft.updateLifecycle(Lifecycle.PROPOSED);
      PackageRevision proposed = repo.closePackageRevisionDraft(ctx(), draft, 0);
      assertThat(remote.refs()).containsKey("refs/heads/proposed/pkg/ws");
      assertThat(remote.refs()).doesNotContainKey("refs/heads/drafts/pkg/ws");

      PackageRevisionDraft reject = repo.openPackageRevisionDraft(ctx(), proposed);
      reject.updateLifecycle(Lifecycle.DRAFT);
      PackageRevision back = repo.closePackageRevisionDraft(ctx(), reject, 0);
      assertThat(back.lifecycle()).isEqualTo(Lifecycle.DRAFT);
      assertThat(remote.refs())
          .containsEntry("refs/heads/drafts/pkg/ws", proposed.resourceVersion())
          .doesNotContainKey("refs/heads/proposed/pkg/ws");

      assertThatThrownBy(() -> repo.updateLifecycle(ctx(), back, Lifecycle.DELETION_PROPOSED))
          .isInstanceOf(ForbiddenException.class);
      repo.deletePackageRevision(ctx(), back);
      assertThat(remote.refs()).doesNotContainKey("refs/heads/drafts/pkg/ws");
    }
  }
}
