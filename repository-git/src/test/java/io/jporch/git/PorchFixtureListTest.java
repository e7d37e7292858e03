package io.jporch.git;

import static io.jporch.git.GitTestSupport.ctx;
import static io.jporch.git.GitTestSupport.keys;
import static io.jporch.git.GitTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.Repository;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Porch's listing expectations (TestListPackagesSimple, TestListPackagesDrafts, TestNested,
 * TestNestedDirectories, TestListPackagesTrivial, TestOpenEmptyRepository of {@code
 * pkg/externalrepo/git/git_test.go}) on the same fixture repositories and branch variants.
 */
class PorchFixtureListTest {
  @TempDir Path tmp;

  private GitRepositoryFactory factory() {
    return new GitRepositoryFactory(tmp.resolve("cache"));
  }

  private static final Map<String, Lifecycle> PUBLISHED_SIMPLE =
      Map.of(
          "empty:1:v1", Lifecycle.PUBLISHED,
          "basens:1:v1", Lifecycle.PUBLISHED,
          "basens:2:v2", Lifecycle.PUBLISHED,
          "istions:1:v1", Lifecycle.PUBLISHED,
          "istions:2:v2", Lifecycle.PUBLISHED);

  private static Map<String, Lifecycle> withPlaceholders(
      Map<String, Lifecycle> base, String branch, String... packages) {
    Map<String, Lifecycle> result = new HashMap<>(base);
    for (String p : packages) {
      result.put(p + ":-1:" + branch, Lifecycle.PUBLISHED);
    }
    return result;
  }

  @ParameterizedTest
  @ValueSource(strings = {"main", "feature", "nested/release"})
  void listPackagesSimple(String branch) {
    String url = GitFixtures.porchRepository("simple-repository", tmp.resolve("remote"), branch);
    try (Repository repo = factory().open(ctx(), spec("simple", url, branch, "/"))) {
      List<PackageRevision> revisions = repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL);
      assertThat(keys(revisions))
          .isEqualTo(withPlaceholders(PUBLISHED_SIMPLE, branch, "empty", "basens", "istions"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"main", "feature", "nested/release"})
  void listPackagesDrafts(String branch) {
    String url = GitFixtures.porchRepository("drafts-repository", tmp.resolve("remote"), branch);
    try (Repository repo = factory().open(ctx(), spec("drafts", url, branch, "/"))) {
      Map<String, Lifecycle> want =
          withPlaceholders(PUBLISHED_SIMPLE, branch, "empty", "basens", "istions");
      want.put("bucket:0:v1", Lifecycle.DRAFT);
      want.put("none:0:v1", Lifecycle.DRAFT);
      want.put("pkg-with-history:0:v1", Lifecycle.DRAFT);
      assertThat(keys(repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL))).isEqualTo(want);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"main", "feature", "nested/release"})
  void nested(String branch) {
    String url = GitFixtures.porchRepository("nested-repository", tmp.resolve("remote"), branch);
    Map<String, Lifecycle> want = new HashMap<>();
    for (String ref : GitFixtures.refs(GitFixtures.gitDir(url)).keySet()) {
      if (ref.startsWith("refs/tags/")) {
        want.put(ref.substring("refs/tags/".length()), Lifecycle.PUBLISHED);
      } else if (ref.startsWith("refs/heads/drafts/")) {
        want.put(ref.substring("refs/heads/drafts/".length()), Lifecycle.DRAFT);
      } else if (ref.startsWith("refs/heads/proposed/")) {
        want.put(ref.substring("refs/heads/proposed/".length()), Lifecycle.PROPOSED);
      } else {
        assertThat(ref).isIn("refs/heads/main", "refs/heads/" + branch);
      }
    }
    try (Repository repo = factory().open(ctx(), spec("nested", url, branch, "/"))) {
      Map<String, Lifecycle> got = new HashMap<>();
      for (PackageRevision r : repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL)) {
        var s = r.toApiObject().spec();
        if (s.revision() == -1) {
          continue;
        }
        String k =
            s.lifecycle() == Lifecycle.PUBLISHED
                ? s.packageName() + "/v" + s.revision()
                : s.packageName() + "/" + s.workspaceName();
        got.put(k, s.lifecycle());
      }
      assertThat(got).isEqualTo(want).hasSize(13);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"main", "feature", "nested/release"})
  void nestedDirectories(String branch) {
    Map<String, Set<String>> cases =
        Map.of(
            "", Set.of("sample/v1", "sample/v2", "sample/" + branch),
            "nonexistent", Set.of(),
            "catalog/gcp",
                Set.of("cloud-sql/v1", "spanner/v1", "bucket/v2", "bucket/v1", "bucket/" + branch));
    String url = GitFixtures.porchRepository("nested-repository", tmp.resolve("remote"), branch);
    GitRepositoryFactory factory = factory();
    for (var c : cases.entrySet()) {
      try (Repository repo = factory.open(ctx(), spec("directory", url, branch, c.getKey()))) {
        Set<String> got = new TreeSet<>();
        for (PackageRevision r : repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL)) {
          var key = r.key();
          if (!key.packageKey().parentPath().isEmpty()) {
            continue; // Porch's test ignores packages below sub-paths
          }
          got.add(key.packageKey().name() + "/" + key.workspace());
        }
        assertThat(got).as("directory %s", c.getKey()).isEqualTo(c.getValue());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"main", "feature", "nested/release"})
  void listPackagesTrivial(String branch) {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"), branch);
    try (Repository repo = factory().open(ctx(), spec("empty", url, branch, "/"))) {
      assertThat(repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"main", "feature", "nested/release"})
  void openEmptyRepository(String branch) {
    String url = GitFixtures.porchRepository("empty-repository", tmp.resolve("remote"), branch);
    GitRepositoryFactory factory = factory();
    assertThatThrownBy(() -> factory.open(ctx(), spec("empty", url, branch, "/")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("doesn't exist");
    assertThat(GitFixtures.refs(GitFixtures.gitDir(url))).isEmpty();

    try (Repository repo = factory.open(ctx(), spec("empty", url, branch, "/", true))) {
      assertThat(repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL)).isEmpty();
      assertThat(repo.branchCommitHash(ctx())).isNotEmpty();
    }
    assertThat(GitFixtures.refs(GitFixtures.gitDir(url))).containsKey("refs/heads/" + branch);
  }
}
