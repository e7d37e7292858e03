package io.jporch.task.internal.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.task.internal.Kptfiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Updates a local package from an old to a new upstream with one of kpt's four strategies. Port of
 * kpt's {@code internal/util/update} ({@code resource-merge}, {@code fast-forward}, {@code
 * force-delete-replace}, {@code copy-merge}) as Porch's upgrade task runs it: once, on the root
 * package, which also covers the local subpackages (those whose Kptfile has no upstream).
 *
 * <p>Failures are {@link IllegalStateException}s (or {@link IllegalArgumentException}s for
 * unreadable YAML) with kpt's messages.
 */
public final class PackageUpdater {
  public static final String RESOURCE_MERGE = "resource-merge";
  public static final String FAST_FORWARD = "fast-forward";
  public static final String FORCE_DELETE_REPLACE = "force-delete-replace";
  public static final String COPY_MERGE = "copy-merge";

  private static final String MERGE_KEY = "internal.kpt.dev/upstream-identifier";
  private static final String CNRM = "cnrm.cloud.google.com/blueprint";

  private PackageUpdater() {}

  /**
   * The local package updated with the changes from {@code original} to {@code updated}; an empty
   * or unknown strategy means resource-merge.
   */
  public static Map<String, String> update(
      Map<String, String> local,
      Map<String, String> original,
      Map<String, String> updated,
      String strategy) {
    Tree l = new Tree(local);
    Tree o = new Tree(original);
    Tree u = new Tree(updated);
    String s = strategy == null ? "" : strategy;
    return switch (s) {
      case FAST_FORWARD -> fastForward(l, o, u);
      case FORCE_DELETE_REPLACE -> replace(l, o, u);
      case COPY_MERGE -> copyMerge(l, o, u);
      default -> resourceMerge(l, o, u);
    };
  }

  // ------------------------------------------------------------------ force-delete-replace

