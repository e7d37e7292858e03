package io.jporch.git.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Finds the packages in a tree: directories holding a {@code Kptfile}; recursion stops at a
 * package, so nested Kptfiles belong to the enclosing package. Port of {@code discoverPackages} in
 * {@code pkg/externalrepo/git/package_tree.go}.
 */
public final class PackageDiscovery {
  /** A package found in a tree: full path in the Git tree and the package's tree id. */
  public record Found(String fullPath, ObjectId treeId) {}

  private PackageDiscovery() {}

  /** Every package at or below {@code directory} (which need not exist) of {@code rootTree}. */
  public static List<Found> discover(ObjectReader reader, ObjectId rootTree, String directory)
      throws IOException {
    ObjectId start = Trees.subtree(reader, rootTree, directory);
    List<Found> result = new ArrayList<>();
    if (start != null) {
      walk(reader, start, directory, result);
    }
    return result;
  }

  private static void walk(ObjectReader reader, ObjectId tree, String path, List<Found> out)
      throws IOException {
    List<TreeEntry> entries = Trees.entries(reader, tree);
    if (Trees.hasKptfile(entries)) {
      out.add(new Found(path, tree));
      return;
    }
    for (TreeEntry e : entries) {
      if (e.isTree()) {
        walk(reader, e.id(), path.isEmpty() ? e.name() : path + "/" + e.name(), out);
      }
    }
  }
}
