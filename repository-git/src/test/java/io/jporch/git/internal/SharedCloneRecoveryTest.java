package io.jporch.git.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.context.RequestContext;
import io.jporch.git.GitOptions;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed in the middle of a fetch or push leaves JGit lock files in its cache clone; the
 * next process opening the clone removes them, so the refs they guarded can be updated again.
 */
class SharedCloneRecoveryTest {
  @TempDir Path tmp;

  @Test
  void staleLocksLeftByAKilledProcessAreRemovedWhenTheCloneIsOpened() throws Exception {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    Path directory = tmp.resolve("cache").resolve("clone");
    String main = RefNames.localBranch("main");
    SharedClone first = SharedClone.open(directory, url, GitOptions.DEFAULTS);
    fetch(first);
    assertThat(first.refs().get(main)).isNotNull();
    first.db().close(); // the process dies: nothing else is cleaned up

    // What a kill in the middle of a ref update leaves behind.
    Path refLock = directory.resolve(main + ".lock");
    Path packedLock = directory.resolve("packed-refs.lock");
    Files.createDirectories(refLock.getParent());
    Files.writeString(refLock, "");
    Files.writeString(packedLock, "");
    // written by the killed process, so before this one started
    FileTime before = FileTime.from(StaleLocks.PROCESS_START.minusSeconds(60));
    Files.setLastModifiedTime(refLock, before);
    Files.setLastModifiedTime(packedLock, before);
    ObjectId moved = advance(GitFixtures.gitDir(url), "refs/heads/main");

    SharedClone second = SharedClone.open(directory, url, GitOptions.DEFAULTS, true);
    try {
      fetch(second);
      assertThat(second.refs().get(main)).isEqualTo(moved);
      assertThat(refLock).doesNotExist();
      assertThat(packedLock).doesNotExist();
    } finally {
      second.closeAndDelete();
    }
  }

  private static void fetch(SharedClone clone) {
    RequestContext ctx = RequestContext.system();
    clone.locked(ctx, "fetch", () -> clone.fetchLocked(ctx, RemoteAuth.ANONYMOUS));
  }

  /** A new commit (same tree) on {@code ref} of the remote; returns its id. */
  private static ObjectId advance(Path gitDir, String ref) throws Exception {
    try (Repository remote = GitFixtures.open(gitDir);
        ObjectInserter inserter = remote.newObjectInserter();
        RevWalk walk = new RevWalk(remote)) {
      RevCommit head = walk.parseCommit(remote.resolve(ref));
      PersonIdent who =
          new PersonIdent(
              "someone", "someone@example.com", Instant.now(), java.time.ZoneOffset.UTC);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(head.getTree());
      commit.setParentIds(List.of(head));
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("moved on\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = remote.updateRef(ref);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(head);
      assertThat(update.update()).isIn(RefUpdate.Result.FAST_FORWARD, RefUpdate.Result.NEW);
      return id;
    }
  }
}
