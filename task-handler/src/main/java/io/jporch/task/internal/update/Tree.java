package io.jporch.task.internal.update;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.task.internal.Kptfiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The files of one package tree (path → content) and the packages (Kptfile directories) in it. */
final class Tree {
  final Map<String, String> files;

  Tree(Map<String, String> files) {
    this.files = new TreeMap<>(files == null ? Map.of() : files);
  }

  /** Directories holding a Kptfile, {@code ""} for the root. */
  TreeSet<String> packages() {
    TreeSet<String> dirs = new TreeSet<>();
    for (String path : files.keySet()) {
      if (base(path).equals(Kptfiles.FILE_NAME)) {
        dirs.add(dir(path));
      }
    }
    return dirs;
  }

  /** True if the directory has a Kptfile. */
  boolean isPackage(String dir) {
    return files.containsKey(join(dir, Kptfiles.FILE_NAME));
  }

  /** True if any file lies in or below {@code dir}. */
  boolean hasDir(String dir) {
    if (dir.isEmpty()) {
      return !files.isEmpty();
    }
    return files.keySet().stream().anyMatch(p -> p.startsWith(dir + "/"));
  }

  /** True for a package whose Kptfile has no {@code upstream} (kpt's "local" subpackage). */
  boolean isLocalPackage(String dir) {
    String text = files.get(join(dir, Kptfiles.FILE_NAME));
    if (text == null) {
      return false;
    }
    try {
      ObjectNode kf = Kptfiles.parse(text);
      return !kf.has("upstream") || kf.get("upstream").isNull();
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  /** Files of the package at {@code dir} itself, excluding those of nested packages. */
  List<String> ownFiles(String dir) {
    TreeSet<String> nested = new TreeSet<>(packages());
    nested.remove(dir);
    List<String> out = new ArrayList<>();
    for (String path : files.keySet()) {
      if (!within(path, dir)) {
        continue;
      }
      boolean inNested = false;
      for (String n : nested) {
        if (!n.equals(dir) && within(n, dir) && !n.isEmpty() && within(path, n)) {
          inNested = true;
          break;
        }
      }
      if (!inNested) {
        out.add(path);
      }
    }
    return out;
  }

  /** Files in or below {@code dir}. */
  List<String> allFiles(String dir) {
    return files.keySet().stream().filter(p -> within(p, dir)).toList();
  }

  static boolean within(String path, String dir) {
    return dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/");
  }

  static String dir(String path) {
    int i = path.lastIndexOf('/');
    return i < 0 ? "" : path.substring(0, i);
  }

  static String base(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  static String relative(String path, String dir) {
    return dir.isEmpty() ? path : path.substring(dir.length() + 1);
  }
}
