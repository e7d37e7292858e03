package io.jporch.engine;

import static io.jporch.engine.EngineFixture.CTX;
import static io.jporch.engine.EngineFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.cache.FileMetadataStore;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.Repository;
import io.jporch.git.GitRepositoryFactory;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine over the real cache and the JGit adapter, against a bare repository on disk. */
class DefaultCadEngineGitTest {
  @TempDir Path tmp;
  private Path remote;
  private EngineFixture f;

  @BeforeEach
  void setUp() {
    String url = GitFixtures.emptyBareRepository(tmp.resolve("remote.git"));
    remote = GitFixtures.gitDir(url);
    f =
        new EngineFixture(
            new GitRepositoryFactory(tmp.resolve("cache")),
            new FileMetadataStore(tmp.resolve("meta")),
            url);
  }

  @AfterEach
  void tearDown() {
    f.cache.close();
  }

  @Test
  void createProposeApproveAndDeleteOnGit() {
    PackageRevision draft =
        f.engine.createPackageRevision(
            CTX,
            f.spec,
            EngineFixture.request(
                "team/app", "ws1", ObjectMeta.named(NS, null).withLabels(Map.of("app", "web"))));

    assertThat(GitFixtures.refs(remote))
        .containsKey("refs/heads/drafts/team/app/ws1")
        .doesNotContainKey("refs/tags/team/app/v1");
    assertThat(draft.resources().get("Kptfile")).contains("description: team/app description");
    assertThat(draft.toApiObject().spec().tasks()).hasSize(1);

    PackageRevision published =
        f.toLifecycle(f.toLifecycle(draft, Lifecycle.PROPOSED), Lifecycle.PUBLISHED);

    assertThat(published.key().revision()).isEqualTo(1);
    assertThat(published.isLatestRevision()).isTrue();
    assertThat(published.toApiObject().metadata().labels()).containsEntry("app", "web");
    assertThat(GitFixtures.refs(remote))
        .containsKey("refs/tags/team/app/v1")
        .containsKey("refs/heads/main")
        .doesNotContainKey("refs/heads/drafts/team/app/ws1")
        .doesNotContainKey("refs/heads/proposed/team/app/ws1");
    assertThat(f.list())
        .extracting(r -> r.key().objectName() + "@" + r.key().revision())
        .containsExactlyInAnyOrder("repo.team.app.ws1@1", "repo.team.app.main@-1");

    PackageRevision proposedDeletion = f.toLifecycle(published, Lifecycle.DELETION_PROPOSED);
    f.engine.deletePackageRevision(CTX, f.spec, proposedDeletion);

    assertThat(GitFixtures.refs(remote)).doesNotContainKey("refs/tags/team/app/v1");
    assertThat(f.list())
        .extracting(r -> r.key().objectName())
        .containsExactly("repo.team.app.main");
  }

  @Test
  void concurrentApprovalsOnGitGetDistinctNumbers() throws Exception {
    Repository repo = f.cache.openRepository(CTX, f.spec);
    PackageRevision first = f.create("pkg", "ws0");
    int n = 4;
    List<PackageRevision> proposals = new ArrayList<>();
    proposals.add(f.toLifecycle(first, Lifecycle.PROPOSED));
    for (int i = 1; i < n; i++) {
      PackageRevisionDraft draft =
          repo.createPackageRevisionDraft(
              CTX, new PackageRevisionKey(new PackageKey(repo.key(), "pkg"), 0, "ws" + i));
      draft.updateResources(
          CTX, first.resources(), Task.init(new Task.InitTaskSpec("", "d", null, null)));
      draft.updateLifecycle(Lifecycle.PROPOSED);
      proposals.add(repo.closePackageRevisionDraft(CTX, draft, 0));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<PackageRevision>> results = new ArrayList<>();
      for (PackageRevision p : proposals) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return f.toLifecycle(p, Lifecycle.PUBLISHED);
                }));
      }
      start.countDown();
      List<Integer> numbers = new ArrayList<>();
      for (Future<PackageRevision> r : results) {
        numbers.add(r.get(60, TimeUnit.SECONDS).key().revision());
      }
      assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4);
    } finally {
      pool.shutdownNow();
    }
    assertThat(GitFixtures.refs(remote))
        .containsKeys(
            "refs/tags/pkg/v1", "refs/tags/pkg/v2", "refs/tags/pkg/v3", "refs/tags/pkg/v4");
  }
}
