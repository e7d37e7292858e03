package io.jporch.git;

import static io.jporch.git.GitTestSupport.KPTFILE;
import static io.jporch.git.GitTestSupport.ctx;
import static io.jporch.git.GitTestSupport.keys;
import static io.jporch.git.GitTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.error.ConflictException;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.Repository;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two approvals of the same package with the same revision number: exactly one wins. */
class ConcurrentApprovalTest {
  @TempDir Path tmp;

  private static PackageRevision proposal(Repository repo, String workspace) {
    PackageRevisionKey key =
        new PackageRevisionKey(new PackageKey(repo.key(), "pkg"), 0, workspace);
    PackageRevisionDraft draft = repo.createPackageRevisionDraft(ctx(), key);
    draft.updateResources(
        ctx(),
        Map.of("Kptfile", KPTFILE, "ws.txt", workspace),
        Task.init(new Task.InitTaskSpec(null, workspace, null, null)));
    draft.updateLifecycle(Lifecycle.PROPOSED);
    return repo.closePackageRevisionDraft(ctx(), draft, 0);
  }

  /** Outcome of one approval attempt: the revision, or the conflict. */
  private record Outcome(PackageRevision revision, ConflictException conflict) {}

  /** Opens the proposal for approval now; the returned attempt closes it with revision 1. */
  private static Attempt approval(Repository repo, PackageRevision proposal) {
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(ctx(), proposal);
    draft.updateLifecycle(Lifecycle.PUBLISHED);
    return () -> {
      try {
        return new Outcome(repo.closePackageRevisionDraft(ctx(), draft, 1), null);
      } catch (ConflictException e) {
        return new Outcome(null, e);
      }
    };
  }

  @RepeatedTest(3)
  void twoClonesRaceForTheSameTag() throws Exception {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    try (Repository a =
            new GitRepositoryFactory(tmp.resolve("cache-a"))
                .open(ctx(), spec("r", url, "main", ""));
        Repository b =
            new GitRepositoryFactory(tmp.resolve("cache-b"))
                .open(ctx(), spec("r", url, "main", ""))) {
      PackageRevision pa = proposal(a, "ws-a");
      PackageRevision pb = proposal(b, "ws-b");
      b.refresh(ctx());
      a.refresh(ctx());
      List<Outcome> outcomes = race(List.of(approval(a, pa), approval(b, pb)));
      assertExactlyOneWinner(outcomes, url);
    }
  }

  @Test
  void oneRepositoryManyThreads() throws Exception {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    try (Repository repo =
        new GitRepositoryFactory(tmp.resolve("cache")).open(ctx(), spec("r", url, "main", ""))) {
      List<PackageRevision> proposals = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        proposals.add(proposal(repo, "ws-" + i));
      }
      List<Attempt> attempts = new ArrayList<>();
      for (PackageRevision p : proposals) {
        attempts.add(approval(repo, p));
      }
      List<Outcome> outcomes = race(attempts);
      assertExactlyOneWinner(outcomes, url);
      assertThat(keys(repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL)))
          .containsEntry("pkg:1:" + winner(outcomes).key().workspace(), Lifecycle.PUBLISHED)
          .hasSize(1 + 1 + 3);
    }
  }

  @FunctionalInterface
  private interface Attempt {
    Outcome run() throws Exception;
  }

  private static List<Outcome> race(List<Attempt> attempts) throws Exception {
    CountDownLatch ready = new CountDownLatch(attempts.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Outcome>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Attempt attempt : attempts) {
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return attempt.run();
                }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        outcomes.add(f.get(60, TimeUnit.SECONDS));
      }
      return outcomes;
    }
  }

  private static PackageRevision winner(List<Outcome> outcomes) {
    return outcomes.stream().filter(o -> o.revision() != null).findFirst().orElseThrow().revision();
  }

  private static void assertExactlyOneWinner(List<Outcome> outcomes, String url) {
    assertThat(outcomes.stream().filter(o -> o.revision() != null)).hasSize(1);
    assertThat(outcomes.stream().filter(o -> o.conflict() != null)).hasSize(outcomes.size() - 1);
    PackageRevision won = winner(outcomes);
    String ws = won.key().workspace();

    RemoteRepo remote = new RemoteRepo(url);
    Map<String, String> refs = remote.refs();
    String tag = refs.get("refs/tags/pkg/v1");
    assertThat(tag).isEqualTo(won.resourceVersion());
    assertThat(refs.get("refs/heads/main")).isEqualTo(tag);
    assertThat(refs).doesNotContainKey("refs/heads/proposed/pkg/" + ws);
    long proposals =
        refs.keySet().stream().filter(r -> r.startsWith("refs/heads/proposed/")).count();
    assertThat(proposals).isEqualTo(outcomes.size() - 1);
    RevCommit approval = remote.commit(tag);
    assertThat(approval.getParentCount()).isEqualTo(2);
    assertThat(approval.getFullMessage()).contains("\"workspaceName\":\"" + ws + "\"");
    assertThat(remote.files(tag)).containsEntry("pkg/ws.txt", "100644 " + ws);
  }
}
