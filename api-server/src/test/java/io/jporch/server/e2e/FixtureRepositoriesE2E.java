package io.jporch.server.e2e;

import static io.jporch.server.e2e.Manifests.Revision.draft;
import static io.jporch.server.e2e.Manifests.Revision.placeholder;
import static io.jporch.server.e2e.Manifests.Revision.published;
import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.server.e2e.Manifests.Revision;
import io.jporch.testing.http.TestData;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario (a): registering each of Porch's Git test repositories lists exactly the package
 * revisions that Porch's own Git tests expect (pkg/externalrepo/git/git_test.go:
 * TestListPackagesSimple, TestListPackagesDrafts, TestNested, TestListPackagesTrivial,
 * TestOpenEmptyRepository), and the repository test-blueprints of Porch's end-to-end suite, with
 * object names, lifecycles, revision numbers and the latest-revision label.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FixtureRepositoriesE2E extends E2EBase {
  /** Porch's e2e fixture (a Git bundle), cloned with {@code git clone --mirror}. */
  static final String BLUEPRINTS_BUNDLE = "porch-e2e/test-blueprints.bundle";

  private Path work;
  private JporchProcess server;
  private Kubectl kubectl;

  @BeforeAll
  void startServer() {
    work = workDir("fixtures");
    server = JporchProcess.start(work.resolve("data"), work);
    kubectl = server.kubectl();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("simple", "simple-repository", false, simple()),
        Arguments.of("drafts", "drafts-repository", false, drafts()),
        Arguments.of("nested", "nested-repository", false, nested()),
        Arguments.of("trivial", "trivial-repository", false, Map.of()),
        Arguments.of("empty", "empty-repository", true, Map.of()),
        Arguments.of("test-blueprints", BLUEPRINTS_BUNDLE, false, testBlueprints()));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("fixtures")
  void listsTheRevisionsPorchExpects(
      String repository, String fixture, boolean createBranch, Map<String, Revision> expected) {
    Path dir =
        fixture.equals(BLUEPRINTS_BUNDLE)
            ? cloneBundle(fixture)
            : TestData.unpackPorchGitRepo(fixture, work.resolve(fixture));
    Map<String, String> refsBefore = GitCli.refs(dir.resolve(".git"));

    kubectl
        .withFile(
            Manifests.gitRepository(repository, "file://" + dir.resolve(".git"), createBranch),
            "apply")
        .assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, repository);

    await("package revisions of " + repository)
        .untilAsserted(
            () ->
                assertThat(
                        Manifests.revisions(
                            kubectl.json("get", "packagerevisions", "-n", "default", "-o", "json"),
                            repository))
                    .containsExactlyInAnyOrderEntriesOf(expected));
    // Stable: a second read gives the same answer (no late additions).
    assertThat(
            Manifests.revisions(
                kubectl.json("get", "packagerevisions", "-n", "default", "-o", "json"), repository))
        .containsExactlyInAnyOrderEntriesOf(expected);

    Map<String, String> refsAfter = GitCli.refs(dir.resolve(".git"));
    if (createBranch) {
      // Porch creates the missing branch with one orphan commit, and nothing else.
      assertThat(refsBefore).isEmpty();
      assertThat(refsAfter).containsOnlyKeys("refs/heads/main");
      assertThat(GitCli.gitDir(dir.resolve(".git"), "log", "--format=%s", "main"))
          .isEqualTo("Initial commit: Creating main branch\n");
    } else {
      assertThat(refsAfter).as("registering must not change Git").isEqualTo(refsBefore);
    }
  }

  /** A bare mirror of a Git bundle of the shared test data, as {@code <dir>/.git}. */
  private Path cloneBundle(String bundle) {
    Path dir = work.resolve("test-blueprints");
    GitCli.git(
        work,
        "clone",
        "-q",
        "--mirror",
        TestData.sharedDir().resolve("testdata").resolve(bundle).toString(),
        dir.resolve(".git").toString());
    return dir;
  }

  /**
   * Porch's e2e repository test-blueprints (05-e2e-scenarios §2.3): ten tags, each a Published
   * revision numbered by its tag, and one placeholder per package on main; 16 in all.
   */
  static Map<String, Revision> testBlueprints() {
    String r = "test-blueprints";
    return Manifests.byName(
        published(r, "empty", 1, true),
        published(r, "basens", 1, false),
        published(r, "basens", 2, false),
        published(r, "basens", 3, false),
        published(r, "basens", 4, true),
        published(r, "unready", 1, true),
        published(r, "update", 1, false),
        published(r, "update", 2, true),
        published(r, "bucket", 1, true),
        published(r, "redis-bucket", 1, true),
        placeholder(r, "empty"),
        placeholder(r, "basens"),
        placeholder(r, "unready"),
        placeholder(r, "update"),
        placeholder(r, "bucket"),
        placeholder(r, "redis-bucket"));
  }

  /** TestListPackagesSimple: tags basens/v1..v2, empty/v1, istions/v1..v2 plus main. */
  static Map<String, Revision> simple() {
    String r = "simple";
    return Manifests.byName(
        published(r, "empty", 1, true),
        published(r, "basens", 1, false),
        published(r, "basens", 2, true),
        published(r, "istions", 1, false),
        published(r, "istions", 2, true),
        placeholder(r, "empty"),
        placeholder(r, "basens"),
        placeholder(r, "istions"));
  }

  /** TestListPackagesDrafts: simple plus three drafts. */
  static Map<String, Revision> drafts() {
    String r = "drafts";
    return Manifests.byName(
        published(r, "empty", 1, true),
        published(r, "basens", 1, false),
        published(r, "basens", 2, true),
        published(r, "istions", 1, false),
        published(r, "istions", 2, true),
        draft(r, "bucket", "v1"),
        draft(r, "none", "v1"),
        draft(r, "pkg-with-history", "v1"),
        placeholder(r, "empty"),
        placeholder(r, "basens"),
        placeholder(r, "istions"));
  }

  /**
   * TestNested: every tag is a Published revision, every drafts/ branch a Draft (the Go test
   * derives this from the refs); the placeholders are the packages on main (the Go test skips them,
   * Porch lists them).
   */
  static Map<String, Revision> nested() {
    String r = "nested";
    return Manifests.byName(
        published(r, "catalog/empty", 1, true),
        published(r, "catalog/gcp/bucket", 1, true),
        published(r, "catalog/namespace/basens", 1, false),
        published(r, "catalog/namespace/basens", 2, false),
        published(r, "catalog/namespace/basens", 3, true),
        published(r, "catalog/namespace/istions", 1, false),
        published(r, "catalog/namespace/istions", 2, false),
        published(r, "catalog/namespace/istions", 3, true),
        published(r, "sample", 1, false),
        published(r, "sample", 2, true),
        draft(r, "catalog/gcp/bucket", "v2"),
        draft(r, "catalog/gcp/cloud-sql", "v1"),
        draft(r, "catalog/gcp/spanner", "v1"),
        placeholder(r, "catalog/empty"),
        placeholder(r, "catalog/gcp/bucket"),
        placeholder(r, "catalog/namespace/basens"),
        placeholder(r, "catalog/namespace/istions"),
        placeholder(r, "sample"));
  }
}
