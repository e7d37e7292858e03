package io.jporch.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ServiceUnavailableException;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.testing.fake.FakeRepository;
import io.jporch.testing.fake.FakeRepositoryFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Background sync over fake repositories: timing, change events, status, back-off, isolation. */
class BackgroundSyncTest {
  private static final RequestContext CTX = RequestContext.system();
  private static final String NS = "default";
  private static final Duration PERIOD = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final FakeRepositoryFactory factory = new FakeRepositoryFactory();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final Map<String, List<SyncStatus>> statuses = new ConcurrentHashMap<>();
  private RepositoryCache cache = cache(PERIOD);

  private RepositoryCache cache(Duration period) {
    return new RepositoryCache(
        factory,
        new InMemoryMetadataStore(),
        (type, revision) -> {
          events.add(type + " " + revision.key().objectName());
          return 1;
        },
        Duration.ZERO,
        new SyncOptions(
            period,
            Duration.ofSeconds(5),
            Duration.ofMillis(100),
            Duration.ofMillis(400),
            ZoneOffset.UTC),
        (repository, status) ->
            statuses
                .computeIfAbsent(repository.name(), k -> new CopyOnWriteArrayList<>())
                .add(status));
  }

  @AfterEach
  void close() {
    cache.close();
  }

  private static Repository spec(String name, Repository.Sync sync) {
    return Repository.of(
        ObjectMeta.named(NS, name),
        new Repository.Spec(
            null,
            false,
            "git",
            null,
            sync,
            new Repository.Git(
                "https://example.com/" + name + ".git", "main", false, "", null, null, null),
            null),
        null);
  }

  private SyncStatus last(String name) {
    List<SyncStatus> list = statuses.getOrDefault(name, List.of());
    return list.isEmpty() ? null : list.getLast();
  }

  private FakeRepository open(String name, Repository.Sync sync) {
    cache.openRepository(CTX, spec(name, sync));
    return factory.repository(NS, name);
  }

  private static Map<String, String> kptfile() {
    return Map.of("Kptfile", "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\n");
  }

  @Test
  void firstSyncRunsAtOnceAndReportsReady() {
    FakeRepository fake = open("repo", null);
    fake.putRevision("pkg", "v1", 1, Lifecycle.PUBLISHED, kptfile());

    await()
        .atMost(TIMEOUT)
        .until(
            () -> last("repo") != null && last("repo").ready() && last("repo").packageCount() == 1);
    SyncStatus ready = last("repo");
    assertThat(statuses.get("repo").getFirst().state()).isEqualTo(SyncStatus.State.RECONCILING);
    assertThat(ready.message()).isEqualTo("Repository Ready");
    assertThat(ready.lastFullSyncTime()).isNotNull();
    assertThat(Duration.between(ready.lastFullSyncTime(), ready.nextFullSyncTime()))
        .isEqualTo(PERIOD);
    assertThat(cache.syncStatus(NS, "repo")).contains(ready);
  }

  @Test
  void externalChangesAreAnnouncedWithinOnePeriodAndUnchangedVersionsAreNotRelisted() {
    FakeRepository fake = open("repo", null);
    await().atMost(TIMEOUT).until(() -> last("repo") != null && last("repo").ready());

    fake.putRevision("pkg", "ws", 0, Lifecycle.DRAFT, kptfile());
    await().atMost(TIMEOUT).until(() -> events.contains("ADDED repo.pkg.ws"));
    fake.putRevision("pkg", "v1", 1, Lifecycle.PUBLISHED, kptfile());
    await().atMost(TIMEOUT).until(() -> events.contains("ADDED repo.pkg.v1"));
    fake.removeRevision(new PackageRevisionKey(new PackageKey(fake.key(), "pkg"), 0, "ws"));
    await().atMost(TIMEOUT).until(() -> events.contains("DELETED repo.pkg.ws"));

    int lists = fake.listCount();
    int checks = fake.versionChecks();
    await().atMost(TIMEOUT).until(() -> fake.versionChecks() >= checks + 3);
    assertThat(fake.listCount()).isEqualTo(lists);
  }

  @Test
  void aBrokenRepositoryBacksOffWithoutSlowingTheOthers() {
    FakeRepository broken = open("broken", null);
    FakeRepository healthy = open("healthy", null);
    await().atMost(TIMEOUT).until(() -> last("broken") != null && last("broken").ready());
    broken.setUnreachable(
        new ServiceUnavailableException(null, "cannot fetch repository: connection refused"));

    await().atMost(TIMEOUT).until(() -> last("broken").consecutiveFailures() >= 3);
    SyncStatus error = last("broken");
    assertThat(error.state()).isEqualTo(SyncStatus.State.ERROR);
    assertThat(error.message()).contains("connection refused");
    assertThat(error.lastFullSyncTime()).isNotNull();
    List<SyncStatus> errors =
        statuses.get("broken").stream().filter(s -> s.state() == SyncStatus.State.ERROR).toList();
    // Back-off: 100 ms, 200 ms, then capped at 400 ms (jitter adds at most 20 %, within the cap).
    // Each retry starts when the previous one was due, so due times are one back-off apart.
    assertThat(Duration.between(errors.get(0).nextFullSyncTime(), errors.get(1).nextFullSyncTime()))
        .isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(Duration.between(errors.get(1).nextFullSyncTime(), errors.get(2).nextFullSyncTime()))
        .isBetween(Duration.ofMillis(400), Duration.ofMillis(600));

    int before = healthy.versionChecks();
    await().atMost(TIMEOUT).until(() -> healthy.versionChecks() >= before + 3);
    assertThat(last("healthy").ready()).isTrue();

    broken.setUnreachable(null);
    await().atMost(TIMEOUT).until(() -> last("broken").ready());
    assertThat(last("broken").consecutiveFailures()).isZero();
  }

