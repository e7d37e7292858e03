package io.jporch.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.WatchEventType;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.RepositoryKey;
import io.jporch.testing.fake.FakeRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DefaultWatcherManagerTest {
  private static final Map<String, String> KPTFILE =
      Map.of("Kptfile", "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\n");

  private final FakeRepository repoA =
      new FakeRepository(new RepositoryKey("ns-a", "repo", "", "main"));
  private final FakeRepository repoB =
      new FakeRepository(new RepositoryKey("ns-b", "repo", "", "main"));

  private PackageRevision revision(FakeRepository repo, String path, String ws, Lifecycle lc) {
    return repo.putRevision(path, ws, lc.isPublished() ? 1 : 0, lc, KPTFILE);
  }

  /** Records every event a watcher receives. */
  private record Recorder(List<String> events) implements WatcherManager.ObjectWatcher {
    Recorder() {
      this(new CopyOnWriteArrayList<>());
    }

    @Override
    public boolean onPackageRevisionChange(WatchEventType type, PackageRevision revision) {
      events.add(type + " " + revision.key().objectName());
      return true;
    }
  }

  @Test
  void fansOutToEveryMatchingWatcherAndCountsThem() {
    var manager = new DefaultWatcherManager();
    var first = new Recorder();
    var second = new Recorder();
    manager.watch("", PackageRevisionFilter.ALL, first);
    manager.watch(null, null, second);

    PackageRevision rev = revision(repoA, "pkg", "ws", Lifecycle.DRAFT);
    int sent = manager.notifyPackageRevisionChange(WatchEventType.ADDED, rev);

    assertThat(sent).isEqualTo(2);
    assertThat(first.events()).containsExactly("ADDED repo.pkg.ws");
    assertThat(second.events()).containsExactly("ADDED repo.pkg.ws");
  }

  @Test
  void appliesNamespaceAndFilterToLiveEvents() {
    var manager = new DefaultWatcherManager();
    var inA = new Recorder();
    var onlyPkg = new Recorder();
    var onlyPublished = new Recorder();
    manager.watch("ns-a", PackageRevisionFilter.ALL, inA);
    manager.watch("", PackageRevisionFilter.forPackagePath("team/pkg"), onlyPkg);
    manager.watch(
        "",
        new PackageRevisionFilter(
            null, null, null, null, 0, Set.of(Lifecycle.PUBLISHED), Map.of(), null),
        onlyPublished);

    manager.notifyPackageRevisionChange(
        WatchEventType.ADDED, revision(repoA, "team/pkg", "ws", Lifecycle.DRAFT));
    manager.notifyPackageRevisionChange(
        WatchEventType.ADDED, revision(repoB, "team/pkg", "v1", Lifecycle.PUBLISHED));
    int sent =
        manager.notifyPackageRevisionChange(
            WatchEventType.ADDED, revision(repoB, "other", "ws", Lifecycle.DRAFT));

    assertThat(sent).isZero();
    assertThat(inA.events()).containsExactly("ADDED repo.team.pkg.ws");
    assertThat(onlyPkg.events())
        .containsExactly("ADDED repo.team.pkg.ws", "ADDED repo.team.pkg.v1");
    assertThat(onlyPublished.events()).containsExactly("ADDED repo.team.pkg.v1");
  }

  @Test
  void deliversDeletedForARevisionThatMatchedBefore() {
    var manager = new DefaultWatcherManager();
    var labelled = new Recorder();
    manager.watch(
        "",
        new PackageRevisionFilter(
            null, null, null, null, 0, Set.of(), Map.of(), labels -> "x".equals(labels.get("app"))),
        labelled);
    PackageRevision rev = revision(repoA, "pkg", "ws", Lifecycle.DRAFT);
    PackageRevision other = revision(repoA, "other", "ws", Lifecycle.DRAFT);
    rev.setMetadata(
        RequestContext.system(),
        ObjectMeta.named("ns-a", "repo.pkg.ws").withLabels(Map.of("app", "x")));

    manager.notifyPackageRevisionChange(WatchEventType.MODIFIED, rev);
    // Its metadata is gone by the time it is deleted: it no longer matches the selector.
    rev.setMetadata(RequestContext.system(), ObjectMeta.named("ns-a", "repo.pkg.ws"));
    manager.notifyPackageRevisionChange(WatchEventType.DELETED, rev);
    manager.notifyPackageRevisionChange(WatchEventType.DELETED, other);

    assertThat(labelled.events()).containsExactly("MODIFIED repo.pkg.ws", "DELETED repo.pkg.ws");
  }

  @Test
  void removesWatchersThatStopOrFailOrAreClosed() {
    var manager = new DefaultWatcherManager();
    List<String> stopping = new CopyOnWriteArrayList<>();
    manager.watch(
        "",
        null,
        (type, rev) -> {
          stopping.add(type.name());
          return false;
        });
    manager.watch(
        "",
        null,
        (type, rev) -> {
          throw new IllegalStateException("boom");
        });
    var closed = new Recorder();
    var registration = manager.watch("", null, closed);
    var healthy = new Recorder();
    manager.watch("", null, healthy);
    PackageRevision rev = revision(repoA, "pkg", "ws", Lifecycle.DRAFT);

    assertThat(manager.notifyPackageRevisionChange(WatchEventType.ADDED, rev)).isEqualTo(4);
    registration.close();
    assertThat(manager.notifyPackageRevisionChange(WatchEventType.MODIFIED, rev)).isEqualTo(1);

    assertThat(stopping).containsExactly("ADDED");
    assertThat(closed.events()).containsExactly("ADDED repo.pkg.ws");
    assertThat(healthy.events()).containsExactly("ADDED repo.pkg.ws", "MODIFIED repo.pkg.ws");
    assertThat(manager.watcherCount()).isEqualTo(1);
  }

  @Test
  void aBlockedWatcherDoesNotBlockOtherNotifiersOrRegistrations() throws Exception {
    var manager = new DefaultWatcherManager(Duration.ofMillis(200));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    manager.watch(
        "",
        null,
        (type, rev) -> {
          entered.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return true;
        });
    var healthy = new Recorder();
    manager.watch("", null, healthy);
    PackageRevision rev = revision(repoA, "pkg", "ws", Lifecycle.DRAFT);

    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> stuck =
          executor.submit(() -> manager.notifyPackageRevisionChange(WatchEventType.ADDED, rev));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

      var late = new Recorder();
      manager.watch("", null, late);
      int sent = manager.notifyPackageRevisionChange(WatchEventType.MODIFIED, rev);

      assertThat(sent).isEqualTo(2);
      assertThat(late.events()).containsExactly("MODIFIED repo.pkg.ws");
      release.countDown();
      assertThat(stuck.get(10, TimeUnit.SECONDS)).isEqualTo(2);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(healthy.events())
                      .containsExactlyInAnyOrder("ADDED repo.pkg.ws", "MODIFIED repo.pkg.ws"));
      assertThat(manager.watcherCount()).isEqualTo(2);
    } finally {
      release.countDown();
      executor.shutdownNow();
    }
  }
}
