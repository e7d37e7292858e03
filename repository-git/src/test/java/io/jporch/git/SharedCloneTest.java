package io.jporch.git;

import static io.jporch.git.GitTestSupport.ctx;
import static io.jporch.git.GitTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.Repository;
import io.jporch.git.internal.GitRepository;
import io.jporch.testing.git.GitFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repositories on one URL share one reference-counted clone. */
class SharedCloneTest {
  @TempDir Path tmp;

  private List<Path> clones() throws IOException {
    Path root = tmp.resolve("cache/git");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.toList();
    }
  }

  @Test
  void twoRepositoriesShareTheClone() throws IOException {
    String url = GitFixtures.porchRepository("nested-repository", tmp.resolve("remote"));
    GitRepositoryFactory factory = new GitRepositoryFactory(tmp.resolve("cache"));
    Repository gcp = factory.open(ctx(), spec("gcp", url, "main", "catalog/gcp"));
    Repository root = factory.open(ctx(), spec("root", url, "main", ""));

    assertThat(((GitRepository) gcp).sharedClone()).isSameAs(((GitRepository) root).sharedClone());
    String expectedName = url.replace('/', '-').replace(':', '-');
    assertThat(clones()).containsExactly(tmp.resolve("cache/git").resolve(expectedName));
    Path clone = ((GitRepository) gcp).sharedClone().directory();
    assertThat(Files.isRegularFile(clone.resolve("HEAD"))).isTrue();
    assertThat(Files.readString(clone.resolve("config")))
        .contains("fetch = +refs/heads/*:refs/remotes/origin/*")
        .contains("fetch = +refs/tags/*:refs/tags/*");

    gcp.close();
    gcp.close(); // idempotent
    assertThat(clones()).hasSize(1);
    assertThat(root.listPackageRevisions(ctx(), PackageRevisionFilter.ALL)).isNotEmpty();

    root.close();
    assertThat(clones()).as("a closed clone stays on disk for the next start").hasSize(1);

    // The next start reuses the clone: its objects are there before anything is fetched, and
    // a tag pushed meanwhile arrives with the fetch.
    try (var remote = GitFixtures.open(GitFixtures.gitDir(url))) {
      var tag = remote.updateRef("refs/tags/catalog/gcp/bucket/v99");
      tag.setNewObjectId(remote.resolve("refs/heads/main"));
      assertThat(tag.update()).isEqualTo(org.eclipse.jgit.lib.RefUpdate.Result.NEW);
    }
    Path objects = clone.resolve("objects");
    long objectFilesBefore;
    try (Stream<Path> s = Files.walk(objects)) {
      objectFilesBefore = s.filter(Files::isRegularFile).count();
    }
    assertThat(objectFilesBefore).isPositive();
    Repository again = factory.open(ctx(), spec("root", url, "main", ""));
    assertThat(((GitRepository) again).sharedClone().directory()).isEqualTo(clone);
    assertThat(again.listPackageRevisions(ctx(), PackageRevisionFilter.ALL))
        .anyMatch(r -> r.key().revision() == 99);
    assertThat(again.version(ctx())).hasSize(64);

    // Unregistering removes the local copy.
    again.closeAndRemoveLocalCopy();
    assertThat(clones()).isEmpty();
  }

  @Test
  void versionChangesWithRefsAndBranchHashFollowsTheBranch() {
    String url = GitFixtures.porchRepository("simple-repository", tmp.resolve("remote"));
    RemoteRepo remote = new RemoteRepo(url);
    try (Repository repo =
        new GitRepositoryFactory(tmp.resolve("cache")).open(ctx(), spec("s", url, "main", ""))) {
      String v1 = repo.version(ctx());
      assertThat(repo.version(ctx())).isEqualTo(v1);
      assertThat(repo.branchCommitHash(ctx())).isEqualTo(remote.ref("refs/heads/main"));
      var revision =
          repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL).stream()
              .filter(r -> r.key().revision() == 2)
              .findFirst()
              .orElseThrow();
      repo.updateLifecycle(ctx(), revision, io.jporch.core.api.Lifecycle.DELETION_PROPOSED);
      assertThat(repo.version(ctx())).isNotEqualTo(v1);
    }
  }

  @Test
  void externalChangesAreSeenAfterFetchWithPrune() throws IOException {
    String url = GitFixtures.porchRepository("drafts-repository", tmp.resolve("remote"));
    try (Repository repo =
        new GitRepositoryFactory(tmp.resolve("cache")).open(ctx(), spec("d", url, "main", ""))) {
      assertThat(GitTestSupport.keys(repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL)))
          .containsKeys("basens:2:v2", "bucket:0:v1");
      try (var remote = GitFixtures.open(GitFixtures.gitDir(url))) {
        deleteRef(remote, "refs/tags/basens/v2");
        deleteRef(remote, "refs/heads/drafts/bucket/v1");
        var rename = remote.updateRef("refs/heads/proposed/bucket/v1");
        rename.setNewObjectId(remote.resolve("refs/heads/drafts/none/v1"));
        assertThat(rename.update()).isEqualTo(org.eclipse.jgit.lib.RefUpdate.Result.NEW);
      }
      var keys = GitTestSupport.keys(repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL));
      assertThat(keys).doesNotContainKeys("basens:2:v2", "bucket:0:v1");
      assertThat(((GitRepository) repo).sharedClone().refs().refs())
          .doesNotContainKeys("refs/tags/basens/v2", "refs/remotes/origin/drafts/bucket/v1");
    }
  }

  private static void deleteRef(org.eclipse.jgit.lib.Repository remote, String name)
      throws IOException {
    var update = remote.updateRef(name);
    update.setForceUpdate(true);
    assertThat(update.delete()).isEqualTo(org.eclipse.jgit.lib.RefUpdate.Result.FORCED);
  }
}
