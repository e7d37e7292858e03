package io.jporch.git.internal;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.ForbiddenException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.Repository;
import io.jporch.core.repository.RepositoryKey;
import io.jporch.core.util.Names;
import io.jporch.git.GitOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A registered Git repository: lists revisions from the refs of its (shared) cache clone and writes
 * drafts, proposals, approvals and deletions as atomic pushes. Port of {@code gitRepository} in
 * {@code pkg/externalrepo/git/git.go}.
 */
public final class GitRepository implements Repository {
  private final RepositorySettings settings;
  private final SharedClone clone;
  private final ClonePool pool;
  private final RevisionReader reader;
  private final RevisionLoader loader;
  private final DraftWriter writer;
  private final RevisionMutations mutations;
  private final RemoteAuth auth;
  private final AtomicBoolean closed = new AtomicBoolean();

  GitRepository(
      RepositorySettings settings,
      SharedClone clone,
      ClonePool pool,
      GitOptions options,
      RemoteAuth auth) {
    this.settings = settings;
    this.auth = auth;
    this.clone = clone;
    this.pool = pool;
    this.reader = new RevisionReader(clone);
    this.loader = new RevisionLoader(this, reader);
    PushExecutor pushes = new PushExecutor(clone, options, auth);
    this.writer = new DraftWriter(this, clone, pushes);
    this.mutations = new RevisionMutations(this, clone, pushes);
  }

  @Override
  public RepositoryKey key() {
    return settings.key();
  }

  /** The repository's settings. */
  public RepositorySettings settings() {
    return settings;
  }

  /** The cache clone this repository uses (shared with other repositories on the same URL). */
  public SharedClone sharedClone() {
    return clone;
  }

  /** The credentials this repository uses for its remote. */
  RemoteAuth auth() {
    return auth;
  }

  RevisionReader reader() {
    return reader;
  }

  RevisionLoader loader() {
    return loader;
  }

  String branchRef() {
    return RefNames.localBranch(settings.branch());
  }

  @Override
  public List<PackageRevision> listPackageRevisions(
      RequestContext ctx, PackageRevisionFilter filter) {
    PackageRevisionFilter f = filter == null ? PackageRevisionFilter.ALL : filter;
    List<PackageRevision> result = new ArrayList<>();
    for (GitPackageRevision revision : loader.all(fetch(ctx))) {
      if (f.matchesKey(revision.key()) && f.matches(revision)) {
        result.add(revision);
      }
    }
    return result;
  }

  @Override
  public PackageRevisionDraft createPackageRevisionDraft(
      RequestContext ctx, PackageRevisionKey key) {
    Objects.requireNonNull(key, "key");
    String path = Names.trimSlashes(key.packageKey().path());
    List<String> problems =
        Names.validatePackageRevisionParts(settings.key().name(), path, key.workspace());
    if (!problems.isEmpty()) {
      throw new BadRequestException(
          ResourceRef.packageRevision(key.objectName()),
          "failed to create packagerevision: " + String.join(", ", problems));
    }
    PackageRevisionKey draftKey =
        new PackageRevisionKey(new PackageKey(settings.key(), path), 0, key.workspace());
    ObjectId head = clone.refs().get(branchRef());
    return new GitPackageRevisionDraft(
        this, draftKey, Lifecycle.DRAFT, null, null, head, null, List.of());
  }

  @Override
  public PackageRevisionDraft openPackageRevisionDraft(
      RequestContext ctx, PackageRevision revision) {
    GitPackageRevision own = resolve(revision);
    ResourceRef ref = ResourceRef.packageRevision(own.key().objectName());
    RefNames.Kind kind = RefNames.kind(own.localRef(), settings.branch());
    if (kind != RefNames.Kind.DRAFT && kind != RefNames.Kind.PROPOSED) {
      throw new ForbiddenException(
          ref,
          "cannot update package revision "
              + own.key().objectName()
              + ": it is "
              + own.lifecycle()
              + "; only Draft and Proposed revisions can be changed");
    }
    ObjectId current = clone.refs().get(own.localRef());
    String fullPath = own.key().packageKey().fullPath();
    PackageCommit commit =
        current == null ? null : reader.packageAt(current, fullPath).orElse(null);
    if (commit == null) {
      throw new NotFoundException(
          ref, "cannot find draft package branch " + RefNames.shortName(own.localRef()));
    }
    PackageRevisionKey key = own.key().withRevision(0);
    Lifecycle lifecycle = kind == RefNames.Kind.DRAFT ? Lifecycle.DRAFT : Lifecycle.PROPOSED;
    return new GitPackageRevisionDraft(
        this,
        key,
        lifecycle,
        own.localRef(),
        current,
        current,
        commit.packageTree(),
        reader.tasks(current, fullPath, key.workspace()));
  }

  @Override
  public PackageRevision closePackageRevisionDraft(
      RequestContext ctx, PackageRevisionDraft draft, int version) {
    if (!(draft instanceof GitPackageRevisionDraft own) || own.repository() != this) {
      throw new BadRequestException(
          null,
          "draft " + (draft == null ? null : draft.key()) + " was not opened by this repository");
    }
    return writer.close(ctx, own, version);
  }

