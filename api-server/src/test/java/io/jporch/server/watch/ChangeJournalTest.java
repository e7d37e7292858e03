package io.jporch.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevision;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.WatchEventType;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.RepositoryKey;
import io.jporch.testing.fake.FakeRepository;
import io.jporch.watch.ChangeLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeJournalTest {
  private final ChangeJournal journal = new ChangeJournal(VersionSequence.inMemory(), 10);
  private final FakeRepository repo =
      new FakeRepository(new RepositoryKey("ns", "repo", "", "main"));
  private final List<String> events = new ArrayList<>();

  ChangeJournalTest() {
    journal
        .changes()
        .subscribe(
            c ->
                events.add(
                    c.version()
                        + " "
                        + c.type()
                        + " "
                        + c.object().metadata().name()
                        + "@"
                        + c.object().metadata().resourceVersion()
                        + (c.previous() == null
                            ? ""
                            : " was@" + c.previous().metadata().resourceVersion())));
  }

  @Test
  void everyVisibleChangeGetsTheNextVersion() {
    assertThat(journal.version()).isEqualTo(1);
    var a = revision("a");
    journal.notifyPackageRevisionChange(WatchEventType.ADDED, a);
    var b = revision("b");
    journal.notifyPackageRevisionChange(WatchEventType.ADDED, b);
    a.setMetadata(RequestContext.system(), labelled(a, "x"));
    journal.notifyPackageRevisionChange(WatchEventType.MODIFIED, a);
    journal.notifyPackageRevisionChange(WatchEventType.DELETED, b);
    assertThat(events)
        .containsExactly(
            "2 ADDED repo.a.ws@2",
            "3 ADDED repo.b.ws@3",
            "4 MODIFIED repo.a.ws@4 was@2",
            "5 DELETED repo.b.ws@5 was@3");
    assertThat(journal.version()).isEqualTo(5);
  }

  @Test
  void notificationsWithoutAVisibleChangeAreDropped() {
    var a = revision("a");
    journal.notifyPackageRevisionChange(WatchEventType.ADDED, a);
    journal.notifyPackageRevisionChange(WatchEventType.MODIFIED, a);
    journal.notifyPackageRevisionChange(WatchEventType.ADDED, a);
    journal.notifyPackageRevisionChange(WatchEventType.DELETED, revision("never-announced"));
    assertThat(events).containsExactly("2 ADDED repo.a.ws@2");
  }

  @Test
  void anAddedForAKnownObjectIsAModificationAndAModifiedForAnUnknownOneAnAddition() {
    var a = revision("a");
    journal.notifyPackageRevisionChange(WatchEventType.MODIFIED, a);
    a.setMetadata(RequestContext.system(), labelled(a, "y"));
    journal.notifyPackageRevisionChange(WatchEventType.ADDED, a);
    assertThat(events).containsExactly("2 ADDED repo.a.ws@2", "3 MODIFIED repo.a.ws@3 was@2");
  }

  @Test
  void lookupFindsTheLatestStateAndTheOneBefore() {
    var a = revision("a");
    journal.notifyPackageRevisionChange(WatchEventType.ADDED, a);
    PackageRevision first = a.toApiObject();
    a.setMetadata(RequestContext.system(), labelled(a, "1"));
    journal.notifyPackageRevisionChange(WatchEventType.MODIFIED, a);
    PackageRevision second = a.toApiObject();
    a.setMetadata(RequestContext.system(), labelled(a, "2"));
    PackageRevision unannounced = a.toApiObject();

    assertThat(journal.lookup(second).orElseThrow().metadata().resourceVersion()).isEqualTo("3");
    assertThat(journal.lookup(first).orElseThrow().metadata().resourceVersion())
        .as("a reader that rendered just before the change gets the old version")
        .isEqualTo("2");
    assertThat(journal.lookup(unannounced)).isEmpty();

    PackageRevision recorded = journal.record(unannounced);
    assertThat(recorded.metadata().resourceVersion()).isEqualTo("4");
    assertThat(journal.record(unannounced)).isEqualTo(recorded);
    assertThat(events).last().isEqualTo("4 MODIFIED repo.a.ws@4 was@3");
    journal.notifyPackageRevisionChange(WatchEventType.MODIFIED, a);
    assertThat(journal.version()).as("the late notification is no change").isEqualTo(4);
  }

  @Test
  void aDeletedObjectKeepsItsLastVersionForLateReaders() {
    var a = revision("a");
    journal.notifyPackageRevisionChange(WatchEventType.ADDED, a);
    PackageRevision last = a.toApiObject();
    journal.notifyPackageRevisionChange(WatchEventType.DELETED, a);
    assertThat(journal.lookup(last).orElseThrow().metadata().resourceVersion()).isEqualTo("2");
  }

  @Test
  void replaysFromAVersionAndExpiresOldOnes() {
    var a = revision("a");
    journal.notifyPackageRevisionChange(WatchEventType.ADDED, a);
    long after = journal.version();
    for (int i = 0; i < 12; i++) {
      a.setMetadata(RequestContext.system(), labelled(a, "v" + i));
      journal.notifyPackageRevisionChange(WatchEventType.MODIFIED, a);
    }
    assertThat(journal.changes().floor()).isEqualTo(after + 2);
    List<Long> replayed = new ArrayList<>();
    journal.changes().subscribe(after + 2, c -> replayed.add(c.version())).close();
    assertThat(replayed).hasSize(10).startsWith(after + 3).endsWith(journal.version());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> journal.changes().subscribe(after, c -> {}))
        .isInstanceOf(ChangeLog.ExpiredException.class)
        .hasMessage("too old resource version: " + after + " (" + (after + 2) + ")");
  }

  private io.jporch.core.repository.PackageRevision revision(String name) {
    return repo.putRevision(
        name, "ws", 0, Lifecycle.DRAFT, Map.of("Kptfile", "kind: Kptfile\nmetadata:\n  name: x\n"));
  }

  private static ObjectMeta labelled(io.jporch.core.repository.PackageRevision r, String value) {
    return r.metadata().withLabels(Map.of("l", value));
  }
}
