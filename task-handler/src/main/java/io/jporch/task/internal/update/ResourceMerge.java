package io.jporch.task.internal.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.task.internal.Yaml;
import io.jporch.task.internal.tasks.MergeKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The KRM part of kpt's resource-merge for one package: objects of the three trees are matched by
 * group, kind, namespace and name (from the {@code kpt-merge} comment when present) and file path,
 * and each match is kept, dropped, taken from upstream or merged field by field ({@link Merge3}).
 * Port of kpt's {@code merge3.Merge} / {@code GetHandlingStrategy}.
 */
final class ResourceMerge {
  private static final Pattern METADATA_LINE = Pattern.compile("(?m)^metadata:[ \\t]*(#.*)?$");
  private static final List<String> IGNORED_ANNOTATIONS =
      List.of(
          "config.kubernetes.io/merge-source",
          "config.kubernetes.io/path",
          "config.kubernetes.io/index",
          "internal.config.kubernetes.io/path",
          "internal.config.kubernetes.io/index",
          "internal.config.kubernetes.io/annotations-migration-resource-id",
          "cnrm.cloud.google.com/blueprint");

  private ResourceMerge() {}

  /** One object read from a file. */
  record Obj(String path, int index, String text, JsonNode tree, String identity) {}

  private static final class Tuple {
    Obj original;
    Obj updated;
    Obj dest;
  }

  /** One object of the result, to be written to {@code path} in index order. */
  record Out(String path, int index, String text) {}

  /**
   * Merges the KRM files {@code paths} of the three trees and returns the package's new KRM files
   * (path → content); files left without objects are absent.
   */
  static Map<String, String> merge(
      Map<String, String> local, Map<String, String> original, Map<String, String> updated) {
    List<Tuple> tuples = new ArrayList<>();
    add(tuples, read(original), "original", t -> t.original, (t, o) -> t.original = o);
    add(tuples, read(updated), "updated", t -> t.updated, (t, o) -> t.updated = o);
    add(tuples, read(local), "dest", t -> t.dest, (t, o) -> t.dest = o);
    List<Out> out = new ArrayList<>();
    for (Tuple t : tuples) {
      Out o = decide(t);
      if (o != null) {
        out.add(o);
      }
    }
    Map<String, List<Out>> byPath = new LinkedHashMap<>();
    for (Out o : out) {
      byPath.computeIfAbsent(o.path(), k -> new ArrayList<>()).add(o);
    }
    Map<String, String> files = new LinkedHashMap<>();
    byPath.forEach(
        (path, objects) -> {
          List<Out> sorted = new ArrayList<>(objects);
          sorted.sort(Comparator.comparingInt(Out::index));
          files.put(path, join(sorted));
        });
    return files;
  }

  private static String join(List<Out> objects) {
    StringBuilder sb = new StringBuilder();
    for (Out o : objects) {
      if (!sb.isEmpty()) {
        sb.append("---\n");
      }
      sb.append(o.text());
    }
    return sb.toString();
  }

  private interface Getter {
    Obj get(Tuple t);
  }

  private interface Setter {
    void set(Tuple t, Obj o);
  }

  private static void add(
      List<Tuple> tuples, List<Obj> objects, String source, Getter get, Setter set) {
    for (Obj o : objects) {
      Tuple match = null;
      for (Tuple t : tuples) {
        Obj any = t.original != null ? t.original : t.updated != null ? t.updated : t.dest;
        if (any.identity().equals(o.identity())) {
          match = t;
          break;
        }
      }
      if (match == null) {
        match = new Tuple();
        tuples.add(match);
      } else if (get.get(match) != null) {
        throw new IllegalStateException(
            "found duplicate \""
                + source
                + "\" resources in file \""
                + o.path()
                + "\", please refer to \"update\" documentation for the fix");
      }
      set.set(match, o);
    }
  }

  private static Out decide(Tuple t) {
    Obj o = t.original;
    Obj u = t.updated;
    Obj d = t.dest;
    if (o == null && u == null && d != null) {
      return new Out(d.path(), d.index(), d.text());
    }
    if (o == null && u != null && d == null) {
      return new Out(u.path(), u.index(), u.text());
    }
    if (u == null && d == null) {
      return null;
    }
    if (o != null && u == null) {
      return comparable(d.tree()).equals(comparable(o.tree()))
          ? null
          : new Out(d.path(), d.index(), d.text());
    }
    if (o != null && d == null) {
      return null;
    }
    // Merge: dest and updated present (original may be absent).
    String apiVersion = u.tree().path("apiVersion").asText("");
    String kind = u.tree().path("kind").asText("");
    JsonNode merged =
        new Merge3(KubernetesSchema.of(apiVersion, kind), false)
            .merge(d.tree(), o == null ? null : o.tree(), u.tree());
    if (merged == null) {
      return null;
    }
    if (merged.equals(d.tree())) {
      return new Out(d.path(), d.index(), d.text());
    }
    String text = Yaml.write(merged, Yaml.isWide(d.text()));
    String comment = metadataComment(d.text());
    if (comment != null) {
      text =
          METADATA_LINE
              .matcher(text)
              .replaceFirst(Matcher.quoteReplacement("metadata: " + comment));
    }
    return new Out(d.path(), d.index(), text);
  }

  private static JsonNode comparable(JsonNode tree) {
    JsonNode copy = tree.deepCopy();
    if (copy.path("metadata").path("annotations") instanceof ObjectNode ann) {
      IGNORED_ANNOTATIONS.forEach(ann::remove);
      if (ann.isEmpty()) {
        ((ObjectNode) copy.get("metadata")).remove("annotations");
      }
    }
    return copy;
  }

  /** The objects of the KRM files of a package, with their identities. */
  static List<Obj> read(Map<String, String> files) {
    List<Obj> objects = new ArrayList<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      List<String> texts;
      List<JsonNode> trees;
      try {
        var docs = Documents.split(e.getValue());
        texts = docs.texts();
        trees = docs.trees();
      } catch (IOException ex) {
        throw new IllegalArgumentException(
            "failed to read resources of " + e.getKey() + ": " + ex.getMessage(), ex);
      }
      for (int i = 0; i < texts.size(); i++) {
        JsonNode tree = trees.get(i);
        objects.add(
            new Obj(e.getKey(), i, texts.get(i), tree, identity(e.getKey(), texts.get(i), tree)));
      }
    }
    return objects;
  }

  private static String identity(String path, String text, JsonNode tree) {
    String group = MergeKeys.group(tree.path("apiVersion").asText(""));
    String kind = tree.path("kind").asText("");
    String ns = tree.path("metadata").path("namespace").asText("");
    String name = tree.path("metadata").path("name").asText("");
    String[] fromComment = MergeKeys.nsAndName(metadataComment(text));
    if (fromComment != null) {
      ns = fromComment[0];
      name = fromComment[1];
    }
    return String.join("|", group, kind, ns, name, Objects.requireNonNullElse(path, ""));
  }

  /** The comment on the document's {@code metadata:} line (with {@code #}), or null. */
  static String metadataComment(String text) {
    Matcher m = METADATA_LINE.matcher(text);
    return m.find() && m.group(1) != null ? m.group(1).strip() : null;
  }
}
