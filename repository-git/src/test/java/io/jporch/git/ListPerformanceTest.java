package io.jporch.git;

import static io.jporch.git.GitTestSupport.KPTFILE;
import static io.jporch.git.GitTestSupport.ctx;
import static io.jporch.git.GitTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.Repository;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Listing a repository with ~100 revisions again is cheap: everything per commit is cached. */
class ListPerformanceTest {
  private static final Logger log = LoggerFactory.getLogger(ListPerformanceTest.class);
  private static final int PACKAGES = 10;
  private static final int REVISIONS = 10;

  @TempDir Path tmp;

  private static void publish(Repository repo, String pkg, int revision) {
    PackageRevisionKey key =
        new PackageRevisionKey(new PackageKey(repo.key(), "team/" + pkg), 0, "v" + revision);
    PackageRevisionDraft draft = repo.createPackageRevisionDraft(ctx(), key);
    Task task =
        revision == 1
            ? Task.init(new Task.InitTaskSpec(null, pkg, null, null))
            : new Task(
                Task.EDIT,
                null,
                null,
                new Task.EditTaskSpec(new Task.PackageRevisionRef("r.team." + pkg + ".v1")),
                null);
    draft.updateResources(
        ctx(), Map.of("Kptfile", KPTFILE, "data.yaml", "revision: " + revision + "\n"), task);
    draft.updateLifecycle(Lifecycle.PUBLISHED);
    repo.closePackageRevisionDraft(ctx(), draft, revision);
  }

  private static long listAndRender(Repository repo) {
    long start = System.nanoTime();
    List<PackageRevision> revisions = repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL);
    revisions.forEach(PackageRevision::toApiObject);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(revisions).hasSize(PACKAGES * REVISIONS + PACKAGES);
    return millis;
  }

  @Test
  void repeatedListingIsFast() {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    try (Repository repo =
        new GitRepositoryFactory(tmp.resolve("cache")).open(ctx(), spec("r", url, "main", ""))) {
      for (int revision = 1; revision <= REVISIONS; revision++) {
        for (int p = 0; p < PACKAGES; p++) {
          publish(repo, "pkg" + p, revision);
        }
      }
    }
    try (Repository fresh =
        new GitRepositoryFactory(tmp.resolve("cache2")).open(ctx(), spec("r", url, "main", ""))) {
      long cold = listAndRender(fresh);
      long warm = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        warm = Math.min(warm, listAndRender(fresh));
      }
      log.info("list+render of {} revisions: cold {} ms, warm {} ms", 110, cold, warm);
      assertThat(warm).isLessThan(2_000); // typically ~10-20 ms; generous for loaded CI machines

      PackageRevision edited =
          fresh
              .listPackageRevisions(ctx(), PackageRevisionFilter.forPackagePath("team/pkg3"))
              .stream()
              .filter(r -> r.key().revision() == 7)
              .findFirst()
              .orElseThrow();
      assertThat(edited.toApiObject().spec().tasks())
          .extracting(Task::type)
          .containsExactly(Task.EDIT);
    }
  }
}
