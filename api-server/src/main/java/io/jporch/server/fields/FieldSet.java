package io.jporch.server.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A set of field paths, stored as a trie: {@code members} are the paths that end here, {@code
 * children} the subsets below each path element (a child's presence does not make its path a
 * member). Port of structured-merge-diff's {@code fieldpath.Set}, including the {@code FieldsV1}
 * JSON form kept in {@code metadata.managedFields}. Operations return new sets and never change
 * their inputs; {@link #insert} is for building a set.
 */
public final class FieldSet {
  private final TreeSet<PathElement> members = new TreeSet<>();
  private final TreeMap<PathElement, FieldSet> children = new TreeMap<>();

  /** A new empty set. */
  public static FieldSet empty() {
    return new FieldSet();
  }

  /** A set of the given paths. */
  @SafeVarargs
  public static FieldSet of(List<PathElement>... paths) {
    FieldSet set = new FieldSet();
    for (List<PathElement> path : paths) {
      set.insert(path);
    }
    return set;
  }

  /** Adds {@code path} (parents are not added). The empty path (the whole object) is ignored. */
  public void insert(List<PathElement> path) {
    if (path.isEmpty()) {
      return;
    }
    FieldSet node = this;
    for (int i = 0; i < path.size() - 1; i++) {
      node = node.children.computeIfAbsent(path.get(i), k -> new FieldSet());
    }
    node.members.add(path.get(path.size() - 1));
  }

  public boolean isEmpty() {
    if (!members.isEmpty()) {
      return false;
    }
    for (FieldSet child : children.values()) {
      if (!child.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** True if {@code path} is a member. */
  public boolean has(List<PathElement> path) {
    if (path.isEmpty()) {
      return false;
    }
    FieldSet node = this;
    for (int i = 0; i < path.size() - 1; i++) {
      node = node.children.get(path.get(i));
      if (node == null) {
        return false;
      }
    }
    return node.members.contains(path.get(path.size() - 1));
  }

  /** The paths below {@code element}, without it (empty if none). */
  public FieldSet withPrefix(PathElement element) {
    FieldSet child = children.get(element);
    return child == null ? new FieldSet() : child;
  }

  boolean hasMember(PathElement element) {
    return members.contains(element);
  }

  Iterable<PathElement> memberElements() {
    return members;
  }

  Iterable<Map.Entry<PathElement, FieldSet>> childEntries() {
    return children.entrySet();
  }

  public FieldSet union(FieldSet other) {
    FieldSet out = copy();
    out.members.addAll(other.members);
    for (Map.Entry<PathElement, FieldSet> e : other.children.entrySet()) {
      FieldSet mine = out.children.get(e.getKey());
      out.children.put(e.getKey(), mine == null ? e.getValue().copy() : mine.union(e.getValue()));
    }
    return out;
  }

  /** Paths in both sets. */
  public FieldSet intersection(FieldSet other) {
    FieldSet out = new FieldSet();
    for (PathElement m : members) {
      if (other.members.contains(m)) {
        out.members.add(m);
      }
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      FieldSet theirs = other.children.get(e.getKey());
      if (theirs != null) {
        FieldSet both = e.getValue().intersection(theirs);
        if (!both.isEmpty()) {
          out.children.put(e.getKey(), both);
        }
      }
    }
    return out;
  }

  /**
   * Paths in this set and not in {@code other}. A parent minus a child is still the parent; a child
   * minus its parent is still the child (this is not a recursive difference).
   */
  public FieldSet difference(FieldSet other) {
    FieldSet out = new FieldSet();
    for (PathElement m : members) {
      if (!other.members.contains(m)) {
        out.members.add(m);
      }
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      FieldSet theirs = other.children.get(e.getKey());
      FieldSet rest = theirs == null ? e.getValue().copy() : e.getValue().difference(theirs);
      if (!rest.isEmpty()) {
        out.children.put(e.getKey(), rest);
      }
    }
    return out;
  }

  /** Paths in this set that are neither in {@code other} nor below a member of {@code other}. */
  public FieldSet recursiveDifference(FieldSet other) {
    FieldSet out = new FieldSet();
    for (PathElement m : members) {
      if (!other.members.contains(m)) {
        out.members.add(m);
      }
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      if (other.members.contains(e.getKey())) {
        continue;
      }
      FieldSet theirs = other.children.get(e.getKey());
      FieldSet rest =
          theirs == null ? e.getValue().copy() : e.getValue().recursiveDifference(theirs);
      if (!rest.isEmpty()) {
        out.children.put(e.getKey(), rest);
      }
    }
    return out;
  }

  /**
   * This set plus, at every level, the named fields of structs that have members below them (so
   * that removing the set removes such a struct field when nothing else keeps it).
   */
  FieldSet ensureNamedFieldsAreMembers(SchemaNode schema) {
    FieldSet out = new FieldSet();
    out.members.addAll(members);
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      SchemaNode childSchema = schema == null ? null : schema.childFor(e.getKey());
      if (e.getKey() instanceof PathElement.Field f
          && schema != null
          && schema.declares(f.name())) {
        out.members.add(e.getKey());
      }
      out.children.put(e.getKey(), e.getValue().ensureNamedFieldsAreMembers(childSchema));
    }
    return out;
  }

  /** Every member path, members of a level before its children (pre-order). */
  public List<List<PathElement>> paths() {
    List<List<PathElement>> out = new ArrayList<>();
    forEach(new ArrayList<>(), out::add);
    return out;
  }

  private void forEach(List<PathElement> prefix, Consumer<List<PathElement>> sink) {
    for (PathElement m : members) {
      List<PathElement> p = new ArrayList<>(prefix);
      p.add(m);
      sink.accept(List.copyOf(p));
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      List<PathElement> p = new ArrayList<>(prefix);
      p.add(e.getKey());
      e.getValue().forEach(p, sink);
    }
  }

  /** A path as structured-merge-diff prints it: {@code .spec.tasks[type="init"]}. */
  public static String display(List<PathElement> path) {
    StringBuilder out = new StringBuilder();
    path.forEach(e -> out.append(e.display()));
    return out.toString();
  }

  /** The {@code FieldsV1} form. */
  public ObjectNode toJson() {
    ObjectNode out = Json.MAPPER.createObjectNode();
    emit(out, false);
    return out;
  }

  private void emit(ObjectNode out, boolean includeSelf) {
    if (includeSelf && !(members.isEmpty() && children.isEmpty())) {
      out.putObject(".");
    }
    TreeSet<PathElement> all = new TreeSet<>(members);
    all.addAll(children.keySet());
    for (PathElement e : all) {
      ObjectNode node = out.putObject(e.serialize());
      FieldSet child = children.get(e);
      if (child != null) {
        child.emit(node, members.contains(e));
      }
    }
  }

  /** Reads the {@code FieldsV1} form. */
  public static FieldSet fromJson(JsonNode json) {
    FieldSet set = new FieldSet();
    if (json == null || json.isNull()) {
      return set;
    }
    if (!json.isObject()) {
      throw new IllegalArgumentException("FieldsV1 must be a JSON object");
    }
    read(set, json);
    return set;
  }

  /** Reads one level; returns true if it holds a "." marker. */
  private static boolean read(FieldSet set, JsonNode json) {
    boolean self = false;
    Iterator<Map.Entry<String, JsonNode>> it = json.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals(".")) {
        self = true;
        continue;
      }
      PathElement pe = PathElement.parse(e.getKey());
      JsonNode value = e.getValue();
      if (value == null || !value.isObject() || value.isEmpty()) {
        set.members.add(pe);
        continue;
      }
      FieldSet child = new FieldSet();
      if (read(child, value)) {
        set.members.add(pe);
      }
      if (!child.isEmpty()) {
        set.children.put(pe, child);
      }
    }
    return self;
  }

  private FieldSet copy() {
    FieldSet out = new FieldSet();
    out.members.addAll(members);
    children.forEach((k, v) -> out.children.put(k, v.copy()));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet other && toJson().equals(other.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    paths().forEach(p -> lines.add(display(p)));
    return String.join("\n", lines);
  }
}