  static Map<String, String> replace(Tree l, Tree o, Tree u) {
    Map<String, String> out = new TreeMap<>(l.files);
    mergeRootKptfile(out, l, o, u, true);
    TreeSet<String> packages = new TreeSet<>();
    packages.add("");
    for (Tree t : List.of(l, u)) {
      for (String p : t.packages()) {
        if (!p.isEmpty() && t.isLocalPackage(p)) {
          packages.add(p);
        }
      }
    }
    for (String p : packages) {
      Tree current = new Tree(out);
      for (String f : current.ownFiles(p)) {
        if (!(p.isEmpty() && f.equals(Kptfiles.FILE_NAME))) {
          out.remove(f);
        }
      }
      if (!p.isEmpty() && !u.hasDir(p)) {
        new Tree(out).allFiles(p).forEach(out::remove);
        continue;
      }
      for (String f : u.ownFiles(p)) {
        if (p.isEmpty() && f.equals(Kptfiles.FILE_NAME)) {
          continue;
        }
        out.put(f, u.files.get(f));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ copy-merge

  static Map<String, String> copyMerge(Tree l, Tree o, Tree u) {
    Map<String, String> out = new TreeMap<>(l.files);
    mergeRootKptfile(out, l, o, u, true);
    u.files.forEach(
        (path, text) -> {
          if (!path.equals(Kptfiles.FILE_NAME)) {
            out.put(path, text);
          }
        });
    for (String path : List.copyOf(out.keySet())) {
      if (!path.equals(Kptfiles.FILE_NAME)
          && !u.files.containsKey(path)
          && o.files.containsKey(path)) {
        out.remove(path);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ fast-forward

  static Map<String, String> fastForward(Tree l, Tree o, Tree u) {
    if (!o.files.isEmpty()) {
      TreeSet<String> diff = new TreeSet<>();
      TreeSet<String> packages = new TreeSet<>();
      packages.add("");
      for (Tree t : List.of(l, o)) {
        for (String p : t.packages()) {
          if (!p.isEmpty() && t.isLocalPackage(p)) {
            packages.add(p);
          }
        }
      }
      for (String p : packages) {
        if (!p.isEmpty() && (!l.hasDir(p) || !o.hasDir(p))) {
          // kpt inserts the format string and the path as two entries (sic).
          diff.add("%s (Package)");
          diff.add(p);
          continue;
        }
        diff.addAll(packageDiff(l, o, p));
      }
      if (!diff.isEmpty()) {
        throw new IllegalStateException(
            "local package files have been modified: ["
                + String.join(" ", diff)
                + "].\n  use a different update --strategy.");
      }
    }
    Map<String, String> out = replace(l, o, u);
    String kf = out.get(Kptfiles.FILE_NAME);
    if (kf != null) {
      ObjectNode k = Kptfiles.parse(kf);
      clearRenderStatus(k);
      out.put(Kptfiles.FILE_NAME, Kptfiles.write(k));
    }
    return out;
  }

  private static List<String> packageDiff(Tree l, Tree o, String p) {
    TreeMap<String, String> lf = new TreeMap<>();
    TreeMap<String, String> of = new TreeMap<>();
    l.ownFiles(p).forEach(f -> lf.put(Tree.relative(f, p), l.files.get(f)));
    o.ownFiles(p).forEach(f -> of.put(Tree.relative(f, p), o.files.get(f)));
    List<String> diff = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(lf.keySet());
    names.addAll(of.keySet());
    for (String f : names) {
      String a = lf.get(f);
      String b = of.get(f);
      if (a == null || b == null) {
        diff.add(f);
      } else if (Tree.base(f).equals(Kptfiles.FILE_NAME)) {
        if (kptfileDiffers(a, b, p.isEmpty())) {
          diff.add(f);
        }
      } else if (!a.equals(b) && !(isYaml(f) && sameObjects(a, b))) {
        diff.add(f);
      }
    }
    return diff;
  }

  private static boolean kptfileDiffers(String local, String original, boolean root) {
    ObjectNode l = Kptfiles.canonical(Kptfiles.parse(local));
    ObjectNode o = Kptfiles.canonical(Kptfiles.parse(original));
    for (ObjectNode k : List.of(l, o)) {
      k.remove("upstream");
      k.remove("upstreamLock");
      stripMergeKey(k);
      if (root) {
        clearRenderStatus(k);
      }
    }
    if (root) {
      Kptfiles.metadata(o).put("name", l.path("metadata").path("name").asText(""));
    }
    return !Kptfiles.canonical(l).equals(Kptfiles.canonical(o));
  }

  private static boolean sameObjects(String a, String b) {
    try {
      Documents da = Documents.split(a);
      Documents db = Documents.split(b);
      if (da.trees().size() != db.trees().size()) {
        return false;
      }
      for (int i = 0; i < da.trees().size(); i++) {
        JsonNode x = da.trees().get(i).deepCopy();
        JsonNode y = db.trees().get(i).deepCopy();
        stripMergeKey(x);
        stripMergeKey(y);
        if (!x.equals(y)) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Drops what Porch itself adds to cloned objects (merge key) and kpt's CNRM attribution. */
  private static void stripMergeKey(JsonNode tree) {
    if (tree.path("metadata").path("annotations") instanceof ObjectNode ann) {
      ann.remove(MERGE_KEY);
      ann.remove(CNRM);
      if (ann.isEmpty()) {
        ((ObjectNode) tree.get("metadata")).remove("annotations");
      }
    }
  }

  private static void clearRenderStatus(ObjectNode kf) {
    if (!(kf.get("status") instanceof ObjectNode status)) {
      return;
    }
    status.remove("renderStatus");
    if (status.get("conditions") instanceof ArrayNode conditions) {
      for (int i = conditions.size() - 1; i >= 0; i--) {
        if ("Rendered".equals(conditions.get(i).path("type").asText())) {
          conditions.remove(i);
        }
      }
      if (conditions.isEmpty()) {
        status.remove("conditions");
      }
    }
    if (status.isEmpty()) {
      kf.remove("status");
    }
  }

  // ------------------------------------------------------------------ resource-merge

  static Map<String, String> resourceMerge(Tree l, Tree o, Tree u) {
    Map<String, String> out = new TreeMap<>(l.files);
    TreeSet<String> packages = new TreeSet<>();
    for (Tree t : List.of(l, o, u)) {
      for (String p : t.packages()) {
        if (!p.isEmpty() && t.isLocalPackage(p)) {
          packages.add(p);
        }
      }
    }
    mergePackage(out, l, o, u, "");
    List<String> handled = new ArrayList<>();
    for (String p : packages) {
      if (handled.stream().anyMatch(h -> Tree.within(p, h))) {
        continue;
      }
      boolean inO = o.isPackage(p);
      boolean inU = u.isPackage(p);
      boolean inL = l.isPackage(p);
      if (!inO && inU && inL) {
        throw new IllegalStateException(
            "subpackage \"" + p + "\" added in both upstream and local");
      }
      if (!inO && inU) {
        u.allFiles(p).forEach(f -> out.put(f, u.files.get(f)));
        handled.add(p);
      } else if (!inO || !inL) {
        handled.add(p); // kept locally, or deleted on at least one side already
      } else if (!inU) {
        if (sameSubpackage(l, o, p)) {
          l.allFiles(p).forEach(out::remove);
        }
        handled.add(p);
      } else {
        mergePackage(out, l, o, u, p);
      }
    }
    return out;
  }

  private static boolean sameSubpackage(Tree l, Tree o, String p) {
    if (!l.allFiles(p).equals(o.allFiles(p))) {
      return false;
    }
    for (String f : l.allFiles(p)) {
      String a = l.files.get(f);
      String b = o.files.get(f);
      if (Tree.base(f).equals(Kptfiles.FILE_NAME)) {
        ObjectNode x = Kptfiles.canonical(Kptfiles.parse(a));
        ObjectNode y = Kptfiles.canonical(Kptfiles.parse(b));
        for (ObjectNode k : List.of(x, y)) {
          k.remove("upstream");
          k.remove("upstreamLock");
        }
        if (!x.equals(y)) {
          return false;
        }
      } else if (!a.equals(b)) {
        return false;
      }
    }
    return true;
  }

  private static void mergePackage(Map<String, String> out, Tree l, Tree o, Tree u, String p) {
    String kptfile = Tree.join(p, Kptfiles.FILE_NAME);
    out.put(
        kptfile,
        KptfileMerge.merge(
            l.files.get(kptfile), u.files.get(kptfile), o.files.get(kptfile), !p.isEmpty()));
    Map<String, String> lk = krm(l, p);
    Map<String, String> ok = krm(o, p);
    Map<String, String> uk = krm(u, p);
    Map<String, String> merged = ResourceMerge.merge(lk, ok, uk);
    lk.keySet().forEach(out::remove);
    out.putAll(merged);
    nonKrm(out, l, o, u, p);
  }

  private static Map<String, String> krm(Tree t, String p) {
    Map<String, String> files = new TreeMap<>();
    for (String f : t.ownFiles(p)) {
      if (isYaml(f)) {
        files.put(f, t.files.get(f));
      }
    }
    return files;
  }

  /** kpt's {@code ReplaceNonKRMFiles} for one package. */
  private static void nonKrm(Map<String, String> out, Tree l, Tree o, Tree u, String p) {
    List<String> localFiles = l.ownFiles(p).stream().filter(f -> !isKrm(f)).toList();
    List<String> updatedFiles = u.ownFiles(p).stream().filter(f -> !isKrm(f)).toList();
    for (String f : localFiles) {
      boolean modified = !Objects.equals(o.files.get(f), l.files.get(f));
      if (!modified && !u.files.containsKey(f)) {
        out.remove(f);
      }
    }
    for (String f : updatedFiles) {
      boolean modified = l.files.containsKey(f) && !Objects.equals(o.files.get(f), l.files.get(f));
      if (!modified) {
        out.put(f, u.files.get(f));
      }
    }
  }

  private static boolean isYaml(String path) {
    return path.endsWith(".yaml") || path.endsWith(".yml");
  }

  private static boolean isKrm(String path) {
    return Tree.base(path).equals(Kptfiles.FILE_NAME) || isYaml(path);
  }

  private static void mergeRootKptfile(
      Map<String, String> out, Tree l, Tree o, Tree u, boolean updateUpstream) {
    out.put(
        Kptfiles.FILE_NAME,
        KptfileMerge.merge(
            l.files.get(Kptfiles.FILE_NAME),
            u.files.get(Kptfiles.FILE_NAME),
            o.files.get(Kptfiles.FILE_NAME),
            updateUpstream));
  }
}
