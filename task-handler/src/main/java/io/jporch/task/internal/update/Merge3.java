package io.jporch.task.internal.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * kyaml's three-way merge ({@code walk.Walker} with the {@code merge3.Visitor}) over Jackson trees:
 * {@code dest} is the local tree, {@code origin} the old upstream, {@code updated} the new
 * upstream. Maps merge field by field (local order kept, new fields appended in sorted order);
 * scalars and non-associative lists take upstream's value when upstream changed it, else local's;
 * associative lists merge element by element on their keys. An explicit {@code null} in local or
 * updated removes the field.
 */
final class Merge3 {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Decides which lists are associative and on which keys. */
  interface Schema {
    /** No schema: no list is associative. */
    Schema NONE = path -> null;

    /**
     * The merge keys of the list at {@code path} (field names from the object root; list elements
     * appear as {@code []}), {@code List.of("")} for a set of scalars, or null if the list is
     * replaced as a whole.
     */
    List<String> listKeys(List<String> path);
  }

  private final Schema schema;
  private final boolean infer;

  /**
   * @param schema associative lists known from a schema
   * @param infer also treat lists whose elements all have a {@code name} as associative (kyaml's
   *     {@code InferAssociativeLists}, used for Kptfiles)
   */
  Merge3(Schema schema, boolean infer) {
    this.schema = Objects.requireNonNull(schema);
    this.infer = infer;
  }

  /** The merged tree, or null when the result is empty/removed. */
  JsonNode merge(JsonNode dest, JsonNode origin, JsonNode updated) {
    return walk(copy(dest), origin, updated, new ArrayList<>());
  }

  private JsonNode walk(JsonNode dest, JsonNode origin, JsonNode updated, List<String> path) {
    JsonNode first = firstPresent(dest, origin, updated);
    if (first == null) {
      // Only explicit nulls (or nothing): kyaml walks an empty map.
      return walkMap(dest, origin, updated, path);
    }
    checkKind(first, dest, path);
    checkKind(first, origin, path);
    checkKind(first, updated, path);
    if (first.isObject()) {
      return walkMap(dest, origin, updated, path);
    }
    if (first.isArray()) {
      List<String> keys = schema.listKeys(path);
      if (keys == null && infer && inferAssociative(dest, origin, updated)) {
        keys = List.of("name");
      }
      return keys == null
          ? visitNonAssociative(dest, origin, updated)
          : walkAssociative(dest, origin, updated, keys, path);
    }
    return visitScalar(dest, origin, updated);
  }

  // ------------------------------------------------------------------ maps

  private JsonNode walkMap(JsonNode dest, JsonNode origin, JsonNode updated, List<String> path) {
    if (isNull(updated) || isNull(dest)) {
      return null;
    }
    if (dest == null && updated == null) {
      return null;
    }
    ObjectNode result = dest == null ? NODES.objectNode() : (ObjectNode) dest;
    Set<String> names = new TreeSet<>();
    for (JsonNode n : new JsonNode[] {dest, origin, updated}) {
      if (n != null && n.isObject()) {
        n.fieldNames().forEachRemaining(names::add);
      }
    }
    for (String name : names) {
      path.add(name);
      JsonNode value =
          walk(field(result, name, dest), field(origin, name), field(updated, name), path);
      path.removeLast();
      if (value == null) {
        result.remove(name);
      } else {
        result.set(name, value);
      }
    }
    return result;
  }

  private static JsonNode field(ObjectNode result, String name, JsonNode dest) {
    return dest == null ? null : result.get(name);
  }

  private static JsonNode field(JsonNode node, String name) {
    return node != null && node.isObject() ? node.get(name) : null;
  }

  // ------------------------------------------------------------------ scalars and plain lists

  private static JsonNode visitScalar(JsonNode dest, JsonNode origin, JsonNode updated) {
    if (isNull(updated) || isNull(dest)) {
      return null;
    }
    if (missing(updated) != missing(origin)) {
      return copy(updated);
    }
    if (missing(updated) && missing(origin)) {
      return dest;
    }
    String d = text(dest);
    String o = text(origin);
    String u = text(updated);
    if ((d.isEmpty() || d.equals(o)) && !o.equals(u)) {
      return copy(updated);
    }
    if (!updated.asText().equals(origin.asText())) {
      return copy(updated);
    }
    return dest;
  }

  private static JsonNode visitNonAssociative(JsonNode dest, JsonNode origin, JsonNode updated) {
    if (isNull(updated) || isNull(dest)) {
      return null;
    }
    if (missing(updated) != missing(origin)) {
      return copy(updated);
    }
    if (missing(updated) && missing(origin)) {
      return dest;
    }
    if (!text(updated).equals(text(origin))) {
      return copy(updated);
    }
    return dest;
  }

  // ------------------------------------------------------------------ associative lists

