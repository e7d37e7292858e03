package io.jporch.git.internal;

import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageRevisionKey;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Approval (storage reference §2.9), planned on the freshly fetched branch head {@code H}: a commit
 * with parents {@code [H, draft commit]} whose tree is {@code H}'s with the package directory
 * replaced by the draft's, pushed to the branch (expecting {@code H}), as tag {@code <fp>/v<N>}
 * (which must not exist) and with the draft's {@code drafts/}/{@code proposed/} branch deleted
 * (expecting the value it was opened at). Port of {@code commitPackageToMainInRepo}.
 */
final class ApprovalPlan implements PushPlan {
  private final GitRepository repo;
  private final SharedClone clone;
  private final RequestContext ctx;
  private final GitPackageRevisionDraft draft;
  private final GitPackageRevisionDraft.State state;
  private final PackageRevisionKey published;
  private final String tagRef;
  private final ResourceRef resource;
  private ObjectId approvalCommit;

  ApprovalPlan(
      GitRepository repo,
      SharedClone clone,
      RequestContext ctx,
      GitPackageRevisionDraft draft,
      GitPackageRevisionDraft.State state,
      int version) {
    this.repo = repo;
    this.clone = clone;
    this.ctx = ctx;
    this.draft = draft;
    this.state = state;
    this.published = draft.key().withRevision(version);
    this.tagRef = RefNames.localTag(RefNames.tag(published));
    this.resource = ResourceRef.packageRevision(draft.key().objectName());
  }

  String tagRef() {
    return tagRef;
  }

  ObjectId approvalCommit() {
    return approvalCommit;
  }

  @Override
  public boolean rebuildable() {
    return true;
  }

  @Override
  public List<RefChange> plan(RefSnapshot refs) throws IOException {
    String fullPath = published.packageKey().fullPath();
    ObjectId head = refs.get(repo.branchRef());
    if (head == null) {
      throw new NotFoundException(
          resource,
          "cannot approve "
              + draft.key().objectName()
              + ": branch \""
              + repo.settings().branch()
              + "\" doesn't exist in "
              + clone.url());
    }
    if (refs.get(tagRef) != null) {
      throw new ConflictException(
          resource,
          "revision "
              + published.revision()
              + " of package "
              + fullPath
              + " already exists (tag "
              + RefNames.shortName(tagRef)
              + ")");
    }
    String base = deletableBase();
    if (base != null && !draft.baseId().equals(refs.get(base))) {
      throw new ConflictException(
          resource,
          "package revision "
              + draft.key().objectName()
              + " was changed or removed concurrently ("
              + RefNames.shortName(base)
              + ")");
    }
    approvalCommit = writeCommit(head, fullPath);
    List<RefChange> changes = new ArrayList<>(3);
    changes.add(RefChange.set(repo.branchRef(), approvalCommit, head));
    changes.add(RefChange.create(tagRef, approvalCommit));
    if (base != null) {
      changes.add(RefChange.delete(base, draft.baseId()));
    }
    return changes;
  }

  /** The draft's own drafts/ or proposed/ branch, which approval deletes; null if none. */
  private String deletableBase() {
    String base = draft.baseRef();
    if (base == null) {
      return null;
    }
    boolean own =
        base.equals(RefNames.localBranch(RefNames.draftBranch(draft.key())))
            || base.equals(RefNames.localBranch(RefNames.proposedBranch(draft.key())));
    return own ? base : null;
  }

  private ObjectId writeCommit(ObjectId head, String fullPath) throws IOException {
    GitAnnotation annotation =
        new GitAnnotation(
            fullPath, published.workspace(), Integer.toString(published.revision()), null);
    String message = CommitMessages.approval(fullPath, published.revision(), annotation);
    try (ObjectInserter inserter = clone.db().newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit headCommit = walk.parseCommit(head);
      ObjectId root =
          Trees.replace(reader, inserter, headCommit.getTree(), fullPath, state.packageTree());
      Instant now = Instant.now();
      ObjectId commit =
          Commits.write(
              inserter,
              root,
              List.of(head, state.commitId()),
              Identities.author(repo.settings(), ctx, now),
              Identities.porch(now),
              message);
      inserter.flush();
      return commit;
    }
  }
}
