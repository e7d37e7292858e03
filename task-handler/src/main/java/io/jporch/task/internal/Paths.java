package io.jporch.task.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/** Slash-separated package paths (never OS paths: package files live in a map). */
final class Paths {
  private Paths() {}

  /** {@code a/./b//c/../d} becomes {@code a/b/d}; {@code ..} above the start is kept. */
  static String normalize(String path) {
    if (path == null) {
      return "";
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
        parts.removeLast();
      } else {
        parts.addLast(p);
      }
    }
    return String.join("/", parts);
  }

  /** True for a relative path that stays inside its directory. */
  static boolean isRelativeInside(String path) {
    if (path.startsWith("/")) {
      return false;
    }
    String n = normalize(path);
    return !n.isEmpty() && !n.equals("..") && !n.startsWith("../");
  }

  /** {@code dir/name}, or {@code name} for the root. */
  static String join(String dir, String name) {
    if (dir.isEmpty()) {
      return name;
    }
    return name.isEmpty() ? dir : dir + "/" + name;
  }

  /** The directory part of a file path ({@code ""} for a top-level file). */
  static String dirname(String path) {
    int i = path.lastIndexOf('/');
    return i < 0 ? "" : path.substring(0, i);
  }

  static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** True if {@code path} is {@code dir} itself or lies below it ({@code ""} contains all). */
  static boolean isWithin(String path, String dir) {
    return dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/");
  }

  /** {@code path} relative to {@code dir}, which must contain it. */
  static String relative(String path, String dir) {
    if (dir.isEmpty()) {
      return path;
    }
    return path.equals(dir) ? "" : path.substring(dir.length() + 1);
  }
}
