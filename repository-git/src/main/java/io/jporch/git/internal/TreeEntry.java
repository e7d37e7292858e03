package io.jporch.git.internal;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/** One entry of a Git tree. */
record TreeEntry(String name, FileMode mode, ObjectId id) {
  /** Git's tree order: byte-wise on names, directories compared as if suffixed by {@code /}. */
  static final Comparator<TreeEntry> GIT_ORDER = (a, b) -> compare(a.sortKey(), b.sortKey());

  boolean isTree() {
    return (mode.getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_TREE;
  }

  boolean isFile() {
    int type = mode.getBits() & FileMode.TYPE_MASK;
    return type == FileMode.TYPE_FILE || type == FileMode.TYPE_SYMLINK;
  }

  private byte[] sortKey() {
    return (isTree() ? name + "/" : name).getBytes(StandardCharsets.UTF_8);
  }

  private static int compare(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int d = (a[i] & 0xff) - (b[i] & 0xff);
      if (d != 0) {
        return d;
      }
    }
    return a.length - b.length;
  }
}
