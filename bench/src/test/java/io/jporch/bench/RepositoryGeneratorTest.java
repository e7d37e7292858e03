package io.jporch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.git.GitRepositoryFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated repository reads, through jporch's own Git adapter, as the promised revisions. */
class RepositoryGeneratorTest {
  @TempDir Path tmp;

  @Test
  void shapeForTotalListsExactlyThatMany() {
    for (int total : List.of(10, 100, 200, 1000, 1234, 10_000)) {
      assertThat(RepositoryGenerator.Shape.forTotal(total).listedRevisions()).isEqualTo(total);
    }
    assertThat(RepositoryGenerator.Shape.forTotal(10_000))
        .isEqualTo(new RepositoryGenerator.Shape(100, 98, 100));
    assertThatThrownBy(() -> RepositoryGenerator.Shape.forTotal(2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesPorchLayoutThatTheAdapterLists() throws Exception {
    RepositoryGenerator.Shape shape = new RepositoryGenerator.Shape(3, 4, 2);
    RepositoryGenerator.Result result =
        RepositoryGenerator.generate(tmp.resolve("remote.git"), shape);
    assertThat(result.commits()).isEqualTo(1 + 2 * 3 * 4 + 2);

    try (var git = new FileRepositoryBuilder().setGitDir(result.gitDir().toFile()).build()) {
      List<String> refs =
          git.getRefDatabase().getRefs().stream()
              .filter(r -> !r.isSymbolic())
              .map(Ref::getName)
              .sorted()
              .toList();
      assertThat(refs)
          .contains(
              "refs/heads/main",
              "refs/tags/pkg-0000/v1",
              "refs/tags/pkg-0002/v4",
              "refs/heads/drafts/pkg-0000/draft-0",
              "refs/heads/drafts/pkg-0001/draft-1")
          .hasSize(1 + 12 + 2);
      assertThat(git.exactRef("HEAD").getTarget().getName()).isEqualTo("refs/heads/main");
    }

    Repository spec =
        Repository.of(
            ObjectMeta.named("default", "bench"),
            new Repository.Spec(
                null,
                true,
                Repository.TYPE_GIT,
                null,
                null,
                new Repository.Git(result.url(), "main", false, "", null, null, null),
                null),
            null);
    try (var repo =
        new GitRepositoryFactory(tmp.resolve("cache")).open(RequestContext.system(), spec)) {
      List<PackageRevision> listed =
          repo.listPackageRevisions(RequestContext.system(), PackageRevisionFilter.ALL);
      assertThat(listed).hasSize(shape.listedRevisions());
      Map<String, String> lifecycles = new TreeMap<>();
      listed.forEach(r -> lifecycles.put(r.key().objectName(), r.lifecycle().value()));
      assertThat(lifecycles)
          .containsEntry("bench.pkg-0001.v3", "Published")
          .containsEntry("bench.pkg-0002.main", "Published")
          .containsEntry("bench.pkg-0001.draft-1", "Draft");
      var v2 =
          listed.stream()
              .filter(r -> r.key().objectName().equals("bench.pkg-0000.v2"))
              .findFirst()
              .orElseThrow()
              .toApiObject();
      assertThat(v2.spec().revision()).isEqualTo(2);
      assertThat(v2.spec().tasks()).extracting(t -> t.type()).containsExactly("init");
      assertThat(v2.status().publishedBy()).isEqualTo("bench@example.com");
    }
  }
}
