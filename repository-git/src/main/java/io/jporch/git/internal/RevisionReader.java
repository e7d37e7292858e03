package io.jporch.git.internal;

import io.jporch.core.api.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Reads packages, task histories and Kptfiles from the clone's object store (no lock needed:
 * objects are immutable), memoised in the clone's {@link RevisionCache}. Port of {@code
 * findPackage}, {@code loadTasks}, {@code findLatestPackageCommit} and {@code getResources} in
 * {@code pkg/externalrepo/git/git.go}.
 */
final class RevisionReader {
  private final SharedClone clone;

  RevisionReader(SharedClone clone) {
    this.clone = clone;
  }

  /** The package at {@code fullPath} in commit (or tag) {@code id}, if it has a Kptfile there. */
  Optional<PackageCommit> packageAt(ObjectId id, String fullPath) {
    return clone
        .cache()
        .packages
        .computeIfAbsent(
            new RevisionCache.CommitPathKey(id, fullPath),
            k -> io(() -> readPackage(id, fullPath)));
  }

  private Optional<PackageCommit> readPackage(ObjectId id, String fullPath) throws IOException {
    try (ObjectReader reader = clone.db().newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit commit = walk.parseCommit(id);
      ObjectId tree = Trees.packageTree(reader, commit.getTree(), fullPath);
      if (tree == null) {
        return Optional.empty();
      }
      PersonIdent author = commit.getAuthorIdent();
      return Optional.of(
          new PackageCommit(
              commit.copy(),
              tree.copy(),
              commit.getCommitterIdent().getWhenAsInstant(),
              author.getWhenAsInstant(),
              author.getEmailAddress(),
              GitAnnotation.parse(commit.getFullMessage())));
    }
  }

  /** Full paths and trees of the packages at or below {@code directory} in commit {@code id}. */
  List<PackageDiscovery.Found> discover(ObjectId id, String directory) {
    return clone
        .cache()
        .discoveries
        .computeIfAbsent(
            new RevisionCache.DiscoveryKey(id, directory),
            k ->
                io(
                    () -> {
                      try (ObjectReader reader = clone.db().newObjectReader();
                          RevWalk walk = new RevWalk(reader)) {
                        RevCommit commit = walk.parseCommit(id);
                        return List.copyOf(
                            PackageDiscovery.discover(reader, commit.getTree(), directory));
                      }
                    }));
  }

  /**
   * Porch's task history: walking from {@code start} newest first, the last creating task ({@code
   * init}, {@code clone}, {@code edit}, {@code upgrade}) annotated for the package and workspace,
   * stopping at {@code init} or {@code clone}. Empty or one element.
   */
  List<Task> tasks(ObjectId start, String fullPath, String workspace) {
    return clone
        .cache()
        .tasks
        .computeIfAbsent(
            new RevisionCache.TaskKey(start, fullPath, workspace),
            k -> io(() -> walkTasks(start, fullPath, workspace)));
  }

  private List<Task> walkTasks(ObjectId start, String fullPath, String workspace)
      throws IOException {
    Task found = null;
    try (RevWalk walk = new RevWalk(clone.db())) {
      walk.sort(RevSort.COMMIT_TIME_DESC);
      walk.markStart(walk.parseCommit(start));
      for (RevCommit commit : walk) {
        for (GitAnnotation a : GitAnnotation.parse(commit.getFullMessage())) {
          if (!matches(a, fullPath, workspace)) {
            continue;
          }
          if (CommitMessages.isFirstTask(a.task())) {
            found = a.task();
          }
          if (CommitMessages.isOriginTask(a.task())) {
            return List.of(found);
          }
        }
      }
    }
    return found == null ? List.of() : List.of(found);
  }

  private static boolean matches(GitAnnotation a, String fullPath, String workspace) {
    return a.packagePath().equals(fullPath)
        && (a.workspace().equals(workspace)
            || (a.workspace().isEmpty() && a.revision().equals(workspace)));
  }

  /** Publish data and task histories of every package on the branch, in one history walk. */
  BranchHistory branchHistory(ObjectId head, String branch) {
    return clone
        .cache()
        .branches
        .computeIfAbsent(
            new RevisionCache.BranchKey(head, branch), k -> io(() -> walkBranch(head, branch)));
  }

  private BranchHistory walkBranch(ObjectId head, String branch) throws IOException {
    Map<String, BranchHistory.Author> published = new HashMap<>();
    Map<String, Task> found = new HashMap<>();
    Map<String, Integer> highest = new HashMap<>();
    Set<String> done = new HashSet<>();
    try (RevWalk walk = new RevWalk(clone.db())) {
      walk.sort(RevSort.COMMIT_TIME_DESC);
      walk.markStart(walk.parseCommit(head));
      for (RevCommit commit : walk) {
        for (GitAnnotation a : GitAnnotation.parse(commit.getFullMessage())) {
          String path = a.packagePath();
          int revision = RefNames.parseRevision(a.revision());
          if (revision > 0) {
            highest.merge(path, revision, Math::max);
          }
          if (!published.containsKey(path)) {
            PersonIdent author = commit.getAuthorIdent();
            published.put(
                path,
                new BranchHistory.Author(author.getWhenAsInstant(), author.getEmailAddress()));
          }
          if (done.contains(path) || !matches(a, path, branch)) {
            continue;
          }
          if (CommitMessages.isFirstTask(a.task())) {
            found.put(path, a.task());
          }
          if (CommitMessages.isOriginTask(a.task())) {
            done.add(path);
          }
        }
      }
    }
    Map<String, List<Task>> tasks = new HashMap<>();
    found.forEach((path, task) -> tasks.put(path, List.of(task)));
    return new BranchHistory(Map.copyOf(published), Map.copyOf(tasks), Map.copyOf(highest));
  }

  /** The parsed root Kptfile of a package tree ({@link KptfileInfo#EMPTY} if unreadable). */
  KptfileInfo kptfile(ObjectId packageTree) {
    return clone
        .cache()
        .kptfiles
        .computeIfAbsent(packageTree, k -> io(() -> readKptfile(packageTree)));
  }

  private KptfileInfo readKptfile(ObjectId packageTree) throws IOException {
    try (ObjectReader reader = clone.db().newObjectReader()) {
      TreeEntry entry = Trees.find(Trees.entries(reader, packageTree), "Kptfile");
      if (entry == null || !entry.isFile()) {
        return KptfileInfo.EMPTY;
      }
      byte[] bytes = reader.open(entry.id(), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
      return KptfileInfo.parse(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /** Every file of a package tree (path relative to the package root → UTF-8 content). */
  Map<String, String> files(ObjectId packageTree) {
    return io(
        () -> {
          try (ObjectReader reader = clone.db().newObjectReader()) {
            return Trees.readFiles(reader, packageTree);
          }
        });
  }

  /** I/O that must not fail on a healthy clone; failures become InternalErrorException. */
  @FunctionalInterface
  interface IoSupplier<T> {
    T get() throws IOException;
  }

  static <T> T io(IoSupplier<T> supplier) {
    try {
      return supplier.get();
    } catch (IOException e) {
      throw GitErrors.map(null, "cannot read the Git clone", e);
    }
  }
}
