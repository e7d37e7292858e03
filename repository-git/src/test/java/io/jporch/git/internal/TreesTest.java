package io.jporch.git.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.error.BadRequestException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tree writing: Git order, replacement along a path, pruning of emptied directories. */
class TreesTest {
  @TempDir Path tmp;

  private Repository repo() throws IOException {
    Repository repo = FileRepositoryBuilder.create(tmp.resolve("r.git").toFile());
    repo.create(true);
    return repo;
  }

  private static void checkAll(ObjectReader reader, ObjectId tree) throws IOException {
    byte[] raw = reader.open(tree, Constants.OBJ_TREE).getCachedBytes();
    new ObjectChecker().checkTree(raw);
    for (TreeEntry e : Trees.entries(reader, tree)) {
      if (e.isTree()) {
        checkAll(reader, e.id());
      }
    }
  }

  @Test
  void writesCanonicalTreesAndReplacesSubtrees() throws IOException {
    try (Repository repo = repo();
        ObjectInserter ins = repo.newObjectInserter();
        ObjectReader reader = ins.newReader()) {
      Map<String, String> files =
          Map.of(
              "Kptfile", "k",
              "a.yaml", "1",
              "a/b.yaml", "2",
              "a-b.yaml", "3",
              "a0", "4",
              "z/y/x.txt", "5");
      ObjectId pkg = Trees.writePackage(ins, files);
      ObjectId root = Trees.replace(reader, ins, null, "catalog/team/pkg", pkg);
      ObjectId other = Trees.writePackage(ins, Map.of("Kptfile", "o"));
      root = Trees.replace(reader, ins, root, "catalog/other", other);
      ins.flush();
      checkAll(reader, root);

      assertThat(Trees.packageTree(reader, root, "catalog/team/pkg")).isEqualTo(pkg);
      assertThat(Trees.readFiles(reader, pkg)).isEqualTo(files);
      assertThat(PackageDiscovery.discover(reader, root, "catalog"))
          .extracting(PackageDiscovery.Found::fullPath)
          .containsExactlyInAnyOrder("catalog/team/pkg", "catalog/other");

      ObjectId removed = Trees.replace(reader, ins, root, "catalog/team/pkg", null);
      ins.flush();
      assertThat(Trees.subtree(reader, removed, "catalog/team")).isNull();
      assertThat(Trees.subtree(reader, removed, "catalog/other")).isEqualTo(other);
      ObjectId empty = Trees.replace(reader, ins, other, "Kptfile", null);
      assertThat(Trees.entries(reader, empty)).isEmpty();
    }
  }

  @Test
  void refusesBadPaths() throws IOException {
    try (Repository repo = repo();
        ObjectInserter ins = repo.newObjectInserter()) {
      for (String bad : new String[] {"/abs", "a//b", "a/../b", "dir/", "./x"}) {
        assertThatThrownBy(() -> Trees.writePackage(ins, Map.of(bad, "x")))
            .as(bad)
            .isInstanceOf(BadRequestException.class);
      }
      assertThatThrownBy(() -> Trees.writePackage(ins, Map.of("a", "x", "a/b", "y")))
          .isInstanceOf(BadRequestException.class);
    }
  }
}