  @Override
  public PackageRevision updateLifecycle(
      RequestContext ctx, PackageRevision revision, Lifecycle lifecycle) {
    return mutations.updateLifecycle(ctx, resolve(revision), lifecycle);
  }

  @Override
  public void deletePackageRevision(RequestContext ctx, PackageRevision revision) {
    mutations.delete(ctx, resolve(revision));
  }

  @Override
  public String version(RequestContext ctx) {
    RefSnapshot refs = fetch(ctx);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, ObjectId> ref : refs.refs().entrySet()) {
        sha.update(
            (ref.getValue().name() + " " + ref.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public void refresh(RequestContext ctx) {
    fetch(ctx);
  }

  @Override
  public String branchCommitHash(RequestContext ctx) {
    ObjectId head = clone.locked(ctx, "read branch", () -> clone.rereadLocked().get(branchRef()));
    return head == null ? "" : head.name();
  }

  /** From the approval commits of the registered branch, which outlive their deleted tags. */
  @Override
  public int highestRevisionEverPublished(RequestContext ctx, PackageKey pkg) {
    ObjectId head = clone.refs().get(branchRef());
    if (head == null) {
      return 0;
    }
    return reader
        .branchHistory(head, settings.branch())
        .highestRevisions()
        .getOrDefault(pkg.fullPath(), 0);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pool.release(clone, false);
    }
  }

  @Override
  public void closeAndRemoveLocalCopy() {
    if (closed.compareAndSet(false, true)) {
      pool.release(clone, true);
    }
  }

  /** Fetches the remote (with prune) and returns the clone's refs. */
  RefSnapshot fetch(RequestContext ctx) {
    return clone.locked(
        ctx, "fetch " + Urls.redacted(settings.url()), () -> clone.fetchLocked(ctx, auth));
  }

  /** True if a {@code deletionProposed/...} branch exists for the revision. */
  boolean isDeletionProposed(PackageRevisionKey key) {
    return clone.refs().deletionProposed().contains(RefNames.deletionProposedBranch(key));
  }

  /** Task history of a revision (placeholders from the one-walk branch history). */
  List<Task> tasksOf(GitPackageRevision revision) {
    String fullPath = revision.key().packageKey().fullPath();
    if (RefNames.kind(revision.localRef(), settings.branch()) == RefNames.Kind.REGISTERED_BRANCH) {
      return reader
          .branchHistory(revision.commitId(), settings.branch())
          .tasks()
          .getOrDefault(fullPath, List.of());
    }
    return reader.tasks(revision.commitId(), fullPath, revision.key().workspace());
  }

  /** publishedAt/publishedBy of a revision, or null when unknown. */
  BranchHistory.Author publishedBy(GitPackageRevision revision) {
    if (RefNames.kind(revision.localRef(), settings.branch()) == RefNames.Kind.REGISTERED_BRANCH) {
      return reader
          .branchHistory(revision.commitId(), settings.branch())
          .published()
          .get(revision.key().packageKey().fullPath());
    }
    PackageCommit commit = revision.packageCommit();
    return new BranchHistory.Author(commit.authorTime(), commit.authorEmail());
  }

  /** Writes one commit for {@code draft} holding exactly {@code resources} as the package. */
  void commitResources(
      RequestContext ctx, GitPackageRevisionDraft draft, Map<String, String> resources, Task task) {
    writer.commitResources(ctx, draft, resources, task);
  }

  /**
   * This repository's view of {@code revision}: the object itself if read here, else the revision
   * with the same key found at the ref its lifecycle implies.
   */
  GitPackageRevision resolve(PackageRevision revision) {
    Objects.requireNonNull(revision, "revision");
    if (revision instanceof GitPackageRevision own && own.repository() == this) {
      return own;
    }
    PackageRevisionKey foreign = revision.key();
    PackageRevisionKey key =
        new PackageRevisionKey(
            new PackageKey(settings.key(), foreign.packageKey().path()),
            foreign.revision(),
            foreign.workspace());
    String ref = referenceName(key, revision.lifecycle());
    ObjectId id = ref == null ? null : clone.refs().get(ref);
    if (id != null) {
      for (GitPackageRevision candidate : loader.load(ref, id)) {
        if (candidate.key().packageKey().path().equals(key.packageKey().path())) {
          return candidate;
        }
      }
    }
    throw new NotFoundException(
        ResourceRef.packageRevision(key.objectName()),
        "package revision " + key.objectName() + " not found in repository " + key().name());
  }

  /** Porch's {@code getReferenceName}: the local ref a revision lives at. */
  private String referenceName(PackageRevisionKey key, Lifecycle lifecycle) {
    if (key.revision() > 0) {
      return RefNames.localTag(RefNames.tag(key));
    }
    if (lifecycle == Lifecycle.DRAFT) {
      return RefNames.localBranch(RefNames.draftBranch(key));
    }
    if (lifecycle == Lifecycle.PROPOSED) {
      return RefNames.localBranch(RefNames.proposedBranch(key));
    }
    if (key.revision() == PackageRevisionKey.PLACEHOLDER_REVISION) {
      return branchRef();
    }
    return null;
  }

  @Override
  public String toString() {
    return "GitRepository[" + settings.key() + " " + Urls.redacted(settings.url()) + "]";
  }
}
