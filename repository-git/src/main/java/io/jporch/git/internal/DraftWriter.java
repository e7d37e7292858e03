package io.jporch.git.internal;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Writes draft content and closes drafts (storage reference §2.7–2.9): a draft or proposal is one
 * branch push, an approval a two-parent commit on the registered branch plus a tag. Port of {@code
 * UpdateDraftResources} and {@code ClosePackageRevisionDraft} in {@code git.go}.
 */
final class DraftWriter {
  static final String KPTFILE = "Kptfile";

  private final GitRepository repo;
  private final SharedClone clone;
  private final PushExecutor pushes;

  DraftWriter(GitRepository repo, SharedClone clone, PushExecutor pushes) {
    this.repo = repo;
    this.clone = clone;
    this.pushes = pushes;
  }

  /** One commit on top of the draft's commit with the package directory replaced; no ref moves. */
  void commitResources(
      RequestContext ctx, GitPackageRevisionDraft draft, Map<String, String> resources, Task task) {
    PackageRevisionKey key = draft.key();
    ResourceRef ref = ResourceRef.packageRevisionResources(key.objectName());
    if (resources == null || !resources.containsKey(KPTFILE)) {
      throw new BadRequestException(ref, "package must contain Kptfile at root");
    }
    String fullPath = key.packageKey().fullPath();
    GitAnnotation annotation =
        new GitAnnotation(fullPath, key.workspace(), Integer.toString(key.revision()), task);
    String message = CommitMessages.updateResources(task, annotation);
    clone.locked(
        ctx,
        "update resources of " + key.objectName(),
        () -> {
          GitPackageRevisionDraft.State state = draft.state();
          try (ObjectInserter inserter = clone.db().newObjectInserter();
              ObjectReader reader = inserter.newReader();
              RevWalk walk = new RevWalk(reader)) {
            ObjectId packageTree = Trees.writePackage(inserter, resources);
            ObjectId parent = state.commitId();
            ObjectId parentTree = parent == null ? null : walk.parseCommit(parent).getTree();
            ObjectId root = Trees.replace(reader, inserter, parentTree, fullPath, packageTree);
            Instant now = Instant.now();
            ObjectId commit =
                Commits.write(
                    inserter,
                    root,
                    parent == null ? List.of() : List.of(parent),
                    Identities.author(repo.settings(), ctx, now),
                    Identities.porch(now),
                    message);
            inserter.flush();
            draft.advance(commit, packageTree, task);
            return commit;
          }
        });
  }

  /** Pushes the draft according to its lifecycle; {@code version} is used when publishing. */
  PackageRevision close(RequestContext ctx, GitPackageRevisionDraft draft, int version) {
    Lifecycle lifecycle = draft.lifecycle();
    return switch (lifecycle) {
      case DRAFT -> pushBranch(ctx, draft, RefNames.draftBranch(draft.key()));
      case PROPOSED -> pushBranch(ctx, draft, RefNames.proposedBranch(draft.key()));
      case PUBLISHED, DELETION_PROPOSED -> approve(ctx, draft, version);
    };
  }

  private PackageRevision pushBranch(
      RequestContext ctx, GitPackageRevisionDraft draft, String branch) {
    ResourceRef ref = ResourceRef.packageRevision(draft.key().objectName());
    GitPackageRevisionDraft.State state = requireContent(draft, ref);
    String target = RefNames.localBranch(branch);
    List<RefChange> changes = new ArrayList<>(2);
    ObjectId expected = target.equals(draft.baseRef()) ? draft.baseId() : ObjectId.zeroId();
    changes.add(RefChange.set(target, state.commitId(), expected));
    if (draft.baseRef() != null && !draft.baseRef().equals(target)) {
      changes.add(RefChange.delete(draft.baseRef(), draft.baseId()));
    }
    pushes.execute(
        ctx,
        ref,
        "close " + draft.key().objectName() + " as " + draft.lifecycle(),
        refs -> List.copyOf(changes));
    return repo.loader()
        .draft(target, state.commitId())
        .orElseThrow(() -> new InternalErrorException(ref, "pushed draft has no package"));
  }

  private static GitPackageRevisionDraft.State requireContent(
      GitPackageRevisionDraft draft, ResourceRef ref) {
    GitPackageRevisionDraft.State state = draft.state();
    if (state.commitId() == null || state.packageTree() == null) {
      throw new BadRequestException(
          ref,
          "package revision "
              + draft.key().objectName()
              + " has no content: update its resources before closing it");
    }
    return state;
  }

  private PackageRevision approve(RequestContext ctx, GitPackageRevisionDraft draft, int version) {
    ResourceRef ref = ResourceRef.packageRevision(draft.key().objectName());
    if (version <= 0) {
      throw new BadRequestException(
          ref, "Version cannot be empty for the next package revision (got " + version + ")");
    }
    GitPackageRevisionDraft.State state = requireContent(draft, ref);
    ApprovalPlan plan = new ApprovalPlan(repo, clone, ctx, draft, state, version);
    pushes.execute(
        ctx, ref, "approve " + draft.key().packageKey().fullPath() + " revision " + version, plan);
    return repo.loader()
        .tag(plan.tagRef(), plan.approvalCommit())
        .orElseThrow(() -> new InternalErrorException(ref, "approved revision has no package"));
  }
}
