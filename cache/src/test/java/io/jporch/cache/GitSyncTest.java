package io.jporch.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.PackageRevisionChangeNotifier;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.secret.SecretCredentialResolver;
import io.jporch.git.GitOptions;
import io.jporch.git.GitRepositoryFactory;
import io.jporch.testing.fake.FakeSecretStore;
import io.jporch.testing.git.GitFixtures;
import io.jporch.testing.git.OutsideGit;
import io.jporch.testing.http.GitHttpServer;
import io.jporch.testing.http.HttpAuth;
import io.jporch.testing.http.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background sync of the real Git adapter against {@code git http-backend} with HTTP Basic: changes
 * pushed with plain {@code git} reach a watcher within a sync period, a broken remote is reported
 * and retried without holding up another repository, and an edited Secret takes effect at the next
 * sync.
 */
class GitSyncTest {
  private static final String NS = "default";
  private static final String PASSWORD = "s3cret-pw";
  private static final Duration PERIOD = Duration.ofMillis(300);
  private static final Duration WITHIN = Duration.ofSeconds(20);

  @TempDir Path tmp;
  private GitHttpServer server;
  private RepositoryCache cache;
  private final FakeSecretStore secrets = new FakeSecretStore();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final PackageRevisionChangeNotifier watchers =
      (type, revision) -> {
        events.add(type + " " + revision.key().objectName());
        return 1;
      };
  private final InMemoryMetadataStore metadata = new InMemoryMetadataStore();
  private final Map<String, List<SyncStatus>> statuses = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server =
        GitHttpServer.start(
            Files.createDirectories(tmp.resolve("srv")), HttpAuth.basic("alice", PASSWORD));
    secrets.putBasicAuth(NS, "git-auth", "alice", PASSWORD);
    cache = newCache(metadata);
  }

  /** A cache over the clones in {@code tmp/cache}, as a server (re)started on them has. */
  private RepositoryCache newCache(io.jporch.core.cache.MetadataStore store) {
    return new RepositoryCache(
        new GitRepositoryFactory(
            tmp.resolve("cache"),
            new GitOptions(1, Duration.ofSeconds(10), Duration.ofSeconds(10)),
            new SecretCredentialResolver(secrets, true)),
        store,
        watchers,
        Duration.ZERO,
        new SyncOptions(
            PERIOD,
            Duration.ofSeconds(10),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            ZoneOffset.UTC),
        (repository, status) ->
            statuses
                .computeIfAbsent(repository.name(), k -> new CopyOnWriteArrayList<>())
                .add(status));
  }

  @AfterEach
  void stop() {
    if (cache != null) {
      cache.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Serves a copy of the Porch fixture as {@code <name>/.git} and returns its URL. */
  private String serve(String fixture, String name) {
    Path dir = TestData.unpackPorchGitRepo(fixture, tmp.resolve("srv").resolve(name));
    try (var repo = GitFixtures.open(dir.resolve(".git"))) {
      StoredConfig config = repo.getConfig();
      config.setBoolean("core", null, "bare", true);
      config.save();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server.url(name + "/.git");
  }

  private static Repository spec(String name, String url) {
    return Repository.of(
        ObjectMeta.named(NS, name),
        new Repository.Spec(
            null,
            false,
            Repository.TYPE_GIT,
            null,
            null,
            new Repository.Git(
                url, "main", false, null, new Repository.SecretRef("git-auth"), null, null),
            null),
        null);
  }

  private SyncStatus last(String name) {
    List<SyncStatus> list = statuses.getOrDefault(name, List.of());
    return list.isEmpty() ? null : list.getLast();
  }

  private boolean ready(String name) {
    SyncStatus s = last(name);
    return s != null && s.ready();
  }

  @Test
  void changesPushedWithPlainGitReachAWatcherWithinASyncPeriod() throws Exception {
    String url = serve("simple-repository", "simple");
    var repo = cache.openRepository(RequestContext.system(), spec("simple", url));
    await().atMost(WITHIN).until(() -> ready("simple"));
    String basensV1 =
        repo.listPackageRevisions(RequestContext.system(), PackageRevisionFilter.ALL).stream()
            .filter(r -> r.key().packageKey().path().equals("basens") && r.key().revision() == 1)
            .map(r -> r.key().objectName())
            .findFirst()
            .orElseThrow();
    int revisionsBefore = last("simple").packageCount();
    events.clear();

    Path work = tmp.resolve("work");
    Path remote = tmp.resolve("srv/simple/.git");
    OutsideGit.git(tmp, "clone", "-q", remote.toString(), work.toString());
    write(
        work.resolve("newpkg/Kptfile"),
        "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: newpkg\n");
    write(
        work.resolve("newdraft/Kptfile"),
        "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: newdraft\n");
    OutsideGit.git(work, "add", ".");
    OutsideGit.git(work, "commit", "-q", "-m", "outside porch");
    OutsideGit.git(work, "push", "-q", "origin", "HEAD:refs/tags/newpkg/v1");
    OutsideGit.git(work, "push", "-q", "origin", "HEAD:refs/heads/drafts/newdraft/ws1");
    OutsideGit.git(work, "push", "-q", "origin", ":refs/tags/basens/v1");

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () ->
                assertThat(events)
                    .contains(
                        "ADDED simple.newpkg.v1",
                        "ADDED simple.newdraft.ws1",
                        "DELETED " + basensV1));
    await().atMost(WITHIN).until(() -> last("simple").packageCount() == revisionsBefore + 1);
    assertThat(last("simple").gitCommitHash())
        .isEqualTo(OutsideGit.git(work, "rev-parse", "origin/main").strip());
    List<PackageRevision> listed =
        repo.listPackageRevisions(RequestContext.system(), PackageRevisionFilter.ALL);
    assertThat(listed)
        .extracting(r -> r.key().objectName())
        .contains("simple.newpkg.v1", "simple.newdraft.ws1")
        .doesNotContain(basensV1);
  }

  @Test
  void aBrokenRemoteIsReportedAndRetriedWhileAnotherKeepsSyncing() throws Exception {
    String healthyUrl = serve("simple-repository", "healthy");
    String brokenUrl = serve("trivial-repository", "broken");
    cache.openRepository(RequestContext.system(), spec("healthy", healthyUrl));
    cache.openRepository(RequestContext.system(), spec("broken", brokenUrl));
    await().atMost(WITHIN).until(() -> ready("healthy") && ready("broken"));

    Path brokenDir = tmp.resolve("srv/broken");
    Path moved = tmp.resolve("moved-away");
    Files.move(brokenDir, moved);
    await().atMost(WITHIN).until(() -> last("broken").consecutiveFailures() >= 2);
    SyncStatus error = last("broken");
    assertThat(error.state()).isEqualTo(SyncStatus.State.ERROR);
    assertThat(error.message()).contains("cannot fetch repository " + brokenUrl);

    events.clear();
    Path work = tmp.resolve("work");
    OutsideGit.git(tmp, "clone", "-q", tmp.resolve("srv/healthy/.git").toString(), work.toString());
    OutsideGit.git(work, "push", "-q", "origin", ":refs/tags/empty/v1");
    await()
        .atMost(WITHIN)
        .until(() -> events.stream().anyMatch(e -> e.startsWith("DELETED healthy.empty.")));
    assertThat(last("healthy").ready()).isTrue();

    Files.move(moved, brokenDir);
    await().atMost(WITHIN).until(() -> ready("broken"));
  }

  @Test
  void aWrongPasswordIsAnErrorUntilTheSecretIsFixed() throws Exception {
    String url = serve("simple-repository", "simple");
    cache.openRepository(RequestContext.system(), spec("simple", url));
    await().atMost(WITHIN).until(() -> ready("simple"));

    secrets.putBasicAuth(NS, "git-auth", "alice", "not-the-password");
    await().atMost(WITHIN).until(() -> last("simple").state() == SyncStatus.State.ERROR);
    assertThat(last("simple").message())
        .contains(
            "authentication to " + url + " failed as user \"alice\" (Secret default/git-auth)")
        .doesNotContain("not-the-password")
        .doesNotContain(PASSWORD);

    secrets.putBasicAuth(NS, "git-auth", "alice", PASSWORD);
    SyncStatus fixed =
        cache.syncNow(NS, "simple").orElseThrow().get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    if (!fixed.ready()) {
      // The triggered sync may have started just before the Secret was fixed.
      await().atMost(WITHIN).until(() -> ready("simple"));
    }
    assertThat(last("simple").ready()).isTrue();
  }

  @Test
  void closingARepositoryReleasesItsCloneOnlyWithItsLastUserAndReRegisteringShowsTheNewRemote()
      throws Exception {
    RequestContext ctx = RequestContext.system();
    String url = serve("simple-repository", "shared");
    var a = cache.openRepository(ctx, spec("a", url));
    cache.openRepository(ctx, spec("b", url));
    await().atMost(WITHIN).until(() -> ready("a") && ready("b"));
    find(a, "a.basens.v1")
        .setMetadata(ctx, ObjectMeta.named(NS, "a.basens.v1").withLabels(Map.of("stage", "old")));
    List<String> namesOfA = names(a);
    Path clones = tmp.resolve("cache/git");
    assertThat(children(clones)).hasSize(1);
    events.clear();

    cache.closeRepository(ctx, spec("a", url));

    assertThat(events)
        .containsExactlyInAnyOrderElementsOf(namesOfA.stream().map(n -> "DELETED " + n).toList());
    assertThat(cache.getRepository(NS, "a")).isEmpty();
    assertThat(children(clones)).as("b still uses the clone").hasSize(1);
    assertThat(names(cache.getRepository(NS, "b").orElseThrow())).contains("b.basens.v1");

    cache.closeRepository(ctx, spec("b", url));
    assertThat(children(clones)).as("the last user released the clone").isEmpty();

    // The same URL, now serving other content.
    deleteRecursively(tmp.resolve("srv/shared"));
    serve("drafts-repository", "shared");
    events.clear();
    var again = cache.openRepository(ctx, spec("a", url));
    await()
        .atMost(WITHIN)
        .until(
            () ->
                statuses.get("a").getLast().gitCommitHash().length() > 0
                    && events.contains("ADDED a.bucket.v1"));
    List<String> now = names(again);
    assertThat(now).contains("a.bucket.v1", "a.basens.v1");
    assertThat(events)
        .containsExactlyInAnyOrderElementsOf(now.stream().map(n -> "ADDED " + n).toList());
    assertThat(find(again, "a.basens.v1").toApiObject().metadata().labelsOrEmpty())
        .as("no label from the closed registration")
        .doesNotContainKey("stage");
  }

  @Test
  void metadataOfARevisionDeletedWithPlainGitIsForgottenAndARecreatedOneStartsFresh()
      throws Exception {
    RequestContext ctx = RequestContext.system();
    String url = serve("simple-repository", "simple");
    var repo = cache.openRepository(ctx, spec("simple", url));
    await().atMost(WITHIN).until(() -> ready("simple"));
    find(repo, "simple.istions.v1")
        .setMetadata(
            ctx,
            ObjectMeta.named(NS, "simple.istions.v1")
                .withLabels(Map.of("stage", "old"))
                .withAnnotations(Map.of("note", "before"))
                .withFinalizers(List.of("example.com/keep")));
    assertThat(metadata.get(NS, "simple", "simple.istions.v1")).isPresent();

    Path work = tmp.resolve("work");
    OutsideGit.git(tmp, "clone", "-q", tmp.resolve("srv/simple/.git").toString(), work.toString());
    String tagged = OutsideGit.git(work, "rev-parse", "refs/tags/istions/v1").strip();
    OutsideGit.git(work, "push", "-q", "origin", ":refs/tags/istions/v1");
    cache.syncNow(NS, "simple").orElseThrow().get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    await().atMost(WITHIN).until(() -> events.contains("DELETED simple.istions.v1"));
    assertThat(metadata.get(NS, "simple", "simple.istions.v1"))
        .as("Porch deletes the PackageRev of a revision gone from Git, finalizers or not")
        .isEmpty();

    OutsideGit.git(work, "push", "-q", "origin", tagged + ":refs/tags/istions/v1");
    cache.syncNow(NS, "simple").orElseThrow().get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    await().atMost(WITHIN).until(() -> events.contains("ADDED simple.istions.v1"));
    ObjectMeta fresh = find(repo, "simple.istions.v1").toApiObject().metadata();
    assertThat(fresh.labelsOrEmpty()).doesNotContainKey("stage");
    assertThat(fresh.annotations()).isNullOrEmpty();
    assertThat(fresh.finalizers()).isNullOrEmpty();
  }

  @Test
  void metadataOfARevisionDeletedWhileTheServerWasDownIsDroppedAtTheFirstSync() throws Exception {
    RequestContext ctx = RequestContext.system();
    cache.close();
    Path metadataDir = tmp.resolve("metadata");
    String url = serve("simple-repository", "simple");
    cache = newCache(new FileMetadataStore(metadataDir));
    var repo = cache.openRepository(ctx, spec("simple", url));
    await().atMost(WITHIN).until(() -> ready("simple"));
    find(repo, "simple.istions.v1")
        .setMetadata(
            ctx,
            ObjectMeta.named(NS, "simple.istions.v1")
                .withLabels(Map.of("stage", "old"))
                .withFinalizers(List.of("example.com/keep")));
    Path file = metadataDir.resolve(NS).resolve("simple").resolve("simple.istions.v1.json");
    assertThat(file).isRegularFile();
    cache.close(); // the server stops

    Path work = tmp.resolve("work");
    OutsideGit.git(tmp, "clone", "-q", tmp.resolve("srv/simple/.git").toString(), work.toString());
    String tagged = OutsideGit.git(work, "rev-parse", "refs/tags/istions/v1").strip();
    OutsideGit.git(work, "push", "-q", "origin", ":refs/tags/istions/v1");

    cache = newCache(new FileMetadataStore(metadataDir)); // the server starts again
    repo = cache.openRepository(ctx, spec("simple", url));
    assertThat(names(repo)).doesNotContain("simple.istions.v1");
    assertThat(file).as("metadata of a revision deleted while the server was down").doesNotExist();
    assertThat(new FileMetadataStore(metadataDir).names(NS, "simple"))
        .isNotEmpty()
        .doesNotContain("simple.istions.v1");

    OutsideGit.git(work, "push", "-q", "origin", tagged + ":refs/tags/istions/v1");
    cache.syncNow(NS, "simple").orElseThrow().get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    await().atMost(WITHIN).until(() -> names(find(cache, "simple")).contains("simple.istions.v1"));
    ObjectMeta fresh = find(repo, "simple.istions.v1").toApiObject().metadata();
    assertThat(fresh.labelsOrEmpty()).doesNotContainKey("stage");
    assertThat(fresh.finalizers()).isNullOrEmpty();
  }

  private static io.jporch.core.repository.Repository find(RepositoryCache cache, String name) {
    return cache.getRepository(NS, name).orElseThrow();
  }

  private static PackageRevision find(io.jporch.core.repository.Repository repo, String name) {
    return repo.listPackageRevisions(RequestContext.system(), PackageRevisionFilter.ALL).stream()
        .filter(r -> r.key().objectName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name));
  }

  private static List<String> names(io.jporch.core.repository.Repository repo) {
    return repo.listPackageRevisions(RequestContext.system(), PackageRevisionFilter.ALL).stream()
        .map(r -> r.key().objectName())
        .toList();
  }

  private static List<Path> children(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var list = Files.list(dir)) {
      return list.toList();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
