package io.jporch.git.internal;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageMetadata;
import io.jporch.core.api.PackageRevisionSpec;
import io.jporch.core.api.PackageRevisionStatus;
import io.jporch.core.api.PackageRevisionStatus.Locator;
import io.jporch.core.api.Task;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.util.Timestamps;
import io.jporch.core.util.Uids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A package revision read from a ref of the cache clone: a tag (published), a {@code drafts/} or
 * {@code proposed/} branch, or the registered branch (placeholder). Its lifecycle follows the
 * clone's refs, so a DeletionProposed marker pushed later shows at once. Port of {@code
 * pkg/externalrepo/git/package.go}.
 *
 * <p>What it derives from its immutable commit (parsed Kptfile, task history, publisher, UID) is
 * computed once per object and kept: a cached listing renders the same objects again and again, and
 * the clone-wide LRU caches alone thrash once a repository holds more revisions than they do.
 */
public final class GitPackageRevision implements PackageRevision {
  private final GitRepository repo;
  private final PackageRevisionKey key;
  private final String localRef;
  private final PackageCommit commit;
  private final ReentrantLock lock = new ReentrantLock();
  private ObjectMeta metadata;
  // Derived from the commit alone; benign races (every thread computes the same value).
  private volatile KptfileInfo kptfile;
  private volatile List<Task> tasks;
  private volatile Optional<BranchHistory.Author> publisher;
  private volatile String uid;

  GitPackageRevision(
      GitRepository repo, PackageRevisionKey key, String localRef, PackageCommit commit) {
    this.repo = repo;
    this.key = key;
    this.localRef = localRef;
    this.commit = commit;
    this.metadata = ObjectMeta.named(key.repository().namespace(), key.objectName());
  }

  @Override
  public PackageRevisionKey key() {
    return key;
  }

  /** The local ref the revision was read from. */
  public String localRef() {
    return localRef;
  }

  /** The commit the ref points at (tags peeled). */
  public ObjectId commitId() {
    return commit.commitId();
  }

  /** Tree of the package directory in that commit. */
  public ObjectId packageTree() {
    return commit.packageTree();
  }

  /** The repository this revision was read by. */
  GitRepository repository() {
    return repo;
  }

  @Override
  public Lifecycle lifecycle() {
    return switch (RefNames.kind(localRef, repo.settings().branch())) {
      case DRAFT -> Lifecycle.DRAFT;
      case PROPOSED -> Lifecycle.PROPOSED;
      default -> repo.isDeletionProposed(key) ? Lifecycle.DELETION_PROPOSED : Lifecycle.PUBLISHED;
    };
  }

  @Override
  public String resourceVersion() {
    return commit.commitId().name();
  }

  /** Task history (empty or the one task that created the revision). */
  public List<Task> tasks() {
    List<Task> t = tasks;
    if (t == null) {
      t = repo.tasksOf(this);
      tasks = t;
    }
    return t;
  }

  private KptfileInfo kptfile() {
    KptfileInfo k = kptfile;
    if (k == null) {
      k = repo.reader().kptfile(commit.packageTree());
      kptfile = k;
    }
    return k;
  }

  private BranchHistory.Author publisher() {
    Optional<BranchHistory.Author> p = publisher;
    if (p == null) {
      p = Optional.ofNullable(repo.publishedBy(this));
      publisher = p;
    }
    return p.orElse(null);
  }

  private String uid() {
    String u = uid;
    if (u == null) {
      u = Uids.packageRevision(key.repository().namespace(), key.objectName());
      uid = u;
    }
    return u;
  }

  @Override
  public io.jporch.core.api.PackageRevision toApiObject() {
    Lifecycle lifecycle = lifecycle();
    KptfileInfo kptfile = kptfile();
    List<Task> tasks = tasks();
    PackageRevisionSpec spec =
        new PackageRevisionSpec(
            key.packageKey().path(),
            key.repository().name(),
            key.workspace(),
            key.revision(),
            null,
            lifecycle,
            tasks.isEmpty() ? null : tasks,
            kptfile.readinessGates(),
            new PackageMetadata(kptfile.labels(), kptfile.annotations()));
    return io.jporch.core.api.PackageRevision.of(apiMetadata(), spec, status(lifecycle, kptfile));
  }

  private PackageRevisionStatus status(Lifecycle lifecycle, KptfileInfo kptfile) {
    String publishedBy = null;
    String publishedAt = null;
    if (lifecycle.isPublished()) {
      BranchHistory.Author author = publisher();
      if (author != null) {
        publishedBy = author.email();
        publishedAt = Timestamps.format(author.time());
      }
    }
    return new PackageRevisionStatus(
        kptfile.upstreamLock(),
        selfLock(),
        publishedBy,
        publishedAt,
        repo.settings().deployment(),
        kptfile.conditions());
  }

  /** Where this revision lives: origin URL, package path, short ref, commit. */
  public Locator selfLock() {
    return Locator.git(
        repo.settings().url(),
        key.packageKey().path(),
        RefNames.shortName(localRef),
        commit.commitId().name());
  }

  private ObjectMeta apiMetadata() {
    ObjectMeta stored = metadata();
    String created =
        stored.creationTimestamp() != null
            ? stored.creationTimestamp()
            : Timestamps.format(commit.commitTime());
    return new ObjectMeta(
        key.objectName(),
        null,
        key.repository().namespace(),
        uid(),
        commit.commitId().name(),
        stored.generation(),
        created,
        stored.deletionTimestamp(),
        stored.labels(),
        stored.annotations(),
        stored.finalizers(),
        stored.ownerReferences(),
        stored.managedFields());
  }

  /** Author time of the revision's commit (tags, drafts, proposals). */
  Instant authorTime() {
    return commit.authorTime();
  }

  PackageCommit packageCommit() {
    return commit;
  }

  @Override
  public Map<String, String> resources() {
    return repo.reader().files(commit.packageTree());
  }

  @Override
  public ObjectMeta metadata() {
    lock.lock();
    try {
      return metadata;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void setMetadata(RequestContext ctx, ObjectMeta value) {
    Objects.requireNonNull(value, "metadata");
    lock.lock();
    try {
      metadata = value;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return key.objectName() + "@" + RefNames.shortName(localRef) + ":" + resourceVersion();
  }
}
