package io.jporch.git.internal;

import io.jporch.core.error.BadRequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Reading and writing Git trees without a work tree. Port of the tree handling in {@code
 * pkg/externalrepo/git/commit.go} (ancestor trees are rewritten along the package path only).
 */
public final class Trees {
  private Trees() {}

  /** The entries of a tree, in stored order. */
  static List<TreeEntry> entries(ObjectReader reader, ObjectId treeId) throws IOException {
    List<TreeEntry> result = new ArrayList<>();
    CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, treeId);
    while (!parser.eof()) {
      result.add(
          new TreeEntry(
              parser.getEntryPathString(), parser.getEntryFileMode(), parser.getEntryObjectId()));
      parser.next();
    }
    return result;
  }

  /** The tree at {@code path} below {@code rootTree}, or null if there is no such directory. */
  public static ObjectId subtree(ObjectReader reader, ObjectId rootTree, String path)
      throws IOException {
    ObjectId current = rootTree;
    if (path.isEmpty()) {
      return current;
    }
    for (String segment : path.split("/")) {
      TreeEntry entry = find(entries(reader, current), segment);
      if (entry == null || !entry.isTree()) {
        return null;
      }
      current = entry.id();
    }
    return current;
  }

  /** The package tree at {@code path}: a directory holding a regular {@code Kptfile}, else null. */
  public static ObjectId packageTree(ObjectReader reader, ObjectId rootTree, String path)
      throws IOException {
    ObjectId tree = subtree(reader, rootTree, path);
    if (tree == null) {
      return null;
    }
    return hasKptfile(entries(reader, tree)) ? tree : null;
  }

  static boolean hasKptfile(List<TreeEntry> entries) {
    for (TreeEntry e : entries) {
      if (e.name().equals("Kptfile") && e.isFile()) {
        return true;
      }
    }
    return false;
  }

  static TreeEntry find(List<TreeEntry> entries, String name) {
    for (TreeEntry e : entries) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }

  /** Every file below {@code treeId}: path relative to the tree → UTF-8 content. */
  public static Map<String, String> readFiles(ObjectReader reader, ObjectId treeId)
      throws IOException {
    Map<String, String> result = new LinkedHashMap<>();
    readFiles(reader, treeId, "", result);
    return result;
  }

  private static void readFiles(
      ObjectReader reader, ObjectId treeId, String prefix, Map<String, String> out)
      throws IOException {
    for (TreeEntry e : entries(reader, treeId)) {
      String path = prefix + e.name();
      if (e.isTree()) {
        readFiles(reader, e.id(), path + "/", out);
      } else if (e.isFile()) {
        byte[] bytes = reader.open(e.id(), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        out.put(path, new String(bytes, StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * Writes the package tree holding exactly {@code files} (path relative to the package root →
   * content), every file a regular blob ({@code 100644}).
   */
  public static ObjectId writePackage(ObjectInserter inserter, Map<String, String> files)
      throws IOException {
    Map<String, Object> root = new TreeMap<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      place(root, file.getKey(), file.getValue());
    }
    return writeDirectory(inserter, root);
  }

  @SuppressWarnings("unchecked")
  private static void place(Map<String, Object> root, String path, String content) {
    String[] segments = validPath(path).split("/");
    Map<String, Object> dir = root;
    for (int i = 0; i < segments.length - 1; i++) {
      Object child = dir.computeIfAbsent(segments[i], k -> new TreeMap<String, Object>());
      if (!(child instanceof Map)) {
        throw conflict(path);
      }
      dir = (Map<String, Object>) child;
    }
    String leaf = segments[segments.length - 1];
    if (dir.containsKey(leaf)) {
      throw conflict(path);
    }
    dir.put(leaf, content == null ? "" : content);
  }

  private static BadRequestException conflict(String path) {
    return new BadRequestException(
        null, "spec.resources: path \"" + path + "\" is both a file and a directory");
  }

  private static String validPath(String path) {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
      throw new BadRequestException(null, "spec.resources: invalid file path \"" + path + "\"");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new BadRequestException(null, "spec.resources: invalid file path \"" + path + "\"");
      }
    }
    return path;
  }

  @SuppressWarnings("unchecked")
  private static ObjectId writeDirectory(ObjectInserter inserter, Map<String, Object> dir)
      throws IOException {
    List<TreeEntry> entries = new ArrayList<>(dir.size());
    for (Map.Entry<String, Object> e : dir.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> sub) {
        ObjectId id = writeDirectory(inserter, (Map<String, Object>) sub);
        entries.add(new TreeEntry(e.getKey(), FileMode.TREE, id));
      } else {
        byte[] bytes = ((String) e.getValue()).getBytes(StandardCharsets.UTF_8);
        ObjectId id = inserter.insert(Constants.OBJ_BLOB, bytes);
        entries.add(new TreeEntry(e.getKey(), FileMode.REGULAR_FILE, id));
      }
    }
    return write(inserter, entries);
  }

  static ObjectId write(ObjectInserter inserter, List<TreeEntry> entries) throws IOException {
    List<TreeEntry> sorted = new ArrayList<>(entries);
    sorted.sort(TreeEntry.GIT_ORDER);
    TreeFormatter formatter = new TreeFormatter();
    for (TreeEntry e : sorted) {
      formatter.append(e.name(), e.mode(), e.id());
    }
    return inserter.insert(formatter);
  }

  /**
   * Returns a new root tree: {@code rootTree} (null for none) with the directory at {@code path}
   * replaced by {@code subtree}, or removed when {@code subtree} is null. Ancestor directories are
   * created as needed; ancestors left empty by a removal are dropped.
   */
  public static ObjectId replace(
      ObjectReader reader,
      ObjectInserter inserter,
      ObjectId rootTree,
      String path,
      ObjectId subtree)
      throws IOException {
    ObjectId result = rewrite(reader, inserter, rootTree, path.split("/"), 0, subtree);
    return result != null ? result : write(inserter, List.of());
  }

  private static ObjectId rewrite(
      ObjectReader reader,
      ObjectInserter inserter,
      ObjectId treeId,
      String[] segments,
      int index,
      ObjectId leaf)
      throws IOException {
    List<TreeEntry> entries = treeId == null ? new ArrayList<>() : entries(reader, treeId);
    String name = segments[index];
    TreeEntry existing = find(entries, name);
    ObjectId child;
    if (index == segments.length - 1) {
      child = leaf;
    } else {
      if (existing != null && !existing.isTree()) {
        String prefix = String.join("/", java.util.Arrays.copyOf(segments, index + 1));
        throw new BadRequestException(
            null, "path \"" + prefix + "\" is a file, not a directory, in the repository tree");
      }
      child =
          rewrite(
              reader, inserter, existing == null ? null : existing.id(), segments, index + 1, leaf);
    }
    entries.remove(existing);
    if (child != null) {
      entries.add(new TreeEntry(name, FileMode.TREE, child));
    }
    return entries.isEmpty() ? null : write(inserter, entries);
  }
}
