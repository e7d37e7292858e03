package io.jporch.git.internal;

import io.jporch.core.repository.PackageRevisionKey;
import java.util.List;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Porch's ref naming (storage reference §2.2). Local names are the refs in the cache clone: {@code
 * refs/remotes/origin/<branch>} for branches and {@code refs/tags/<tag>} for tags. Port of {@code
 * pkg/externalrepo/git/ref.go}.
 */
public final class RefNames {
  public static final String ORIGIN = "origin";
  public static final String LOCAL_BRANCH_PREFIX = "refs/remotes/origin/";
  public static final String REMOTE_BRANCH_PREFIX = "refs/heads/";
  public static final String TAG_PREFIX = "refs/tags/";
  public static final String DRAFTS = "drafts/";
  public static final String PROPOSED = "proposed/";
  public static final String DELETION_PROPOSED = "deletionProposed/";

  /** The fetch refspecs of the {@code origin} remote. */
  public static final List<RefSpec> FETCH_SPECS =
      List.of(
          new RefSpec("+" + REMOTE_BRANCH_PREFIX + "*:" + LOCAL_BRANCH_PREFIX + "*"),
          new RefSpec("+" + TAG_PREFIX + "*:" + TAG_PREFIX + "*"));

  /** What a local ref is to Porch. */
  public enum Kind {
    REGISTERED_BRANCH,
    DRAFT,
    PROPOSED,
    DELETION_PROPOSED,
    TAG,
    OTHER_BRANCH,
    OTHER
  }

  private RefNames() {}

  /** Local ref of a branch, e.g. {@code refs/remotes/origin/main}. */
  public static String localBranch(String branch) {
    return LOCAL_BRANCH_PREFIX + branch;
  }

  /** Local (and remote) ref of a tag. */
  public static String localTag(String tag) {
    return TAG_PREFIX + tag;
  }

  /** {@code drafts/<full path>/<ws>}. */
  public static String draftBranch(PackageRevisionKey key) {
    return DRAFTS + key.packageKey().fullPath() + "/" + key.workspace();
  }

  /** {@code proposed/<full path>/<ws>}. */
  public static String proposedBranch(PackageRevisionKey key) {
    return PROPOSED + key.packageKey().fullPath() + "/" + key.workspace();
  }

  /** {@code deletionProposed/<full path>/v<N>}, or {@code .../<ws>} when the revision is ≤ 0. */
  public static String deletionProposedBranch(PackageRevisionKey key) {
    return DELETION_PROPOSED + key.packageKey().fullPath() + "/" + revisionSuffix(key);
  }

  /** {@code <full path>/v<N>}, or {@code <full path>/<ws>} when the revision is ≤ 0. */
  public static String tag(PackageRevisionKey key) {
    return key.packageKey().fullPath() + "/" + revisionSuffix(key);
  }

  private static String revisionSuffix(PackageRevisionKey key) {
    return key.revision() > 0 ? "v" + key.revision() : key.workspace();
  }

  /** Classifies a local ref relative to the registered branch. */
  public static Kind kind(String localRef, String registeredBranch) {
    if (localRef.startsWith(TAG_PREFIX)) {
      return Kind.TAG;
    }
    if (!localRef.startsWith(LOCAL_BRANCH_PREFIX)) {
      return Kind.OTHER;
    }
    String branch = localRef.substring(LOCAL_BRANCH_PREFIX.length());
    if (branch.equals(registeredBranch)) {
      return Kind.REGISTERED_BRANCH;
    }
    if (branch.startsWith(DRAFTS)) {
      return Kind.DRAFT;
    }
    if (branch.startsWith(PROPOSED)) {
      return Kind.PROPOSED;
    }
    if (branch.startsWith(DELETION_PROPOSED)) {
      return Kind.DELETION_PROPOSED;
    }
    return Kind.OTHER_BRANCH;
  }

  /**
   * The remote name of a local ref ({@code refs/remotes/origin/x} → {@code refs/heads/x}, tags
   * unchanged).
   */
  public static String toRemote(String localRef) {
    if (localRef.startsWith(LOCAL_BRANCH_PREFIX)) {
      return REMOTE_BRANCH_PREFIX + localRef.substring(LOCAL_BRANCH_PREFIX.length());
    }
    if (localRef.startsWith(TAG_PREFIX)) {
      return localRef;
    }
    throw new IllegalArgumentException("cannot translate reference " + localRef);
  }

  /** The short remote name used in self locks: branch name or tag name. */
  public static String shortName(String localRef) {
    if (localRef.startsWith(LOCAL_BRANCH_PREFIX)) {
      return localRef.substring(LOCAL_BRANCH_PREFIX.length());
    }
    if (localRef.startsWith(TAG_PREFIX)) {
      return localRef.substring(TAG_PREFIX.length());
    }
    return localRef;
  }

  /** Porch's {@code Revision2Int}: optional leading {@code v}, then an integer; else -1. */
  public static int parseRevision(String text) {
    String digits = text.startsWith("v") ? text.substring(1) : text;
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Porch's {@code packageInDirectory}: true if {@code path} is {@code dir} or below it. */
  public static boolean inDirectory(String path, String dir) {
    if (dir.isEmpty()) {
      return true;
    }
    return path.startsWith(dir)
        && (path.length() == dir.length() || path.charAt(dir.length()) == '/');
  }

  /** The package path relative to the repository directory ({@code dir} prefix removed). */
  public static String relativePath(String fullPath, String dir) {
    String rest = fullPath.startsWith(dir) ? fullPath.substring(dir.length()) : fullPath;
    return io.jporch.core.util.Names.trimSlashes(rest);
  }
}
