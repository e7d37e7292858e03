package io.jporch.server.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Structured-merge-diff's operations on JSON values typed by a {@link SchemaNode}: the set of
 * fields a value sets, merging an applied configuration into a live object, comparing two objects
 * and removing a set of fields. Java {@code null} means "absent"; a JSON null is a value.
 *
 * <p>Port of {@code typed/tofieldset.go}, {@code merge.go}, {@code compare.go}, {@code remove.go}
 * and {@code helpers.go} of sigs.k8s.io/structured-merge-diff.
 */
final class Typed {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Typed() {}

  /** Added, modified and removed leaf paths between two objects. */
  record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
    boolean isSame() {
      return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
    }

    Comparison excluding(FieldSet reset) {
      return new Comparison(
          added.recursiveDifference(reset),
          modified.recursiveDifference(reset),
          removed.recursiveDifference(reset));
    }
  }

  // ------------------------------------------------------------------ shapes

  private enum Shape {
    LEAF,
    MAP,
    LIST
  }

  /** How a value is walked: the schema decides, an untyped node follows the value. */
  private static Shape shape(SchemaNode schema, JsonNode value) {
    SchemaNode s = schema == null ? SchemaNode.untyped() : schema;
    return switch (s.kind()) {
      case STRUCT, MAP -> s.atomic() || !isObject(value) ? Shape.LEAF : Shape.MAP;
      case LIST -> s.atomic() || !isArray(value) ? Shape.LEAF : Shape.LIST;
      case SCALAR -> Shape.LEAF;
      case UNTYPED -> isObject(value) ? Shape.MAP : Shape.LEAF;
    };
  }

  private static boolean isObject(JsonNode v) {
    return v != null && v.isObject();
  }

  private static boolean isArray(JsonNode v) {
    return v != null && v.isArray();
  }

  private static boolean emptyOrNull(JsonNode v) {
    return v == null || v.isNull() || (v.isContainerNode() && v.isEmpty());
  }

  // ------------------------------------------------------------------ validation

  /**
   * Problems that make {@code value} unusable as an applied configuration: fields the schema does
   * not declare, list items without keys, duplicate keys (structured-merge-diff rejects these when
   * it converts the applied object).
   */
  static List<String> validate(JsonNode value, SchemaNode schema) {
    List<String> errors = new ArrayList<>();
    validate(value, schema, new ArrayList<>(), errors);
    return errors;
  }

  private static void validate(
      JsonNode value, SchemaNode schema, List<PathElement> path, List<String> errors) {
    SchemaNode s = schema == null ? SchemaNode.untyped() : schema;
    if (value == null || value.isNull()) {
      return;
    }
    switch (s.kind()) {
      case STRUCT, MAP -> {
        if (!value.isObject()) {
          errors.add(FieldSet.display(path) + ": expected map, got " + describe(value));
          return;
        }
        if (s.atomic()) {
          return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = value.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          List<PathElement> child = append(path, PathElement.field(e.getKey()));
          SchemaNode fieldSchema = s.field(e.getKey());
          if (fieldSchema == null) {
            errors.add(FieldSet.display(child) + ": field not declared in schema");
          } else {
            validate(e.getValue(), fieldSchema, child, errors);
          }
        }
      }
      case LIST -> {
        if (!value.isArray()) {
          errors.add(FieldSet.display(path) + ": expected list, got " + describe(value));
          return;
        }
        if (s.atomic()) {
          return;
        }
        TreeMap<PathElement, Boolean> seen = new TreeMap<>();
        for (int i = 0; i < value.size(); i++) {
          PathElement pe;
          try {
            pe = itemElement(s, value.get(i));
          } catch (IllegalArgumentException e) {
            errors.add(FieldSet.display(path) + ": element " + i + ": " + e.getMessage());
            continue;
          }
          if (seen.put(pe, Boolean.TRUE) != null) {
            errors.add(FieldSet.display(path) + ": duplicate entries for key " + pe.display());
            continue;
          }
          validate(value.get(i), s.element(), append(path, pe), errors);
        }
      }
      case SCALAR -> {
        if (value.isContainerNode()) {
          errors.add(FieldSet.display(path) + ": expected scalar, got " + describe(value));
        }
      }
      case UNTYPED -> {
        if (value.isObject()) {
          value
              .fields()
              .forEachRemaining(
                  e ->
                      validate(
                          e.getValue(),
                          SchemaNode.untyped(),
                          append(path, PathElement.field(e.getKey())),
                          errors));
        }
      }
    }
  }

  private static String describe(JsonNode v) {
    return v.isObject()
        ? "map"
        : v.isArray() ? "list" : v.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** The path element of an associative-list item (key fields, or the value of a set item). */
  static PathElement itemElement(SchemaNode list, JsonNode item) {
    if (list.listType() == SchemaNode.ListType.MAP) {
      if (item == null || item.isNull()) {
        throw new IllegalArgumentException(
            "associative list with keys may not have a null element");
      }
      if (!item.isObject()) {
        throw new IllegalArgumentException(
            "associative list with keys may not have non-map elements");
      }
      List<PathElement.KeyField> fields = new ArrayList<>();
      for (String key : list.keys()) {
        JsonNode v = item.get(key);
        if (v != null) {
          fields.add(new PathElement.KeyField(key, v));
        }
      }
      if (!list.keys().isEmpty() && fields.isEmpty()) {
        throw new IllegalArgumentException(
            "associative list with keys has an element that omits all key fields "
                + list.keys()
                + " (and doesn't have default values for any key fields)");
      }
      return new PathElement.Key(fields);
    }
    if (item == null || item.isNull()) {
      throw new IllegalArgumentException(
          "associative list without keys has an element that's an explicit null");
    }
    if (item.isObject()) {
      throw new IllegalArgumentException(
          "associative list without keys has an element that's a map type");
    }
    if (item.isArray()) {
      throw new IllegalArgumentException("not supported: associative list with lists as elements");
    }
    return new PathElement.Value(item);
  }

  /** Item elements, or null when an item cannot be identified (then the list is atomic). */
  private static List<PathElement> itemElements(SchemaNode list, JsonNode array) {
    List<PathElement> out = new ArrayList<>();
    for (JsonNode item : array) {
      try {
        out.add(itemElement(list, item));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ to field set

  /** The fields {@code value} sets. Undeclared fields of structs are skipped. */
  static FieldSet toFieldSet(JsonNode value, SchemaNode schema) {
    FieldSet set = FieldSet.empty();
    toFieldSet(value, schema, new ArrayList<>(), set);
    return set;
  }

  private static void toFieldSet(
      JsonNode value, SchemaNode schema, List<PathElement> path, FieldSet set) {
    SchemaNode s = schema == null ? SchemaNode.untyped() : schema;
    switch (shape(s, value)) {
      case LEAF -> set.insert(path);
      case MAP -> {
        Iterator<Map.Entry<String, JsonNode>> it = value.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          SchemaNode fieldSchema = s.field(e.getKey());
          if (fieldSchema == null) {
            continue;
          }
          List<PathElement> child = append(path, PathElement.field(e.getKey()));
          JsonNode v = e.getValue();
          toFieldSet(v, fieldSchema, child, set);
          if (v.isNull() || (v.isObject() && v.isEmpty()) || !s.declares(e.getKey())) {
            set.insert(child);
          }
        }
      }
      case LIST -> {
        List<PathElement> elements = itemElements(s, value);
        if (elements == null) {
          set.insert(path);
          return;
        }
        TreeMap<PathElement, Integer> counts = new TreeMap<>();
        elements.forEach(pe -> counts.merge(pe, 1, Integer::sum));
        for (int i = 0; i < value.size(); i++) {
          PathElement pe = elements.get(i);
          List<PathElement> child = append(path, pe);
          if (counts.get(pe) > 1) {
            set.insert(child);
            continue;
          }
          toFieldSet(value.get(i), s.element(), child, set);
          set.insert(child);
        }
      }
    }
  }

  // ------------------------------------------------------------------ merge

  /** {@code rhs} merged into {@code lhs}: rhs wins at every leaf; granular maps and lists merge. */
  static JsonNode merge(JsonNode lhs, JsonNode rhs, SchemaNode schema) {
    if (rhs == null) {
      return lhs == null ? null : lhs.deepCopy();
    }
    if (lhs == null) {
      return rhs.deepCopy();
    }
    SchemaNode s = schema == null ? SchemaNode.untyped() : schema;
    if (emptyOrNull(lhs) && emptyOrNull(rhs)) {
      return rhs.deepCopy();
    }
    Shape ls = shape(s, lhs);
    Shape rs = shape(s, rhs);
    if (rhs.isNull() && ls != Shape.LEAF) {
      return lhs.deepCopy();
    }
    if (ls != rs || rs == Shape.LEAF) {
      return rhs.deepCopy();
    }
    return rs == Shape.MAP ? mergeMaps(lhs, rhs, s) : mergeLists(lhs, rhs, s);
  }

  private static JsonNode mergeMaps(JsonNode lhs, JsonNode rhs, SchemaNode s) {
    ObjectNode out = NODES.objectNode();
    Set<String> keys = new LinkedHashSet<>();
    lhs.fieldNames().forEachRemaining(keys::add);
    rhs.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      SchemaNode fieldSchema = s.field(key);
      JsonNode merged = merge(lhs.get(key), rhs.get(key), fieldSchema);
      if (merged != null) {
        out.set(key, merged);
      }
    }
    return out;
  }

  /**
   * Merges associative lists in structured-merge-diff's order: items of {@code rhs} in their order,
   * with items only in {@code lhs} kept before the next shared item.
   */
  private static JsonNode mergeLists(JsonNode lhs, JsonNode rhs, SchemaNode s) {
    List<PathElement> lPes = itemElements(s, lhs);
    List<PathElement> rPes = itemElements(s, rhs);
    if (lPes == null || rPes == null) {
      return rhs.deepCopy();
    }
    TreeMap<PathElement, JsonNode> observedL = new TreeMap<>();
    for (int i = 0; i < lPes.size(); i++) {
      observedL.merge(lPes.get(i), lhs.get(i), (a, b) -> NODES.nullNode());
    }
    TreeMap<PathElement, JsonNode> observedR = new TreeMap<>();
    for (int i = 0; i < rPes.size(); i++) {
      observedR.putIfAbsent(rPes.get(i), rhs.get(i));
    }
    List<PathElement> shared = new ArrayList<>();
    for (PathElement pe : rPes) {
      if (observedL.containsKey(pe)) {
        shared.add(pe);
      }
    }
    int sharedAt = 0;
    PathElement nextShared = shared.isEmpty() ? null : shared.get(sharedAt++);
    TreeMap<PathElement, Boolean> mergedR = new TreeMap<>();
    ArrayNode out = NODES.arrayNode();
    SchemaNode element = s.element();
    int li = 0;
    int ri = 0;
    while (li < lPes.size() || ri < rPes.size()) {
      if (li < lPes.size() && ri < rPes.size()) {
        PathElement pe = lPes.get(li);
        if (pe.same(rPes.get(ri))) {
          mergedR.put(pe, Boolean.TRUE);
          addMerged(out, merge(nullToAbsent(observedL.get(pe)), observedR.get(pe), element));
          li++;
          ri++;
          nextShared = sharedAt < shared.size() ? shared.get(sharedAt++) : null;
          continue;
        }
        if (observedR.containsKey(pe) && nextShared != null && !nextShared.same(pe)) {
          li++;
          continue;
        }
      }
      if (li < lPes.size()) {
        PathElement pe = lPes.get(li);
        if (!observedR.containsKey(pe)) {
          addMerged(out, merge(lhs.get(li), null, element));
          li++;
          continue;
        } else if (mergedR.containsKey(pe)) {
          li++;
        }
      }
      if (ri < rPes.size()) {
        PathElement pe = rPes.get(ri);
        mergedR.put(pe, Boolean.TRUE);
        addMerged(out, merge(nullToAbsent(observedL.get(pe)), observedR.get(pe), element));
        ri++;
        if (nextShared != null && nextShared.same(pe)) {
          nextShared = sharedAt < shared.size() ? shared.get(sharedAt++) : null;
        }
      }
    }
    return out;
  }

  private static JsonNode nullToAbsent(JsonNode v) {
    return v == null || v.isNull() ? null : v;
  }

  private static void addMerged(ArrayNode out, JsonNode item) {
    if (item != null) {
      out.add(item);
    }
  }

  // ------------------------------------------------------------------ compare

  /** What changed from {@code lhs} to {@code rhs}, leaf by leaf. */
  static Comparison compare(JsonNode lhs, JsonNode rhs, SchemaNode schema) {
    Comparison c = new Comparison(FieldSet.empty(), FieldSet.empty(), FieldSet.empty());
    compare(lhs, rhs, schema, new ArrayList<>(), c);
    return c;
  }

  private static void compare(
      JsonNode lhs, JsonNode rhs, SchemaNode schema, List<PathElement> path, Comparison c) {
    if (lhs == null && rhs == null) {
      return;
    }
    SchemaNode s = schema == null ? SchemaNode.untyped() : schema;
    Shape ls = lhs == null ? null : shape(s, lhs);
    Shape rs = rhs == null ? null : shape(s, rhs);
    boolean leaf =
        (emptyOrNull(lhs) && emptyOrNull(rhs))
            || ls == Shape.LEAF
            || rs == Shape.LEAF
            || (ls != null && rs != null && ls != rs);
    if (leaf) {
      if (lhs == null) {
        c.added().insert(path);
      } else if (rhs == null) {
        c.removed().insert(path);
      } else if (!JsonValues.equal(lhs, rhs)) {
        c.modified().insert(path);
      }
      return;
    }
    Shape shape = ls != null ? ls : rs;
    if (shape == Shape.MAP) {
      Set<String> keys = new LinkedHashSet<>();
      if (lhs != null) {
        lhs.fieldNames().forEachRemaining(keys::add);
      }
      if (rhs != null) {
        rhs.fieldNames().forEachRemaining(keys::add);
      }
      for (String key : keys) {
        SchemaNode fieldSchema = s.field(key);
        if (fieldSchema == null) {
          continue;
        }
        compare(
            lhs == null ? null : lhs.get(key),
            rhs == null ? null : rhs.get(key),
            fieldSchema,
            append(path, PathElement.field(key)),
            c);
      }
    } else {
      compareLists(lhs, rhs, s, path, c);
    }
    if (lhs == null) {
      c.added().insert(path);
    } else if (rhs == null) {
      c.removed().insert(path);
    }
  }

  private static void compareLists(
      JsonNode lhs, JsonNode rhs, SchemaNode s, List<PathElement> path, Comparison c) {
    List<PathElement> lPes = lhs == null ? List.of() : itemElements(s, lhs);
    List<PathElement> rPes = rhs == null ? List.of() : itemElements(s, rhs);
    if (lPes == null || rPes == null) {
      if (lhs == null) {
        c.added().insert(path);
      } else if (rhs == null) {
        c.removed().insert(path);
      } else if (!JsonValues.equal(lhs, rhs)) {
        c.modified().insert(path);
      }
      return;
    }
    TreeMap<PathElement, List<JsonNode>> lValues = group(lPes, lhs);
    TreeMap<PathElement, List<JsonNode>> rValues = group(rPes, rhs);
    Set<PathElement> all = new TreeSet<>(lValues.keySet());
    all.addAll(rValues.keySet());
    for (PathElement pe : all) {
      List<JsonNode> l = lValues.getOrDefault(pe, List.of());
      List<JsonNode> r = rValues.getOrDefault(pe, List.of());
      List<PathElement> child = append(path, pe);
      if (l.size() <= 1 && r.size() <= 1) {
        compare(
            l.isEmpty() ? null : l.get(0), r.isEmpty() ? null : r.get(0), s.element(), child, c);
      } else if (l.size() >= 2 && r.size() >= 2) {
        if (!sameItems(l, r)) {
          c.modified().insert(child);
        }
      } else if (l.size() >= 2) {
        if (!r.isEmpty()) {
          compare(null, r.get(0), s.element(), child, c);
        }
        c.removed().insert(child);
      } else {
        if (!l.isEmpty()) {
          compare(l.get(0), null, s.element(), child, c);
        }
        c.added().insert(child);
      }
    }
  }

  private static TreeMap<PathElement, List<JsonNode>> group(List<PathElement> pes, JsonNode list) {
    TreeMap<PathElement, List<JsonNode>> out = new TreeMap<>();
    for (int i = 0; i < pes.size(); i++) {
      out.computeIfAbsent(pes.get(i), k -> new ArrayList<>()).add(list.get(i));
    }
    return out;
  }

  private static boolean sameItems(List<JsonNode> a, List<JsonNode> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!JsonValues.equal(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ remove

  /**
   * {@code value} without the fields (and list items) in {@code toRemove}; null if nothing is left.
   */
  static JsonNode removeItems(JsonNode value, FieldSet toRemove, SchemaNode schema) {
    if (value == null) {
      return null;
    }
    SchemaNode s = schema == null ? SchemaNode.untyped() : schema;
    Shape shape = shape(s, value);
    if (shape == Shape.LEAF || value.isEmpty()) {
      return value.deepCopy();
    }
    if (shape == Shape.MAP) {
      ObjectNode out = NODES.objectNode();
      Iterator<Map.Entry<String, JsonNode>> it = value.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        PathElement pe = PathElement.field(e.getKey());
        if (toRemove.hasMember(pe)) {
          continue;
        }
        FieldSet below = toRemove.withPrefix(pe);
        JsonNode v = e.getValue();
        if (!below.isEmpty()) {
          SchemaNode fieldSchema = s.field(e.getKey());
          v = removeItems(v, below, fieldSchema);
          if (v == null) {
            continue;
          }
        }
        out.set(e.getKey(), v.deepCopy());
      }
      return out.isEmpty() ? null : out;
    }
    List<PathElement> pes = itemElements(s, value);
    if (pes == null) {
      return value.deepCopy();
    }
    ArrayNode out = NODES.arrayNode();
    for (int i = 0; i < value.size(); i++) {
      PathElement pe = pes.get(i);
      if (toRemove.hasMember(pe)) {
        continue;
      }
      FieldSet below = toRemove.withPrefix(pe);
      JsonNode item = value.get(i);
      if (!below.isEmpty()) {
        item = removeItems(item, below, s.element());
        if (item == null) {
          item = NODES.objectNode();
        }
      }
      out.add(item.deepCopy());
    }
    return out.isEmpty() ? null : out;
  }

  private static List<PathElement> append(List<PathElement> path, PathElement pe) {
    List<PathElement> out = new ArrayList<>(path.size() + 1);
    out.addAll(path);
    out.add(pe);
    return out;
  }
}
