package io.jporch.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.cache.WatchEventType;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.RepositoryKey;
import io.jporch.testing.fake.FakeRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeJournalTest {
  private final List<String> forwarded = new ArrayList<>();
  private final ChangeJournal journal =
      new ChangeJournal(
          (type, rev) -> {
            forwarded.add(type + " " + rev.key().objectName());
            return 1;
          },
          3);
  private final FakeRepository repo =
      new FakeRepository(new RepositoryKey("ns", "repo", "", "main"));

  @Test
  void replaysChangesAfterAPosition() {
    PackageRevision a = revision("a");
    journal.notifyPackageRevisionChange(WatchEventType.ADDED, a);
    String position = journal.position();
    PackageRevision b = revision("b");
    journal.notifyPackageRevisionChange(WatchEventType.ADDED, b);
    journal.notifyPackageRevisionChange(WatchEventType.DELETED, a);
    assertThat(forwarded)
        .containsExactly("ADDED repo.a.ws", "ADDED repo.b.ws", "DELETED repo.a.ws");
    assertThat(journal.since(position).orElseThrow())
        .extracting(c -> c.type() + " " + c.revision().key().objectName())
        .containsExactly("ADDED repo.b.ws", "DELETED repo.a.ws");
    assertThat(journal.since(journal.position()).orElseThrow()).isEmpty();
  }

  @Test
  void unknownOrExpiredPositionsFallBack() {
    String start = journal.position();
    assertThat(journal.since(start).orElseThrow()).isEmpty();
    for (String name : List.of("a", "b", "c", "d")) {
      journal.notifyPackageRevisionChange(WatchEventType.ADDED, revision(name));
    }
    assertThat(journal.since(start)).as("expired").isEmpty();
    assertThat(journal.since("other.1")).as("another process").isEmpty();
    assertThat(journal.since("")).isEmpty();
    assertThat(journal.since(null)).isEmpty();
    String future = journal.position().replaceAll("\\d+$", "999");
    assertThat(journal.since(future)).isEmpty();
  }

  private PackageRevision revision(String name) {
    return repo.putRevision(name, "ws", 0, Lifecycle.DRAFT, Map.of("Kptfile", "kind: Kptfile\n"));
  }
}