  private JsonNode walkAssociative(
      JsonNode dest, JsonNode origin, JsonNode updated, List<String> keys, List<String> path) {
    if (isNull(updated) || isNull(dest)) {
      return null;
    }
    if (missing(updated) && !missing(origin)) {
      return null;
    }
    ArrayNode result = missing(dest) ? NODES.arrayNode() : (ArrayNode) dest;
    if (keys.equals(List.of(""))) {
      return mergeScalarSet(result, origin, updated);
    }
    // Key values in source order: local, old upstream, new upstream.
    Set<List<String>> values = new LinkedHashSet<>();
    for (JsonNode list : new JsonNode[] {result, origin, updated}) {
      if (list != null && list.isArray()) {
        for (JsonNode element : list) {
          List<String> v = keyValues(element, keys);
          if (v != null) {
            values.add(v);
          }
        }
      }
    }
    List<JsonNode> added = new ArrayList<>();
    path.add("[]");
    for (List<String> v : values) {
      int index = indexOf(result, keys, v);
      JsonNode merged =
          walk(
              index < 0 ? null : result.get(index),
              element(origin, keys, v),
              element(updated, keys, v),
              path);
      if (merged == null || (merged.isObject() && merged.isEmpty())) {
        if (index >= 0) {
          result.remove(index);
        }
        continue;
      }
      if (merged instanceof ObjectNode object) {
        for (int i = 0; i < keys.size(); i++) {
          if (!object.has(keys.get(i)) && !v.get(i).isEmpty()) {
            object.put(keys.get(i), v.get(i));
          }
        }
      }
      if (index >= 0) {
        result.set(index, merged);
      } else {
        added.add(merged);
      }
    }
    path.removeLast();
    added.forEach(result::add);
    return result;
  }

  private static JsonNode mergeScalarSet(ArrayNode dest, JsonNode origin, JsonNode updated) {
    Set<String> values = new LinkedHashSet<>();
    for (JsonNode list : new JsonNode[] {dest, origin, updated}) {
      if (list != null && list.isArray()) {
        list.forEach(e -> values.add(e.asText()));
      }
    }
    ArrayNode result = NODES.arrayNode();
    for (String v : values) {
      JsonNode d = scalarIn(dest, v);
      JsonNode o = scalarIn(origin, v);
      JsonNode u = scalarIn(updated, v);
      JsonNode keep = visitScalar(d, o, u);
      if (keep != null) {
        result.add(keep);
      }
    }
    return result;
  }

  private static JsonNode scalarIn(JsonNode list, String value) {
    if (list != null && list.isArray()) {
      for (JsonNode e : list) {
        if (e.asText().equals(value)) {
          return e;
        }
      }
    }
    return null;
  }

  private static List<String> keyValues(JsonNode element, List<String> keys) {
    if (!element.isObject()) {
      return null;
    }
    List<String> v = new ArrayList<>();
    boolean any = false;
    for (String k : keys) {
      JsonNode n = element.get(k);
      String s = n == null || n.isNull() ? "" : n.asText();
      any |= !s.isEmpty();
      v.add(s);
    }
    return any ? v : null;
  }

  private static int indexOf(ArrayNode list, List<String> keys, List<String> values) {
    for (int i = 0; i < list.size(); i++) {
      if (values.equals(keyValues(list.get(i), keys))) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode element(JsonNode list, List<String> keys, List<String> values) {
    if (list == null || !list.isArray()) {
      return null;
    }
    for (JsonNode e : list) {
      if (values.equals(keyValues(e, keys))) {
        return e;
      }
    }
    return null;
  }

  private static boolean inferAssociative(JsonNode... lists) {
    for (JsonNode list : lists) {
      if (list == null || !list.isArray() || list.isEmpty()) {
        continue;
      }
      boolean all = true;
      for (JsonNode e : list) {
        all &= e.isObject() && e.has("name");
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ helpers

  private static void checkKind(JsonNode expected, JsonNode actual, List<String> path) {
    if (actual == null || actual.isNull()) {
      return;
    }
    if (kind(expected) != kind(actual)) {
      throw new IllegalStateException(
          "wrong node kind: expected "
              + kind(expected)
              + " but got "
              + kind(actual)
              + " at field "
              + String.join(".", path));
    }
  }

  private static String kind(JsonNode n) {
    return n.isObject() ? "MappingNode" : n.isArray() ? "SequenceNode" : "ScalarNode";
  }

  private static JsonNode firstPresent(JsonNode... nodes) {
    for (JsonNode n : nodes) {
      if (!missing(n)) {
        return n;
      }
    }
    return null;
  }

  private static boolean missing(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  private static boolean isNull(JsonNode n) {
    return n != null && n.isNull();
  }

  /** Comparable text of a node: scalars by value, collections structurally. */
  private static String text(JsonNode n) {
    if (missing(n)) {
      return "";
    }
    if (n.isValueNode()) {
      return n.asText();
    }
    StringBuilder sb = new StringBuilder();
    if (n.isArray()) {
      sb.append('[');
      n.forEach(e -> sb.append(text(e)).append(','));
      sb.append(']');
    } else {
      sb.append('{');
      n.properties()
          .forEach(e -> sb.append(e.getKey()).append(':').append(text(e.getValue())).append(','));
      sb.append('}');
    }
    return sb.toString();
  }

  private static JsonNode copy(JsonNode n) {
    return n == null ? null : n.deepCopy();
  }
}