  @Test
  void syncNowRunsAtOnceAndReportsItsOutcome() throws Exception {
    cache = cache(Duration.ofHours(1));
    FakeRepository fake = open("repo", null);
    await().atMost(TIMEOUT).until(() -> last("repo") != null && last("repo").ready());
    fake.putRevision("pushed", "v1", 1, Lifecycle.PUBLISHED, kptfile());

    SyncStatus status =
        cache.syncNow(NS, "repo").orElseThrow().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(status.ready()).isTrue();
    assertThat(status.packageCount()).isEqualTo(1);
    assertThat(events).contains("ADDED repo.pushed.v1");
    assertThat(cache.syncNow(NS, "unknown")).isEmpty();
  }

  @Test
  void invalidScheduleFallsBackToTheDefaultPeriodWithAClearMessage() {
    open("repo", new Repository.Sync("61 * * * *", null));
    await().atMost(TIMEOUT).until(() -> last("repo") != null && last("repo").ready());
    SyncStatus ready = last("repo");
    assertThat(ready.message())
        .startsWith("Repository Ready; spec.sync.schedule \"61 * * * *\" is invalid (minute")
        .endsWith("syncing every 200ms instead");
    assertThat(Duration.between(ready.lastFullSyncTime(), ready.nextFullSyncTime()))
        .isEqualTo(PERIOD);
  }

  @Test
  void cronScheduleDecidesTheNextSync() {
    open("repo", new Repository.Sync("*/5 * * * *", null));
    await().atMost(TIMEOUT).until(() -> last("repo") != null && last("repo").ready());
    SyncStatus ready = last("repo");
    assertThat(ready.nextFullSyncTime())
        .isEqualTo(
            CronSchedule.parse("*/5 * * * *", ZoneOffset.UTC)
                .next(ready.lastFullSyncTime())
                .orElseThrow());
  }

  @Test
  void runOnceAtTriggersOneSyncWithoutReopening() {
    cache = cache(Duration.ofHours(1));
    FakeRepository fake = open("repo", null);
    await().atMost(TIMEOUT).until(() -> last("repo") != null && last("repo").ready());
    int checks = fake.versionChecks();
    String soon = Instant.now().plusMillis(300).toString();

    cache.openRepository(CTX, spec("repo", new Repository.Sync(null, soon)));

    await().atMost(TIMEOUT).until(() -> fake.versionChecks() > checks);
    assertThat(factory.openCount()).isEqualTo(1);
    await()
        .atMost(TIMEOUT)
        .until(() -> java.time.Instant.parse(soon).equals(last("repo").observedRunOnceAt()));
    int after = fake.versionChecks();
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    assertThat(fake.versionChecks()).isEqualTo(after);

    // A later sync (here: triggered) keeps reporting it while the spec holds it ...
    SyncStatus again = syncNowAndWait();
    assertThat(again.observedRunOnceAt()).isEqualTo(java.time.Instant.parse(soon));
    // ... a runOnceAt in the future is not reported as observed ...
    String later = Instant.now().plus(Duration.ofHours(1)).toString();
    cache.openRepository(CTX, spec("repo", new Repository.Sync(null, later)));
    assertThat(syncNowAndWait().observedRunOnceAt()).isEqualTo(java.time.Instant.parse(soon));
    // ... and removing it from the spec clears it, as in Porch.
    cache.openRepository(CTX, spec("repo", null));
    assertThat(syncNowAndWait().observedRunOnceAt()).isNull();
  }

  private SyncStatus syncNowAndWait() {
    try {
      return cache
          .syncNow(NS, "repo")
          .orElseThrow()
          .get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void closingStopsTheSync() {
    FakeRepository fake = open("repo", null);
    await().atMost(TIMEOUT).until(() -> last("repo") != null && last("repo").ready());
    cache.closeRepository(CTX, spec("repo", null));
    int checks = fake.versionChecks();
    await().pollDelay(Duration.ofMillis(600)).until(() -> true);
    assertThat(fake.versionChecks()).isEqualTo(checks);
    assertThat(cache.syncStatus(NS, "repo")).isEmpty();
  }

  @Test
  void withoutSyncOptionsNothingRunsInTheBackground() {
    RepositoryCache plain = new RepositoryCache(factory, new InMemoryMetadataStore(), null);
    try {
      plain.openRepository(CTX, spec("quiet", null));
      FakeRepository fake = factory.repository(NS, "quiet");
      await().pollDelay(Duration.ofMillis(400)).until(() -> true);
      assertThat(fake.versionChecks()).isZero();
      assertThat(plain.syncNow(NS, "quiet")).isEmpty();
    } finally {
      plain.close();
    }
  }
}
