package io.jporch.git.internal;

import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A package as it exists in one commit: the facts a revision needs that never change for that
 * commit.
 *
 * @param commitId the commit (tags peeled)
 * @param packageTree tree of the package directory
 * @param commitTime committer time
 * @param authorTime author time (Porch's publishedAt for tags, drafts and proposals)
 * @param authorEmail author email (Porch's publishedBy)
 * @param annotations the {@code kpt:} annotations of the commit message
 */
public record PackageCommit(
    ObjectId commitId,
    ObjectId packageTree,
    Instant commitTime,
    Instant authorTime,
    String authorEmail,
    List<GitAnnotation> annotations) {

  /**
   * Porch's {@code getPkgWorkspace} for a tagged commit: the workspace of the first annotation
   * about {@code fullPath} that names one, else empty.
   */
  public String annotatedWorkspace(String fullPath) {
    for (GitAnnotation a : annotations) {
      if (a.packagePath().equals(fullPath) && !a.workspace().isEmpty()) {
        return a.workspace();
      }
    }
    return "";
  }
}
