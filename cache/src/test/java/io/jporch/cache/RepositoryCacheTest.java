package io.jporch.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.WatchEventType;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ConflictException;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.Repository;
import io.jporch.testing.fake.FakeRepository;
import io.jporch.testing.fake.FakeRepositoryFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryCacheTest {
  static final RequestContext CTX = RequestContext.system();
  static final String NS = "default";

  private final FakeRepositoryFactory factory = new FakeRepositoryFactory();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final InMemoryMetadataStore store = new InMemoryMetadataStore();
  private final RepositoryCache cache =
      new RepositoryCache(
          factory,
          store,
          (type, rev) -> {
            events.add(type + " " + rev.key().objectName());
            return 1;
          });

  static io.jporch.core.api.config.Repository spec(String name, String description) {
    return io.jporch.core.api.config.Repository.of(
        ObjectMeta.named(NS, name),
        new io.jporch.core.api.config.Repository.Spec(
            description,
            false,
            "git",
            "Package",
            null,
            new io.jporch.core.api.config.Repository.Git(
                "https://example.com/" + name + ".git", "main", false, "", null, null, null),
            null),
        null);
  }

  static Map<String, String> kptfile(String name) {
    return Map.of("Kptfile", "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: " + name);
  }

  static PackageRevision createDraft(Repository repo, String path, String ws, Lifecycle lc) {
    PackageRevisionDraft draft =
        repo.createPackageRevisionDraft(
            CTX, new PackageRevisionKey(new PackageKey(repo.key(), path), 0, ws));
    draft.updateResources(CTX, kptfile(path), Task.init(null));
    draft.updateLifecycle(lc);
    return repo.closePackageRevisionDraft(CTX, draft, 0);
  }

  static PackageRevision publish(Repository repo, PackageRevision proposal) {
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(CTX, proposal);
    draft.updateLifecycle(Lifecycle.PUBLISHED);
    return repo.closePackageRevisionDraft(CTX, draft, 0);
  }

  @Test
  void openIsIdempotentPerRepositoryAndReopensWhenTheSpecChanges() {
    Repository first = cache.openRepository(CTX, spec("repo", "one"));
    Repository again = cache.openRepository(CTX, spec("repo", "one"));
    FakeRepository firstAdapter = factory.repository(NS, "repo");
    createDraft(first, "pkg", "ws", Lifecycle.DRAFT);
    events.clear();

    Repository changed = cache.openRepository(CTX, spec("repo", "two"));

    assertThat(again).isSameAs(first);
    assertThat(changed).isNotSameAs(first);
    assertThat(firstAdapter.isClosed()).isTrue();
    assertThat(factory.openCount()).isEqualTo(2);
    assertThat(cache.getRepository(NS, "repo")).containsSame(changed);
    assertThat(changed.listPackageRevisions(CTX, PackageRevisionFilter.ALL))
        .extracting(r -> r.key().objectName())
        .containsExactly("repo.pkg.ws");
    // The reopened repository does not announce what was already known.
    assertThat(events).isEmpty();
  }

  @Test
  void aFailedOpenIsRetriedByTheNextOpen() {
    factory.failNextOpen(new IllegalStateException("unreachable"));
    assertThatThrownBy(() -> cache.openRepository(CTX, spec("repo", "d")))
        .hasMessage("unreachable");
    assertThat(cache.getRepository(NS, "repo")).isEmpty();
    assertThat(cache.openRepository(CTX, spec("repo", "d"))).isNotNull();
  }

  @Test
  void publishingNumbersRevisionsPerPackagePathAndMovesTheLatestLabel() {
    Repository repo = cache.openRepository(CTX, spec("repo", "d"));
    PackageRevision v1 = publish(repo, createDraft(repo, "a/pkg", "ws1", Lifecycle.PROPOSED));
    PackageRevision v2 = publish(repo, createDraft(repo, "a/pkg", "ws2", Lifecycle.PROPOSED));
    PackageRevision other = publish(repo, createDraft(repo, "b/pkg", "ws1", Lifecycle.PROPOSED));

    assertThat(v1.key().revision()).isEqualTo(1);
    assertThat(v2.key().revision()).isEqualTo(2);
    assertThat(other.key().revision()).isEqualTo(1);
    List<PackageRevision> all = repo.listPackageRevisions(CTX, PackageRevisionFilter.ALL);
    assertThat(all)
        .filteredOn(PackageRevision::isLatestRevision)
        .extracting(r -> r.key().objectName())
        .containsExactlyInAnyOrder("repo.a.pkg.ws2", "repo.b.pkg.ws1");
    assertThat(all)
        .extracting(r -> r.key().objectName() + "@" + r.key().revision())
        .contains("repo.a.pkg.main@-1", "repo.b.pkg.main@-1");
    PackageRevision latest = find(repo, "repo.a.pkg.ws2");
    assertThat(latest.toApiObject().metadata().labels())
        .containsEntry(ApiGroups.LATEST_REVISION_LABEL, "true");
    assertThat(find(repo, "repo.a.pkg.ws1").toApiObject().metadata().labelsOrEmpty())
        .doesNotContainKey(ApiGroups.LATEST_REVISION_LABEL);
    var selector =
        new PackageRevisionFilter(
            null,
            null,
            null,
            null,
            0,
            Set.of(),
            Map.of(),
            labels -> "true".equals(labels.get(ApiGroups.LATEST_REVISION_LABEL)));
    assertThat(repo.listPackageRevisions(CTX, selector)).hasSize(2);
  }

  @Test
  void theLatestLabelIsNeverPersisted() {
    Repository repo = cache.openRepository(CTX, spec("repo", "d"));
    PackageRevision v1 = publish(repo, createDraft(repo, "pkg", "ws1", Lifecycle.PROPOSED));
    var api = v1.toApiObject();

    v1.setMetadata(CTX, api.metadata().withAnnotations(Map.of("a", "b")));

    ObjectMeta stored = store.get(NS, "repo", "repo.pkg.ws1").orElseThrow();
    assertThat(stored.labels()).isNull();
    assertThat(stored.annotations()).containsExactly(Map.entry("a", "b"));
    assertThat(find(repo, "repo.pkg.ws1").toApiObject().metadata().labels())
        .containsExactly(Map.entry(ApiGroups.LATEST_REVISION_LABEL, "true"));
  }

  @Test
  void concurrentPublicationsGetDistinctConsecutiveNumbers() throws Exception {
    Repository repo = cache.openRepository(CTX, spec("repo", "d"));
    int n = 12;
    List<PackageRevision> proposals = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      proposals.add(createDraft(repo, "pkg", "ws" + i, Lifecycle.PROPOSED));
    }
    List<PackageRevisionDraft> drafts = new ArrayList<>();
    for (PackageRevision p : proposals) {
      PackageRevisionDraft d = repo.openPackageRevisionDraft(CTX, p);
      d.updateLifecycle(Lifecycle.PUBLISHED);
      drafts.add(d);
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<PackageRevision>> results = new ArrayList<>();
      for (PackageRevisionDraft d : drafts) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return repo.closePackageRevisionDraft(CTX, d, 0);
                }));
      }
      start.countDown();
      List<Integer> numbers = new ArrayList<>();
      for (Future<PackageRevision> f : results) {
        numbers.add(f.get(30, TimeUnit.SECONDS).key().revision());
      }
      assertThat(numbers)
          .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
    } finally {
      pool.shutdownNow();
    }
    FakeRepository adapter = factory.repository(NS, "repo");
    assertThat(adapter.storedRevisions())
        .filteredOn(r -> r.key().revision() > 0)
        .extracting(r -> r.key().revision())
        .doesNotHaveDuplicates()
        .hasSize(n);
  }

  @Test
  void revisionsFoundInGitGetRecreatableMetadataCreatedOnesDurableMetadata() {
    List<String> writes = new CopyOnWriteArrayList<>();
    InMemoryMetadataStore backing = new InMemoryMetadataStore();
    io.jporch.core.cache.MetadataStore recording =
        new io.jporch.core.cache.MetadataStore() {
          @Override
          public java.util.Optional<ObjectMeta> get(
              String namespace, String repository, String name) {
            return backing.get(namespace, repository, name);
          }

          @Override
          public void put(String namespace, String repository, String name, ObjectMeta metadata) {
            writes.add("put " + name);
            backing.put(namespace, repository, name, metadata);
          }

          @Override
          public void putRecreatable(
              String namespace, String repository, String name, ObjectMeta metadata) {
            writes.add("recreatable " + name);
            backing.put(namespace, repository, name, metadata);
          }

          @Override
          public void delete(String namespace, String repository, String name) {
            backing.delete(namespace, repository, name);
          }

          @Override
          public java.util.Set<String> names(String namespace, String repository) {
            return backing.names(namespace, repository);
          }
        };
    RepositoryCache recordingCache = new RepositoryCache(factory, recording, (type, rev) -> 1);
    Repository repo = recordingCache.openRepository(CTX, spec("repo", "d"));
    factory.repository(NS, "repo").putRevision("ext", "v1", 1, Lifecycle.PUBLISHED, kptfile("ext"));

    assertThat(repo.listPackageRevisions(CTX, PackageRevisionFilter.ALL)).hasSize(1);
    assertThat(writes).containsExactly("recreatable repo.ext.v1");
    assertThat(backing.get(NS, "repo", "repo.ext.v1").orElseThrow().creationTimestamp())
        .isNotNull();

    writes.clear();
    createDraft(repo, "pkg", "ws1", Lifecycle.DRAFT);
    assertThat(writes).contains("put repo.pkg.ws1").doesNotContain("recreatable repo.pkg.ws1");
  }

  @Test
  void aNumberTakenBehindTheCachesBackIsSkipped() {
    Repository repo = cache.openRepository(CTX, spec("repo", "d"));
    PackageRevision proposal = createDraft(repo, "pkg", "ws1", Lifecycle.PROPOSED);
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(CTX, proposal);
    draft.updateLifecycle(Lifecycle.PUBLISHED);
    FakeRepository adapter = factory.repository(NS, "repo");
    // Another writer publishes revision 1 and the cache's version check sees it before numbering.
    adapter.putRevision("pkg", "elsewhere", 1, Lifecycle.PUBLISHED, kptfile("pkg"));

    PackageRevision published = repo.closePackageRevisionDraft(CTX, draft, 0);

    assertThat(published.key().revision()).isEqualTo(2);
  }

  @Test
  void theAdaptersTagCheckIsTheSecondGuard() {
    Repository repo = cache.openRepository(CTX, spec("repo", "d"));
    PackageRevision proposal = createDraft(repo, "pkg", "ws1", Lifecycle.PROPOSED);
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(CTX, proposal);
    draft.updateLifecycle(Lifecycle.PUBLISHED);
    FakeRepository adapter = factory.repository(NS, "repo");
    adapter.failNext(
        FakeRepository.Operation.CLOSE_DRAFT, new ConflictException(null, "tag exists"));

    assertThatThrownBy(() -> repo.closePackageRevisionDraft(CTX, draft, 0))
        .isInstanceOf(ConflictException.class);
    assertThat(adapter.storedRevisions()).noneMatch(r -> r.key().revision() > 0);
  }

  @Test
  void emitsOneEventPerVisibleChange() {
    Repository repo = cache.openRepository(CTX, spec("repo", "d"));
    repo.listPackageRevisions(CTX, PackageRevisionFilter.ALL);

    PackageRevision draft = createDraft(repo, "pkg", "ws1", Lifecycle.DRAFT);
    assertThat(events).containsExactly("ADDED repo.pkg.ws1");

    events.clear();
    PackageRevisionDraft d = repo.openPackageRevisionDraft(CTX, draft);
    d.updateLifecycle(Lifecycle.PROPOSED);
    PackageRevision proposal = repo.closePackageRevisionDraft(CTX, d, 0);
    assertThat(events).containsExactly("MODIFIED repo.pkg.ws1");

    events.clear();
    PackageRevision v1 = publish(repo, proposal);
    assertThat(events).containsExactlyInAnyOrder("MODIFIED repo.pkg.ws1", "ADDED repo.pkg.main");

    events.clear();
    PackageRevision v2 = publish(repo, createDraft(repo, "pkg", "ws2", Lifecycle.PROPOSED));
    assertThat(events)
        .containsExactlyInAnyOrder(
            "ADDED repo.pkg.ws2", // created as proposal
            "MODIFIED repo.pkg.ws2", // published
            "MODIFIED repo.pkg.ws1"); // lost the latest label; placeholder content unchanged
    assertThat(v2.isLatestRevision()).isTrue();

    events.clear();
    v1.setMetadata(CTX, ObjectMeta.named(NS, "repo.pkg.ws1").withLabels(Map.of("k", "v")));
    v1.setMetadata(CTX, ObjectMeta.named(NS, "repo.pkg.ws1").withLabels(Map.of("k", "v")));
    assertThat(events).containsExactly("MODIFIED repo.pkg.ws1");

    events.clear();
    PackageRevision proposedDeletion =
        repo.updateLifecycle(CTX, find(repo, "repo.pkg.ws2"), Lifecycle.DELETION_PROPOSED);
    assertThat(events).containsExactly("MODIFIED repo.pkg.ws2");
    assertThat(proposedDeletion.lifecycle()).isEqualTo(Lifecycle.DELETION_PROPOSED);

    events.clear();
    repo.deletePackageRevision(CTX, proposedDeletion);
    assertThat(events).containsExactlyInAnyOrder("DELETED repo.pkg.ws2", "MODIFIED repo.pkg.ws1");
    assertThat(find(repo, "repo.pkg.ws1").isLatestRevision()).isTrue();
    assertThat(store.get(NS, "repo", "repo.pkg.ws2")).isEmpty();
  }

  @Test
  void theDeletedEventKeepsTheLastMetadata() {
    List<PackageRevision> deleted = new CopyOnWriteArrayList<>();
    var watched =
        new RepositoryCache(
            factory,
            store,
            (type, rev) -> {
              if (type == WatchEventType.DELETED) {
                deleted.add(rev);
              }
              return 1;
            });
    Repository repo = watched.openRepository(CTX, spec("repo", "d"));
    PackageRevision draft = createDraft(repo, "pkg", "ws1", Lifecycle.DRAFT);
    draft.setMetadata(CTX, ObjectMeta.named(NS, "x").withLabels(Map.of("app", "web")));

    repo.deletePackageRevision(CTX, draft);

    assertThat(deleted).hasSize(1);
    assertThat(deleted.getFirst().toApiObject().metadata().labels())
        .containsExactly(Map.entry("app", "web"));
  }

  @Test
  void listsFromMemoryUntilTheAdaptersVersionChanges() {
    Repository repo = cache.openRepository(CTX, spec("repo", "d"));
    FakeRepository adapter = factory.repository(NS, "repo");
    repo.listPackageRevisions(CTX, PackageRevisionFilter.ALL);
    int lists = adapter.listCount();

    repo.listPackageRevisions(CTX, PackageRevisionFilter.ALL);
    repo.listPackageRevisions(CTX, PackageRevisionFilter.forPackagePath("x"));
    assertThat(adapter.listCount()).isEqualTo(lists);

    PackageRevision external =
        adapter.putRevision("ext", "v1", 1, Lifecycle.PUBLISHED, kptfile("ext"));
    assertThat(repo.listPackageRevisions(CTX, PackageRevisionFilter.ALL))
        .extracting(r -> r.key().objectName())
        .containsExactly("repo.ext.v1");
    assertThat(events).containsExactly("ADDED repo.ext.v1");
    assertThat(store.get(NS, "repo", "repo.ext.v1"))
        .get()
        .extracting(ObjectMeta::creationTimestamp)
        .isNotNull();

    events.clear();
    adapter.removeRevision(external.key());
    assertThat(repo.listPackageRevisions(CTX, PackageRevisionFilter.ALL)).isEmpty();
    assertThat(events).containsExactly("DELETED repo.ext.v1");
    assertThat(store.get(NS, "repo", "repo.ext.v1")).isEmpty();
  }

  @Test
  void aVersionCheckIntervalServesReadsFromMemoryUntilARefresh() {
    var lazy = new RepositoryCache(factory, store, null, Duration.ofHours(1));
    Repository repo = lazy.openRepository(CTX, spec("repo", "d"));
    assertThat(repo.listPackageRevisions(CTX, PackageRevisionFilter.ALL)).isEmpty();
    factory.repository(NS, "repo").putRevision("ext", "v1", 1, Lifecycle.PUBLISHED, kptfile("ext"));

    assertThat(repo.listPackageRevisions(CTX, PackageRevisionFilter.ALL)).isEmpty();
    repo.refresh(CTX);
    assertThat(repo.listPackageRevisions(CTX, PackageRevisionFilter.ALL)).hasSize(1);
  }

  @Test
  void closeRepositoryForgetsTheRepositoryAndItsMetadata() {
    var spec = spec("repo", "d");
    Repository repo = cache.openRepository(CTX, spec);
    PackageRevision draft = createDraft(repo, "pkg", "ws1", Lifecycle.DRAFT);
    draft.setMetadata(CTX, ObjectMeta.named(NS, "x").withLabels(Map.of("app", "web")));
    events.clear();

    cache.closeRepository(CTX, spec);

    assertThat(cache.getRepository(NS, "repo")).isEmpty();
    assertThat(factory.repository(NS, "repo").isClosed()).isTrue();
    assertThat(store.get(NS, "repo", "repo.pkg.ws1")).isEmpty();
    assertThat(events).containsExactly("DELETED repo.pkg.ws1");
  }

  @Test
  void metadataAndCreationTimestampSurviveARestart(@TempDir Path dir) {
    var first = new RepositoryCache(factory, new FileMetadataStore(dir), null);
    Repository repo = first.openRepository(CTX, spec("repo", "d"));
    PackageRevision draft = createDraft(repo, "pkg", "ws1", Lifecycle.DRAFT);
    ObjectMeta requested =
        ObjectMeta.named(NS, "repo.pkg.ws1")
            .withLabels(Map.of("app", "web"))
            .withAnnotations(Map.of("note", "x"))
            .withFinalizers(List.of("example.com/keep"));
    draft.setMetadata(CTX, requested);
    var before = find(repo, "repo.pkg.ws1").toApiObject().metadata();
    first.close();

    var restarted = new RepositoryCache(factory, new FileMetadataStore(dir), null);
    var after =
        find(restarted.openRepository(CTX, spec("repo", "d")), "repo.pkg.ws1")
            .toApiObject()
            .metadata();

    assertThat(after.labels()).isEqualTo(Map.of("app", "web"));
    assertThat(after.annotations()).isEqualTo(Map.of("note", "x"));
    assertThat(after.finalizers()).containsExactly("example.com/keep");
    assertThat(after.creationTimestamp()).isNotNull().isEqualTo(before.creationTimestamp());
  }

  static PackageRevision find(Repository repo, String name) {
    return repo.listPackageRevisions(CTX, PackageRevisionFilter.ALL).stream()
        .filter(r -> r.key().objectName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no revision " + name));
  }
}
