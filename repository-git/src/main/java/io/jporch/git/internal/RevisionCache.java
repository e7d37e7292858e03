package io.jporch.git.internal;

import io.jporch.core.api.Task;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Caches of values derived from immutable Git objects, shared by every repository on one clone, so
 * that listing a repository again costs a fetch and a ref scan only.
 */
final class RevisionCache {
  record CommitPathKey(ObjectId commit, String fullPath) {}

  record TaskKey(ObjectId commit, String fullPath, String workspace) {}

  record BranchKey(ObjectId commit, String branch) {}

  record DiscoveryKey(ObjectId commit, String directory) {}

  final LruCache<CommitPathKey, Optional<PackageCommit>> packages = new LruCache<>(16_384);
  final LruCache<TaskKey, List<Task>> tasks = new LruCache<>(16_384);
  final LruCache<ObjectId, KptfileInfo> kptfiles = new LruCache<>(16_384);
  final LruCache<BranchKey, BranchHistory> branches = new LruCache<>(64);
  final LruCache<DiscoveryKey, List<PackageDiscovery.Found>> discoveries = new LruCache<>(64);
}
