package io.jporch.git;

import static io.jporch.git.GitTestSupport.KPTFILE;
import static io.jporch.git.GitTestSupport.ctx;
import static io.jporch.git.GitTestSupport.keys;
import static io.jporch.git.GitTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.jporch.testing.http.GitHttpServer;
import io.jporch.testing.http.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter against real {@code git http-backend} over smart HTTP, with the remote checking every
 * received object ({@code receive.fsckObjects}).
 */
class HttpRemoteTest {
  @TempDir Path tmp;
  private GitHttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = GitHttpServer.start(Files.createDirectories(tmp.resolve("srv")));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Unpacks a fixture as a bare, fsck-checking repository below the server root. */
  private String serve(String fixture) {
    Path dir = TestData.unpackPorchGitRepo(fixture, tmp.resolve("srv").resolve(fixture));
    try (var repo = GitFixtures.open(dir.resolve(".git"))) {
      StoredConfig config = repo.getConfig();
      config.setBoolean("core", null, "bare", true);
      config.setBoolean("receive", null, "fsckObjects", true);
      config.setBoolean("http", null, "receivepack", true);
      config.save();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server.url(fixture + "/.git");
  }

  private static PackageRevision proposal(Repository repo, String pkg, String ws) {
    PackageRevisionDraft draft =
        repo.createPackageRevisionDraft(
            ctx(), new PackageRevisionKey(new PackageKey(repo.key(), pkg), 0, ws));
    draft.updateResources(
        ctx(),
        Map.of("Kptfile", KPTFILE, "a.yaml", "a", "a/b.yaml", "b", "a-b.yaml", "c"),
        Task.init(new Task.InitTaskSpec(null, "d", null, null)));
    draft.updateLifecycle(Lifecycle.PROPOSED);
    return repo.closePackageRevisionDraft(ctx(), draft, 0);
  }

  @Test
  void listsAndPublishesOverHttp() {
    String url = serve("simple-repository");
    Path gitDir = tmp.resolve("srv/simple-repository/.git");
    try (Repository repo =
        new GitRepositoryFactory(tmp.resolve("cache"))
            .open(ctx(), spec("simple", url, "main", ""))) {
      assertThat(keys(repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL)))
          .hasSize(8)
          .containsEntry("basens:2:v2", Lifecycle.PUBLISHED)
          .containsEntry("istions:-1:main", Lifecycle.PUBLISHED);

      PackageRevision proposed = proposal(repo, "team/new", "ws");
      PackageRevisionDraft approve = repo.openPackageRevisionDraft(ctx(), proposed);
      approve.updateLifecycle(Lifecycle.PUBLISHED);
      PackageRevision published = repo.closePackageRevisionDraft(ctx(), approve, 1);

      Map<String, String> refs = GitFixtures.refs(gitDir);
      assertThat(refs.get("refs/tags/team/new/v1")).isEqualTo(published.resourceVersion());
      assertThat(refs.get("refs/heads/main")).isEqualTo(published.resourceVersion());
      assertThat(refs).doesNotContainKey("refs/heads/proposed/team/new/ws");

      repo.updateLifecycle(ctx(), published, Lifecycle.DELETION_PROPOSED);
      assertThat(GitFixtures.refs(gitDir)).containsKey("refs/heads/deletionProposed/team/new/v1");
      repo.deletePackageRevision(ctx(), published);
      assertThat(GitFixtures.refs(gitDir))
          .doesNotContainKeys("refs/tags/team/new/v1", "refs/heads/deletionProposed/team/new/v1");
    }
  }

  @Test
  void secondApprovalOfTheSameRevisionConflictsOverHttp() {
    String url = serve("trivial-repository");
    Path gitDir = tmp.resolve("srv/trivial-repository/.git");
    try (Repository a =
            new GitRepositoryFactory(tmp.resolve("cache-a"))
                .open(ctx(), spec("r", url, "main", ""));
        Repository b =
            new GitRepositoryFactory(tmp.resolve("cache-b"))
                .open(ctx(), spec("r", url, "main", ""))) {
      PackageRevision pa = proposal(a, "pkg", "ws-a");
      PackageRevision pb = proposal(b, "pkg", "ws-b");
      PackageRevisionDraft da = a.openPackageRevisionDraft(ctx(), pa);
      da.updateLifecycle(Lifecycle.PUBLISHED);
      b.refresh(ctx());
      PackageRevisionDraft db = b.openPackageRevisionDraft(ctx(), pb);
      db.updateLifecycle(Lifecycle.PUBLISHED);

      PackageRevision won = a.closePackageRevisionDraft(ctx(), da, 1);
      Map<String, String> before = GitFixtures.refs(gitDir);
      assertThatThrownBy(() -> b.closePackageRevisionDraft(ctx(), db, 1))
          .isInstanceOf(ConflictException.class);
      assertThat(GitFixtures.refs(gitDir)).isEqualTo(before);
      assertThat(before.get("refs/tags/pkg/v1")).isEqualTo(won.resourceVersion());
      assertThat(before).containsKey("refs/heads/proposed/pkg/ws-b");
    }
  }
}
