package io.jporch.git.internal;

import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevisionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns refs into package revisions (storage reference §2.4–2.6). Port of {@code
 * listPackageRevisions}, {@code loadTaggedPackage}, {@code loadDraft} and {@code
 * discoverFinalizedPackages} in {@code pkg/externalrepo/git/git.go}.
 */
final class RevisionLoader {
  private static final Logger log = LoggerFactory.getLogger(RevisionLoader.class);

  private final GitRepository repo;
  private final RevisionReader reader;
  private final String directory;
  private final String branch;

  RevisionLoader(GitRepository repo, RevisionReader reader) {
    this.repo = repo;
    this.reader = reader;
    this.directory = repo.settings().directory();
    this.branch = repo.settings().branch();
  }

  /** Every revision of the snapshot: tagged ones, then placeholders, then drafts and proposals. */
  List<GitPackageRevision> all(RefSnapshot refs) {
    List<GitPackageRevision> tagged = new ArrayList<>();
    List<GitPackageRevision> drafts = new ArrayList<>();
    List<GitPackageRevision> placeholders = List.of();
    for (Map.Entry<String, ObjectId> ref : refs.refs().entrySet()) {
      switch (RefNames.kind(ref.getKey(), branch)) {
        case TAG -> addIfPresent(tagged, tag(ref.getKey(), ref.getValue()));
        case DRAFT, PROPOSED -> addIfPresent(drafts, draft(ref.getKey(), ref.getValue()));
        case REGISTERED_BRANCH -> placeholders = placeholders(ref.getKey(), ref.getValue());
        default -> {}
      }
    }
    List<GitPackageRevision> result =
        new ArrayList<>(tagged.size() + placeholders.size() + drafts.size());
    result.addAll(tagged);
    result.addAll(placeholders);
    result.addAll(drafts);
    return result;
  }

  /** The revisions a single ref yields (several only for the registered branch). */
  List<GitPackageRevision> load(String localRef, ObjectId id) {
    return switch (RefNames.kind(localRef, branch)) {
      case TAG -> tag(localRef, id).map(List::of).orElse(List.of());
      case DRAFT, PROPOSED -> draft(localRef, id).map(List::of).orElse(List.of());
      case REGISTERED_BRANCH -> placeholders(localRef, id);
      default -> List.of();
    };
  }

  private static void addIfPresent(List<GitPackageRevision> out, Optional<GitPackageRevision> r) {
    r.ifPresent(out::add);
  }

  /** A tag {@code <full path>/<revision>}; release tags and tags outside the directory: empty. */
  Optional<GitPackageRevision> tag(String localRef, ObjectId id) {
    String name = localRef.substring(RefNames.TAG_PREFIX.length());
    int slash = name.lastIndexOf('/');
    if (slash <= 0) {
      return Optional.empty();
    }
    String fullPath = name.substring(0, slash);
    String revisionText = name.substring(slash + 1);
    String path = packagePath(fullPath);
    if (path == null) {
      return Optional.empty();
    }
    Optional<PackageCommit> commit = reader.packageAt(id, fullPath);
    if (commit.isEmpty()) {
      log.debug("skipping tag {}: no Kptfile at {}", name, fullPath);
      return Optional.empty();
    }
    int revision = RefNames.parseRevision(revisionText);
    String workspace = revisionText;
    if (revision != -1) {
      workspace = commit.get().annotatedWorkspace(fullPath);
      if (workspace.isEmpty()) {
        workspace = "v" + revision;
      }
    }
    return Optional.of(revision(path, revision, workspace, localRef, commit.get()));
  }

  /** A {@code drafts/<full path>/<ws>} or {@code proposed/<full path>/<ws>} branch. */
  Optional<GitPackageRevision> draft(String localRef, ObjectId id) {
    String branchName = localRef.substring(RefNames.LOCAL_BRANCH_PREFIX.length());
    String suffix =
        branchName.startsWith(RefNames.DRAFTS)
            ? branchName.substring(RefNames.DRAFTS.length())
            : branchName.substring(RefNames.PROPOSED.length());
    int slash = suffix.lastIndexOf('/');
    if (slash <= 0) {
      return Optional.empty();
    }
    String fullPath = suffix.substring(0, slash);
    String path = packagePath(fullPath);
    if (path == null) {
      return Optional.empty();
    }
    Optional<PackageCommit> commit = reader.packageAt(id, fullPath);
    if (commit.isEmpty()) {
      log.debug("no package draft found for ref {}", localRef);
      return Optional.empty();
    }
    return Optional.of(revision(path, 0, suffix.substring(slash + 1), localRef, commit.get()));
  }

  /** The placeholder revision of every package on the registered branch. */
  List<GitPackageRevision> placeholders(String localRef, ObjectId id) {
    List<GitPackageRevision> result = new ArrayList<>();
    for (PackageDiscovery.Found found : reader.discover(id, directory)) {
      String path = packagePath(found.fullPath());
      if (path == null) {
        continue;
      }
      reader
          .packageAt(id, found.fullPath())
          .ifPresent(
              c ->
                  result.add(
                      revision(
                          path, PackageRevisionKey.PLACEHOLDER_REVISION, branch, localRef, c)));
    }
    return result;
  }

  /** The package path relative to the repository directory, or null if outside or empty. */
  private String packagePath(String fullPath) {
    if (!RefNames.inDirectory(fullPath, directory)) {
      return null;
    }
    String path = RefNames.relativePath(fullPath, directory);
    return path.isEmpty() ? null : path;
  }

  private GitPackageRevision revision(
      String path, int revision, String workspace, String localRef, PackageCommit commit) {
    PackageRevisionKey key =
        new PackageRevisionKey(new PackageKey(repo.key(), path), revision, workspace);
    return new GitPackageRevision(repo, key, localRef, commit);
  }
}
