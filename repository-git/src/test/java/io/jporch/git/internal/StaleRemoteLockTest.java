package io.jporch.git.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ConflictException;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.git.GitRepositoryFactory;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code file://} remote is written by JGit's receive-pack inside the server process: a server
 * killed in the middle of a push leaves {@code packed-refs.lock} and ref locks in the remote, and
 * every later push fails. The next server start removes the locks a dead process of ours can have
 * left, and nothing else.
 */
class StaleRemoteLockTest {
  private static final String KPTFILE = "apiVersion: kpt.dev/v1\nkind: Kptfile\n";

  @TempDir Path tmp;
  private String url;
  private Path remote;
  private Path clone;

  @BeforeEach
  void remote() {
    url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    remote = GitFixtures.gitDir(url);
  }

  private GitRepository open() {
    Repository spec = RepositorySpecs.onMain("r", url, false);
    // a new factory is what a new server process has: its pool opens the clone for the first time
    GitRepository repo =
        (GitRepository) new GitRepositoryFactory(tmp.resolve("cache")).open(ctx(), spec);
    clone = repo.sharedClone().directory();
    return repo;
  }

  private static RequestContext ctx() {
    return RequestContext.system();
  }

  private static PackageRevision approve(GitRepository repo, String ws, int number) {
    PackageRevisionDraft draft =
        repo.createPackageRevisionDraft(
            ctx(), new PackageRevisionKey(new PackageKey(repo.key(), "pkg"), 0, ws));
    draft.updateResources(ctx(), Map.of("Kptfile", KPTFILE), null);
    draft.updateLifecycle(Lifecycle.PROPOSED);
    PackageRevision proposal = repo.closePackageRevisionDraft(ctx(), draft, 0);
    PackageRevisionDraft approval = repo.openPackageRevisionDraft(ctx(), proposal);
    approval.updateLifecycle(Lifecycle.PUBLISHED);
    return repo.closePackageRevisionDraft(ctx(), approval, number);
  }

  /** A process id that is not running any more. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  /** What a push killed after taking its locks leaves in the remote, written at {@code when}. */
  private List<Path> plantLocks(Instant when) throws Exception {
    List<Path> locks =
        List.of(
            remote.resolve("packed-refs.lock"),
            remote.resolve("refs/heads/main.lock"),
            remote.resolve("refs/tags/pkg/v2.lock"));
    for (Path lock : locks) {
      Files.createDirectories(lock.getParent());
      Files.writeString(lock, "0123456789012345678901234567890123456789\n");
      Files.setLastModifiedTime(lock, FileTime.from(when));
    }
    return locks;
  }

  /** Replaces this process's marker by one of a process that started at {@code started}. */
  private void markerOf(long pid, Instant started) throws Exception {
    Path own = StaleLocks.marker(clone, ProcessHandle.current().pid(), StaleLocks.PROCESS_START);
    assertThat(own).as("this process recorded that it writes the file:// remote").isRegularFile();
    assertThat(Files.readString(own).strip()).isEqualTo(remote.toAbsolutePath().toString());
    Files.move(own, StaleLocks.marker(clone, pid, started));
  }

  private List<String> markers() throws Exception {
    try (Stream<Path> files = Files.list(clone)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("jporch-writer-"))
          .toList();
    }
  }

  @Test
  void locksLeftInAFileRemoteByAKilledServerAreRemovedAtTheNextStart() throws Exception {
    GitRepository first = open();
    approve(first, "ws1", 1);
    Instant deadStart = StaleLocks.PROCESS_START.minus(Duration.ofMinutes(10));
    markerOf(deadPid(), deadStart);
    List<Path> locks = plantLocks(StaleLocks.PROCESS_START.minus(Duration.ofMinutes(1)));
    assertThatThrownBy(() -> approve(first, "ws2", 2))
        .as("with the locks in place every push fails")
        .isInstanceOf(ConflictException.class);
    first.close();

    GitRepository restarted = open();
    try {
      for (Path lock : locks) {
        assertThat(lock).doesNotExist();
      }
      PackageRevision published = approve(restarted, "ws3", 2);
      assertThat(published.lifecycle()).isEqualTo(Lifecycle.PUBLISHED);
      assertThat(GitFixtures.refs(remote)).containsKey("refs/tags/pkg/v2");
      assertThat(markers())
          .containsExactly(
              StaleLocks.marker(clone, ProcessHandle.current().pid(), StaleLocks.PROCESS_START)
                  .getFileName()
                  .toString());
    } finally {
      restarted.close();
    }
  }

  @Test
  void locksThatCanBelongToALiveWriterAreLeftAlone() throws Exception {
    GitRepository first = open();
    approve(first, "ws1", 1);
    first.close();
    // a live process (this one) wrote there: its locks may be in use
    List<Path> old = plantLocks(StaleLocks.PROCESS_START.minus(Duration.ofMinutes(1)));
    open().close();
    for (Path lock : old) {
      assertThat(lock).exists();
    }

    // a dead process wrote there, but these locks are younger than this process: another writer's
    markerOf(deadPid(), StaleLocks.PROCESS_START.minus(Duration.ofMinutes(10)));
    List<Path> young = plantLocks(Instant.now());
    open().close();
    for (Path lock : young) {
      assertThat(lock).exists();
    }
    assertThat(markers()).isEmpty();

    // no marker at all: nothing of ours was in flight, whatever the age of the locks
    plantLocks(StaleLocks.PROCESS_START.minus(Duration.ofMinutes(1)));
    open().close();
    for (Path lock : old) {
      assertThat(lock).exists();
    }
  }
}
