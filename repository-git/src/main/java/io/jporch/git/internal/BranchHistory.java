package io.jporch.git.internal;

import io.jporch.core.api.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What placeholder revisions need from the history of the registered branch, computed in one walk
 * per branch head.
 *
 * @param published per full path, author of the newest commit annotated with that package
 * @param tasks per full path, the task history for the placeholder workspace (the branch name)
 * @param highestRevisions per full path, the highest revision number any commit of the branch was
 *     annotated with: approval commits stay in the branch's history after their tag is deleted
 */
public record BranchHistory(
    Map<String, Author> published,
    Map<String, List<Task>> tasks,
    Map<String, Integer> highestRevisions) {
  /** Author time and email of a commit. */
  public record Author(Instant time, String email) {}
}
