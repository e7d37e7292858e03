package io.jporch.git.internal;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A revision open for change. {@link #updateResources} writes one commit into the clone's object
 * store without moving any ref; only {@code closePackageRevisionDraft} pushes. Port of {@code
 * pkg/externalrepo/git/draft.go}.
 */
public final class GitPackageRevisionDraft implements PackageRevisionDraft {
  private final GitRepository repo;
  private final PackageRevisionKey key;
  private final String baseRef;
  private final ObjectId baseId;
  private final ReentrantLock lock = new ReentrantLock();
  private Lifecycle lifecycle;
  private ObjectId commitId;
  private ObjectId packageTree;
  private List<Task> tasks;

  /**
   * @param baseRef the ref the draft was opened from ({@code drafts/} or {@code proposed/}), null
   *     for a new revision
   * @param baseId the value of {@code baseRef} when opened
   * @param commitId the commit to build on (branch head for a new revision, null if the repository
   *     is empty)
   * @param packageTree the package tree in that commit, null for a new revision
   */
  GitPackageRevisionDraft(
      GitRepository repo,
      PackageRevisionKey key,
      Lifecycle lifecycle,
      String baseRef,
      ObjectId baseId,
      ObjectId commitId,
      ObjectId packageTree,
      List<Task> tasks) {
    this.repo = repo;
    this.key = key;
    this.lifecycle = lifecycle;
    this.baseRef = baseRef;
    this.baseId = baseId;
    this.commitId = commitId;
    this.packageTree = packageTree;
    this.tasks = List.copyOf(tasks);
  }

  @Override
  public PackageRevisionKey key() {
    return key;
  }

  @Override
  public Lifecycle lifecycle() {
    lock.lock();
    try {
      return lifecycle;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void updateLifecycle(Lifecycle value) {
    Objects.requireNonNull(value, "lifecycle");
    lock.lock();
    try {
      lifecycle = value;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map<String, String> resources() {
    ObjectId tree = state().packageTree();
    return tree == null ? Map.of() : repo.reader().files(tree);
  }

  @Override
  public void updateResources(RequestContext ctx, Map<String, String> resources, Task task) {
    repo.commitResources(ctx, this, resources, task);
  }

  GitRepository repository() {
    return repo;
  }

  String baseRef() {
    return baseRef;
  }

  ObjectId baseId() {
    return baseId;
  }

  /** The current commit, package tree and tasks, read together. */
  State state() {
    lock.lock();
    try {
      return new State(commitId, packageTree, tasks);
    } finally {
      lock.unlock();
    }
  }

  /** Records a new commit written by {@code updateResources}. */
  void advance(ObjectId commit, ObjectId tree, Task task) {
    lock.lock();
    try {
      commitId = commit;
      packageTree = tree;
      if (CommitMessages.isFirstTask(task)) {
        tasks = List.of(task);
      }
    } finally {
      lock.unlock();
    }
  }

  /** A consistent view of the draft's content. */
  record State(ObjectId commitId, ObjectId packageTree, List<Task> tasks) {}
}
