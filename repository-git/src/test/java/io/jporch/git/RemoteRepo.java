package io.jporch.git;

import io.jporch.testing.git.GitFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Reads the remote repository of a test with JGit, independently of the adapter. */
final class RemoteRepo {
  private final Path gitDir;

  RemoteRepo(String url) {
    this.gitDir = GitFixtures.gitDir(url);
  }

  Map<String, String> refs() {
    return GitFixtures.refs(gitDir);
  }

  String ref(String name) {
    return refs().get(name);
  }

  RevCommit commit(String id) {
    try (Repository repo = GitFixtures.open(gitDir);
        RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(id));
      walk.parseBody(c);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** path → "mode content" of every file in the commit's tree. */
  Map<String, String> files(String commitId) {
    try (Repository repo = GitFixtures.open(gitDir);
        RevWalk walk = new RevWalk(repo);
        TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(walk.parseCommit(ObjectId.fromString(commitId)).getTree());
      tw.setRecursive(true);
      Map<String, String> result = new TreeMap<>();
      while (tw.next()) {
        FileMode mode = tw.getFileMode(0);
        byte[] bytes = repo.open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes();
        result.put(tw.getPathString(), mode + " " + new String(bytes, StandardCharsets.UTF_8));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tree id of a directory in a commit, or null. */
  String treeId(String commitId, String path) {
    try (Repository repo = GitFixtures.open(gitDir);
        RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commitId));
      try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
        return tw == null ? null : tw.getObjectId(0).name();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
