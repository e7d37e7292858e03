package io.jporch.git.internal;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.ForbiddenException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageRevision;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Lifecycle changes of published revisions and deletions (storage reference §2.8). Port of {@code
 * UpdateLifecycle}, {@code DeletePackageRevision} and {@code createPackageDeleteCommitInRepo} in
 * {@code git.go}; every ref change carries its expected old value.
 */
final class RevisionMutations {
  private final GitRepository repo;
  private final SharedClone clone;
  private final PushExecutor pushes;

  RevisionMutations(GitRepository repo, SharedClone clone, PushExecutor pushes) {
    this.repo = repo;
    this.clone = clone;
    this.pushes = pushes;
  }

  /** Published ↔ DeletionProposed, as a {@code deletionProposed/...} branch. */
  PackageRevision updateLifecycle(
      RequestContext ctx, GitPackageRevision revision, Lifecycle target) {
    Objects.requireNonNull(target, "lifecycle");
    ResourceRef ref = ResourceRef.packageRevision(revision.key().objectName());
    if (!revision.lifecycle().isPublished()) {
      throw new ForbiddenException(ref, "cannot update lifecycle for draft package revision");
    }
    if (!target.isPublished()) {
      throw new BadRequestException(ref, "invalid new lifecycle value: \"" + target + "\"");
    }
    String marker = RefNames.localBranch(RefNames.deletionProposedBranch(revision.key()));
    pushes.execute(
        ctx,
        ref,
        "set lifecycle of " + revision.key().objectName() + " to " + target,
        refs -> {
          ObjectId existing = refs.get(marker);
          if (target == Lifecycle.DELETION_PROPOSED) {
            return existing != null
                ? List.of()
                : List.of(RefChange.create(marker, revision.commitId()));
          }
          return existing == null ? List.of() : List.of(RefChange.delete(marker, existing));
        });
    return revision;
  }

  /** Deletes the ref (or, for a placeholder, the package directory) of the revision. */
  void delete(RequestContext ctx, GitPackageRevision revision) {
    ResourceRef ref = ResourceRef.packageRevision(revision.key().objectName());
    String localRef = revision.localRef();
    String description = "delete " + revision.key().objectName();
    switch (RefNames.kind(localRef, repo.settings().branch())) {
      case TAG -> {
        String expected = RefNames.localTag(RefNames.tag(revision.key()));
        if (!localRef.equals(expected)) {
          throw new ForbiddenException(
              ref,
              "cannot delete package tagged with a tag that is not specific to the package: "
                  + RefNames.shortName(localRef));
        }
        pushes.execute(ctx, ref, description, refs -> deleteTag(refs, revision, ref));
      }
      case DRAFT, PROPOSED ->
          pushes.execute(
              ctx,
              ref,
              description,
              refs -> List.of(RefChange.delete(localRef, existing(refs, localRef, ref))));
      case REGISTERED_BRANCH ->
          pushes.execute(ctx, ref, description, new PlaceholderDelete(ctx, revision));
      default ->
          throw new BadRequestException(
              ref, "cannot delete package with the ref name " + RefNames.shortName(localRef));
    }
  }

  private static List<RefChange> deleteTag(
      RefSnapshot refs, GitPackageRevision revision, ResourceRef ref) {
    List<RefChange> changes = new ArrayList<>(2);
    changes.add(RefChange.delete(revision.localRef(), existing(refs, revision.localRef(), ref)));
    String marker = RefNames.localBranch(RefNames.deletionProposedBranch(revision.key()));
    ObjectId markerId = refs.get(marker);
    if (markerId != null) {
      changes.add(RefChange.delete(marker, markerId));
    }
    return changes;
  }

  private static ObjectId existing(RefSnapshot refs, String localRef, ResourceRef ref) {
    ObjectId id = refs.get(localRef);
    if (id == null) {
      throw new NotFoundException(
          ref, "package revision ref " + RefNames.shortName(localRef) + " no longer exists");
    }
    return id;
  }

  /** Removes the package directory from the registered branch head (rebuilt on each attempt). */
  private final class PlaceholderDelete implements PushPlan {
    private final RequestContext ctx;
    private final GitPackageRevision revision;

    PlaceholderDelete(RequestContext ctx, GitPackageRevision revision) {
      this.ctx = ctx;
      this.revision = revision;
    }

    @Override
    public boolean rebuildable() {
      return true;
    }

    @Override
    public List<RefChange> plan(RefSnapshot refs) throws IOException {
      List<RefChange> changes = new ArrayList<>(2);
      ObjectId head = refs.get(repo.branchRef());
      if (head != null) {
        ObjectId commit = deleteCommit(head, revision.key().packageKey().fullPath());
        if (commit != null) {
          changes.add(RefChange.set(repo.branchRef(), commit, head));
        }
      }
      String marker = RefNames.localBranch(RefNames.deletionProposedBranch(revision.key()));
      ObjectId markerId = refs.get(marker);
      if (markerId != null) {
        changes.add(RefChange.delete(marker, markerId));
      }
      return changes;
    }

    private ObjectId deleteCommit(ObjectId head, String fullPath) throws IOException {
      try (ObjectInserter inserter = clone.db().newObjectInserter();
          ObjectReader reader = inserter.newReader();
          RevWalk walk = new RevWalk(reader)) {
        RevCommit headCommit = walk.parseCommit(head);
        if (Trees.subtree(reader, headCommit.getTree(), fullPath) == null) {
          return null;
        }
        ObjectId root = Trees.replace(reader, inserter, headCommit.getTree(), fullPath, null);
        Instant now = Instant.now();
        ObjectId commit =
            Commits.write(
                inserter,
                root,
                List.of(head),
                Identities.author(repo.settings(), ctx, now),
                Identities.porch(now),
                CommitMessages.delete(fullPath));
        inserter.flush();
        return commit;
      }
    }
  }
}
