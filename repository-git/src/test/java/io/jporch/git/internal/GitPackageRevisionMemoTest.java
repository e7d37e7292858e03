package io.jporch.git.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.git.GitRepositoryFactory;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listed revision renders from what it derived the first time, even once the clone-wide LRU
 * caches have evicted it (as they do when a listing holds more revisions than they hold): a
 * 10,000-revision listing must not parse every Kptfile again on every request.
 */
class GitPackageRevisionMemoTest {
  @TempDir Path tmp;

  @Test
  void derivedValuesSurviveEvictionFromTheCloneCaches() {
    String url = GitFixtures.porchRepository("simple-repository", tmp.resolve("remote"));
    Repository spec = RepositorySpecs.onMain("simple", url, true);
    try (var repo =
        new GitRepositoryFactory(tmp.resolve("cache")).open(RequestContext.system(), spec)) {
      List<PackageRevision> revisions =
          repo.listPackageRevisions(RequestContext.system(), PackageRevisionFilter.ALL);
      GitPackageRevision published =
          revisions.stream()
              .map(GitPackageRevision.class::cast)
              .filter(r -> r.lifecycle() == Lifecycle.PUBLISHED && r.key().revision() > 0)
              .findFirst()
              .orElseThrow();
      var first = published.toApiObject();
      RevisionCache cache = ((GitRepository) repo).sharedClone().cache();
      assertThat(cache.kptfiles.get(published.packageTree())).isNotNull();

      evictEverything(cache);
      assertThat(cache.kptfiles.get(published.packageTree())).isNull();

      assertThat(published.toApiObject()).isEqualTo(first);
      assertThat(cache.kptfiles.get(published.packageTree()))
          .as("the Kptfile was not parsed again")
          .isNull();
      assertThat(
              cache.tasks.get(
                  new RevisionCache.TaskKey(
                      published.commitId(),
                      published.key().packageKey().fullPath(),
                      published.key().workspace())))
          .as("the task history was not walked again")
          .isNull();
    }
  }

  private static void evictEverything(RevisionCache cache) {
    for (int i = 0; i < 16_385; i++) {
      ObjectId id = ObjectId.fromRaw(new int[] {i, 1, 2, 3, 4});
      cache.kptfiles.put(id, KptfileInfo.EMPTY);
      cache.tasks.put(new RevisionCache.TaskKey(id, "p", "w"), List.of());
    }
  }
}
