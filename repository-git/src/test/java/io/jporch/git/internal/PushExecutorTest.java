package io.jporch.git.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ConflictException;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.git.GitOptions;
import io.jporch.git.GitRepositoryFactory;
import io.jporch.testing.git.GitFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer on another clone moves the remote between our fetch and our push: the atomic push is
 * rejected as a whole, and an approval is rebuilt on the new head unless its tag now exists.
 */
class PushExecutorTest {
  private static final String KPTFILE = "apiVersion: kpt.dev/v1\nkind: Kptfile\n";

  @TempDir Path tmp;

  private static RequestContext ctx() {
    return RequestContext.system();
  }

  private GitRepository open(String cache, String url) {
    Repository spec = RepositorySpecs.onMain("r", url, false);
    return (GitRepository) new GitRepositoryFactory(tmp.resolve(cache)).open(ctx(), spec);
  }

  private static PackageRevision proposal(GitRepository repo, String pkg, String ws) {
    PackageRevisionDraft draft =
        repo.createPackageRevisionDraft(
            ctx(), new PackageRevisionKey(new PackageKey(repo.key(), pkg), 0, ws));
    draft.updateResources(ctx(), Map.of("Kptfile", KPTFILE, "ws", ws), null);
    draft.updateLifecycle(Lifecycle.PROPOSED);
    return repo.closePackageRevisionDraft(ctx(), draft, 0);
  }

  private static PackageRevision publish(GitRepository repo, PackageRevision proposal, int n) {
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(ctx(), proposal);
    draft.updateLifecycle(Lifecycle.PUBLISHED);
    return repo.closePackageRevisionDraft(ctx(), draft, n);
  }

  /** Runs {@code interference} once, after our fetch and before our first plan. */
  private static PushPlan interfered(PushPlan plan, Runnable interference) {
    return new PushPlan() {
      private boolean done;

      @Override
      public List<RefChange> plan(RefSnapshot refs) throws IOException {
        if (!done) {
          done = true;
          interference.run();
        }
        return plan.plan(refs);
      }

      @Override
      public boolean rebuildable() {
        return plan.rebuildable();
      }
    };
  }

  private static ApprovalPlan approval(GitRepository repo, PackageRevision proposal, int n) {
    GitPackageRevisionDraft draft =
        (GitPackageRevisionDraft) repo.openPackageRevisionDraft(ctx(), proposal);
    return new ApprovalPlan(repo, repo.sharedClone(), ctx(), draft, draft.state(), n);
  }

  @Test
  void approvalIsRebuiltWhenOnlyTheBranchMoved() {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    try (GitRepository a = open("cache-a", url);
        GitRepository b = open("cache-b", url)) {
      PackageRevision other = proposal(a, "other", "ws");
      PackageRevision mine = proposal(b, "pkg", "ws");
      ApprovalPlan plan = approval(b, mine, 1);
      PushExecutor executor = new PushExecutor(b.sharedClone(), GitOptions.DEFAULTS);

      executor.execute(ctx(), null, "approve", interfered(plan, () -> publish(a, other, 1)));

      Map<String, String> refs = GitFixtures.refs(GitFixtures.gitDir(url));
      String main = refs.get("refs/heads/main");
      assertThat(main).isEqualTo(plan.approvalCommit().name());
      assertThat(refs.get("refs/tags/pkg/v1")).isEqualTo(main);
      assertThat(refs)
          .containsKey("refs/tags/other/v1")
          .doesNotContainKey("refs/heads/proposed/pkg/ws");
      try (var remote = GitFixtures.open(GitFixtures.gitDir(url));
          var walk = new org.eclipse.jgit.revwalk.RevWalk(remote)) {
        var commit = walk.parseCommit(ObjectId.fromString(main));
        assertThat(commit.getParent(0).name()).isEqualTo(refs.get("refs/tags/other/v1"));
        assertThat(commit.getParent(1).name()).isEqualTo(mine.resourceVersion());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void approvalConflictsWhenTheTagAppeared() {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    try (GitRepository a = open("cache-a", url);
        GitRepository b = open("cache-b", url)) {
      PackageRevision theirs = proposal(a, "pkg", "ws-a");
      PackageRevision mine = proposal(b, "pkg", "ws-b");
      ApprovalPlan plan = approval(b, mine, 1);
      PushExecutor executor = new PushExecutor(b.sharedClone(), GitOptions.DEFAULTS);
      PackageRevision[] won = new PackageRevision[1];

      assertThatThrownBy(
              () ->
                  executor.execute(
                      ctx(),
                      null,
                      "approve",
                      interfered(plan, () -> won[0] = publish(a, theirs, 1))))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("already exists");

      Map<String, String> refs = GitFixtures.refs(GitFixtures.gitDir(url));
      assertThat(refs.get("refs/tags/pkg/v1")).isEqualTo(won[0].resourceVersion());
      assertThat(refs.get("refs/heads/main")).isEqualTo(won[0].resourceVersion());
      assertThat(refs).containsEntry("refs/heads/proposed/pkg/ws-b", mine.resourceVersion());
      assertThat(b.sharedClone().refs().get("refs/tags/pkg/v1").name())
          .isEqualTo(won[0].resourceVersion());
    }
  }

  @Test
  void aRejectedRefRejectsTheWholePush() {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    try (GitRepository a = open("cache-a", url);
        GitRepository b = open("cache-b", url)) {
      ObjectId head = b.sharedClone().refs().get("refs/remotes/origin/main");
      PushPlan plan =
          refs ->
              List.of(
                  RefChange.create("refs/remotes/origin/drafts/new/ws", head),
                  RefChange.create("refs/remotes/origin/drafts/taken/ws", head));
      PushExecutor executor = new PushExecutor(b.sharedClone(), GitOptions.DEFAULTS);
      PushPlan racing =
          interfered(
              plan,
              () -> {
                PackageRevision p = proposal(a, "taken", "ws");
                PackageRevisionDraft d = a.openPackageRevisionDraft(ctx(), p);
                d.updateLifecycle(Lifecycle.DRAFT);
                a.closePackageRevisionDraft(ctx(), d, 0);
              });

      assertThatThrownBy(() -> executor.execute(ctx(), null, "two drafts", racing))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("drafts/taken/ws");
      Map<String, String> refs = GitFixtures.refs(GitFixtures.gitDir(url));
      assertThat(refs).doesNotContainKey("refs/heads/drafts/new/ws");
      assertThat(refs.get("refs/heads/drafts/taken/ws")).isNotEqualTo(head.name());
    }
  }
}
