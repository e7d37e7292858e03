package io.jporch.git.internal;

import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;

/** Writes commit objects (no ref is touched). */
final class Commits {
  private Commits() {}

  static ObjectId write(
      ObjectInserter inserter,
      ObjectId tree,
      List<ObjectId> parents,
      PersonIdent author,
      PersonIdent committer,
      String message)
      throws IOException {
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentIds(parents);
    commit.setAuthor(author);
    commit.setCommitter(committer);
    commit.setMessage(message);
    return inserter.insert(commit);
  }
}
