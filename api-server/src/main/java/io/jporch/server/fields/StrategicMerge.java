package io.jporch.server.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Strategic merge patch (application/strategic-merge-patch+json) with the patch strategies and
 * merge keys of the published schema ({@code x-kubernetes-patch-strategy}, {@code
 * x-kubernetes-patch-merge-key}): lists without a merge strategy are replaced, maps merge, null
 * deletes; the directives {@code $patch} (replace, delete, merge), {@code $retainKeys}, {@code
 * $deleteFromPrimitiveList/<field>} and {@code $setElementOrder/<field>} behave as in Kubernetes.
 * Port of {@code StrategicMergeMapPatchUsingLookupPatchMeta} in k8s.io/apimachinery
 * pkg/util/strategicpatch/patch.go.
 */
public final class StrategicMerge {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String DIRECTIVE = "$patch";
  private static final String DELETE = "delete";
  private static final String REPLACE = "replace";
  private static final String MERGE = "merge";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
  private static final String SET_ELEMENT_ORDER = "$setElementOrder";

  private StrategicMerge() {}

  /** A patch that cannot be applied; {@code clientError} distinguishes 400 from 422 cases. */
  public static final class PatchException extends RuntimeException {
    private final boolean unprocessable;

    PatchException(String message, boolean unprocessable) {
      super(message);
      this.unprocessable = unprocessable;
    }

    /** True where Kubernetes answers 422 (lists of lists, content not matching $retainKeys). */
    public boolean unprocessable() {
      return unprocessable;
    }
  }

  /** Applies {@code patch} to a copy of {@code original}. */
  public static ObjectNode apply(ObjectNode original, ObjectNode patch, SchemaNode schema) {
    return mergeMap(original.deepCopy(), patch.deepCopy(), orUntyped(schema));
  }

  private static SchemaNode orUntyped(SchemaNode schema) {
    return schema == null ? SchemaNode.untyped() : schema;
  }

  private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, SchemaNode schema) {
    JsonNode directive = patch.get(DIRECTIVE);
    if (directive != null) {
      return handleDirectiveInMergeMap(directive, patch);
    }
    if (original == null) {
      original = NODES.objectNode();
    }
    applyRetainKeys(original, patch);
    mergeSetElementOrder(original, patch, schema);
    for (String key : fieldNames(patch)) {
      JsonNode patchValue = patch.get(key);
      boolean deleteList = false;
      String field = key;
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        field =
            extractKey(key, DELETE_FROM_PRIMITIVE_LIST, "invalid patch format of primitive list");
        deleteList = true;
      }
      if (patchValue.isNull()) {
        original.remove(field);
        continue;
      }
      JsonNode current = original.get(field);
      if (current == null || sameShape(current, patchValue) == null) {
        if (!deleteList) {
          JsonNode value = removeDirectives(discardNulls(patchValue.deepCopy()));
          if (value == null) {
            original.remove(field);
          } else {
            original.set(field, value);
          }
        }
        continue;
      }
      SchemaNode fieldSchema = orUntyped(schema.field(field));
      if (current.isObject()) {
        original.set(
            field, mergeMapHandler((ObjectNode) current, (ObjectNode) patchValue, fieldSchema));
      } else if (current.isArray()) {
        original.set(
            field,
            mergeSliceHandler(
                (ArrayNode) current, (ArrayNode) patchValue, fieldSchema, deleteList));
      } else {
        JsonNode value = removeDirectives(patchValue.deepCopy());
        if (value == null) {
          original.remove(field);
        } else {
          original.set(field, value);
        }
      }
    }
    return original;
  }

  /** Non-null if both are maps, both lists, or both scalars of the same JSON type. */
  private static Boolean sameShape(JsonNode a, JsonNode b) {
    if (a.isObject() && b.isObject()) {
      return Boolean.TRUE;
    }
    if (a.isArray() && b.isArray()) {
      return Boolean.TRUE;
    }
    if (a.isContainerNode() || b.isContainerNode()) {
      return null;
    }
    return a.getNodeType() == b.getNodeType() ? Boolean.TRUE : null;
  }

  private static ObjectNode handleDirectiveInMergeMap(JsonNode directive, ObjectNode patch) {
    if (directive.isTextual() && directive.asText().equals(REPLACE)) {
      patch.remove(DIRECTIVE);
      return patch;
    }
    if (directive.isTextual() && directive.asText().equals(DELETE)) {
      return NODES.objectNode();
    }
    throw badPatchType(directive, patch);
  }

  private static ObjectNode mergeMapHandler(
      ObjectNode original, ObjectNode patch, SchemaNode schema) {
    if (strategy(schema).equals(REPLACE)) {
      return patch;
    }
    return mergeMap(original, patch, schema);
  }

  private static ArrayNode mergeSliceHandler(
      ArrayNode original, ArrayNode patch, SchemaNode schema, boolean deleteList) {
    if (strategy(schema).equals(MERGE) || deleteList) {
      return mergeSlice(original, patch, schema, deleteList);
    }
    return patch;
  }

  /** The non-retainKeys part of a field's patch strategy. */
  private static String strategy(SchemaNode schema) {
    String value = schema.patchStrategy();
    List<String> parts = new ArrayList<>();
    for (String s : value.split(",")) {
      if (!s.isBlank() && !s.strip().equals("retainKeys")) {
        parts.add(s.strip());
      }
    }
    return parts.isEmpty() ? "" : parts.get(0);
  }

  private static ArrayNode mergeSlice(
      ArrayNode original, ArrayNode patch, SchemaNode schema, boolean deleteList) {
    if (original.isEmpty() && patch.isEmpty()) {
      return original;
    }
    boolean maps = elementsAreMaps(original, patch);
    String mergeKey = schema.patchMergeKey();
    List<JsonNode> merged;
    List<JsonNode> patchItems = list(patch);
    List<JsonNode> originalItems = list(original);
    if (!maps) {
      if (deleteList) {
        return deleteFromSlice(original, patch);
      }
      merged = new ArrayList<>(originalItems);
      merged.addAll(patchItems);
      merged = deduplicateScalars(merged);
    } else {
      if (mergeKey.isEmpty()) {
        throw new PatchException("cannot merge lists without merge key for " + "list", false);
      }
      List<List<JsonNode>> split =
          mergeSliceWithSpecialElements(originalItems, patchItems, mergeKey);
      originalItems = split.get(0);
      patchItems = split.get(1);
      merged = mergeSliceWithoutSpecialElements(originalItems, patchItems, mergeKey, schema);
    }
    String key = maps ? mergeKey : "";
    List<List<JsonNode>> parts = partition(merged, patchItems, key);
    return toArray(
        normalizeElementOrder(parts.get(0), parts.get(1), patchItems, originalItems, key));
  }

  private static List<List<JsonNode>> mergeSliceWithSpecialElements(
      List<JsonNode> original, List<JsonNode> patch, String mergeKey) {
    List<JsonNode> plain = new ArrayList<>();
    boolean replace = false;
    for (JsonNode v : patch) {
      JsonNode directive = v.get(DIRECTIVE);
      if (directive == null) {
        plain.add(v);
        continue;
      }
      String type = directive.asText();
      switch (type) {
        case DELETE -> {
          JsonNode value = v.get(mergeKey);
          if (value == null) {
            throw noMergeKey(v, mergeKey);
          }
          List<JsonNode> kept = new ArrayList<>();
          for (JsonNode o : original) {
            if (!(o.has(mergeKey) && JsonValues.equal(o.get(mergeKey), value))) {
              kept.add(o);
            }
          }
          original = kept;
        }
        case REPLACE -> replace = true;
        case MERGE ->
            throw new PatchException("merging lists cannot yet be specified in the patch", false);
        default -> throw badPatchType(directive, (ObjectNode) v);
      }
    }
    if (replace) {
      return List.of(plain, List.of());
    }
    return List.of(original, plain);
  }

  private static List<JsonNode> mergeSliceWithoutSpecialElements(
      List<JsonNode> original, List<JsonNode> patch, String mergeKey, SchemaNode schema) {
    List<JsonNode> out = new ArrayList<>(original);
    for (JsonNode v : patch) {
      JsonNode value = v.get(mergeKey);
      if (value == null) {
        throw noMergeKey(v, mergeKey);
      }
      int at = indexByKey(out, mergeKey, value);
      if (at >= 0) {
        out.set(
            at,
            mergeMap(
                (ObjectNode) out.get(at).deepCopy(),
                (ObjectNode) v.deepCopy(),
                orUntyped(schema.element())));
      } else {
        out.add(v);
      }
    }
    return out;
  }

  private static ArrayNode deleteFromSlice(ArrayNode current, ArrayNode toDelete) {
    ArrayNode out = NODES.arrayNode();
    for (JsonNode v : current) {
      boolean found = false;
      for (JsonNode d : toDelete) {
        found |= JsonValues.equal(v, d);
      }
      if (!found) {
        out.add(v);
      }
    }
    return out;
  }

  private static List<JsonNode> deduplicateScalars(List<JsonNode> items) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode v : items) {
      if (out.stream().noneMatch(o -> JsonValues.equal(o, v))) {
        out.add(v);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ ordering

  /** Items of {@code merged} present in {@code by} (first) and the others (second). */
  private static List<List<JsonNode>> partition(
      List<JsonNode> merged, List<JsonNode> by, String mergeKey) {
    List<JsonNode> inPatch = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode v : merged) {
      if (mergeKey.isEmpty()) {
        (contains(by, v) ? inPatch : serverOnly).add(v);
      } else {
        JsonNode value = v.get(mergeKey);
        if (value == null) {
          throw noMergeKey(v, mergeKey);
        }
        (indexByKey(by, mergeKey, value) >= 0 ? inPatch : serverOnly).add(v);
      }
    }
    return List.of(inPatch, serverOnly);
  }

  private static List<JsonNode> normalizeElementOrder(
      List<JsonNode> patch,
      List<JsonNode> serverOnly,
      List<JsonNode> patchOrder,
      List<JsonNode> serverOrder,
      String mergeKey) {
    List<JsonNode> sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey);
    List<JsonNode> sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey);
    return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey);
  }

  private static List<JsonNode> normalizeSliceOrder(
      List<JsonNode> toSort, List<JsonNode> order, String mergeKey) {
    List<JsonNode> keep = new ArrayList<>();
    List<JsonNode> toDelete = new ArrayList<>();
    for (JsonNode v : toSort) {
      if (!mergeKey.isEmpty() && v.isObject() && DELETE.equals(v.path(DIRECTIVE).asText(null))) {
        toDelete.add(v);
      } else {
        keep.add(v);
      }
    }
    List<JsonNode> sorted = new ArrayList<>(keep);
    sorted.sort(
        (a, b) -> {
          int ia = index(order, a, mergeKey);
          int ib = index(order, b, mergeKey);
          return ia >= 0 && ib >= 0 ? Integer.compare(ia, ib) : 0;
        });
    sorted.addAll(toDelete);
    return sorted;
  }

  /**
   * Inserts each item of {@code left} into {@code right}, keeping both relative orders and using
   * {@code serverOrder} to place items found in both.
   */
  private static List<JsonNode> mergeSortedSlice(
      List<JsonNode> left, List<JsonNode> right, List<JsonNode> serverOrder, String mergeKey) {
    List<JsonNode> out = new ArrayList<>(left.size() + right.size());
    int i = 0;
    int j = 0;
    while (i < left.size() || j < right.size()) {
      if (i >= left.size()) {
        out.add(right.get(j++));
      } else if (j >= right.size()) {
        out.add(left.get(i++));
      } else {
        int li = index(serverOrder, left.get(i), mergeKey);
        int ri = index(serverOrder, right.get(j), mergeKey);
        if (li >= 0 && ri >= 0 && li < ri) {
          out.add(left.get(i++));
        } else {
          out.add(right.get(j++));
        }
      }
    }
    return out;
  }

  private static int index(List<JsonNode> list, JsonNode item, String mergeKey) {
    JsonNode wanted = mergeKey.isEmpty() ? item : item.get(mergeKey);
    for (int i = 0; i < list.size(); i++) {
      JsonNode candidate = mergeKey.isEmpty() ? list.get(i) : list.get(i).get(mergeKey);
      if (candidate != null && wanted != null && JsonValues.equal(candidate, wanted)) {
        return i;
      }
    }
    return -1;
  }

  // ------------------------------------------------------------------ directives

  private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
    JsonNode retain = patch.remove(RETAIN_KEYS);
    if (retain == null) {
      return;
    }
    if (!retain.isArray()) {
      throw new PatchException("invalid patch format of retainKeys", false);
    }
    Set<String> keep = new HashSet<>();
    retain.forEach(k -> keep.add(k.asText()));
    for (String key : fieldNames(patch)) {
      JsonNode v = patch.get(key);
      if (v.isNull()
          || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
          || key.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      if (!keep.contains(key)) {
        throw new PatchException("invalid patch format of retainKeys", false);
      }
    }
    for (String key : fieldNames(original)) {
      if (!keep.contains(key)) {
        original.remove(key);
      }
    }
  }

  /**
   * Merges each {@code $setElementOrder/<field>} list with its patch list and orders the result.
   */
  private static void mergeSetElementOrder(
      ObjectNode original, ObjectNode patch, SchemaNode schema) {
    for (String key : fieldNames(patch)) {
      if (!key.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      JsonNode order = patch.remove(key);
      if (!order.isArray()) {
        throw new PatchException("invalid patch format of setElementOrder list", false);
      }
      String field =
          extractKey(key, SET_ELEMENT_ORDER, "invalid patch format of setElementOrder list");
      JsonNode originalList = original.get(field);
      JsonNode patchList = patch.get(field);
      if (originalList != null && !originalList.isArray()
          || patchList != null && !patchList.isArray()) {
        throw new PatchException("invalid patch format of setElementOrder list", false);
      }
      SchemaNode fieldSchema = orUntyped(schema.field(field));
      String mergeKey = fieldSchema.patchMergeKey();
      validateSetOrder(patchList, order, mergeKey);
      List<JsonNode> merged;
      if (originalList != null && patchList == null) {
        merged = list((ArrayNode) originalList);
      } else if (originalList == null && patchList != null) {
        JsonNode v = removeDirectives(patchList.deepCopy());
        merged = v == null ? List.of() : list((ArrayNode) v);
      } else if (originalList != null) {
        merged =
            list(
                mergeSliceHandler(
                    (ArrayNode) originalList, (ArrayNode) patchList, fieldSchema, false));
      } else {
        continue;
      }
      List<JsonNode> orderItems = list((ArrayNode) order);
      List<List<JsonNode>> parts = partition(merged, orderItems, mergeKey);
      List<JsonNode> serverOrder =
          originalList == null ? List.of() : list((ArrayNode) originalList);
      original.set(
          field,
          toArray(
              normalizeElementOrder(
                  parts.get(0), parts.get(1), orderItems, serverOrder, mergeKey)));
      patch.remove(field);
    }
  }

  private static void validateSetOrder(JsonNode patchList, JsonNode order, String mergeKey) {
    if (patchList == null || patchList.isEmpty() || order.isEmpty()) {
      return;
    }
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode v : patchList) {
      if (mergeKey.isEmpty() || !DELETE.equals(v.path(DIRECTIVE).asText(null))) {
        items.add(v);
      }
    }
    int p = 0;
    int s = 0;
    while (p < items.size() && s < order.size()) {
      if (items.get(p).isObject() && items.get(p).has(DIRECTIVE)) {
        p++;
        continue;
      }
      JsonNode a = mergeKey.isEmpty() ? items.get(p) : items.get(p).get(mergeKey);
      JsonNode b = mergeKey.isEmpty() ? order.get(s) : order.get(s).get(mergeKey);
      if (a == null || b == null) {
        throw noMergeKey(a == null ? items.get(p) : order.get(s), mergeKey);
      }
      if (JsonValues.equal(a, b)) {
        p++;
      }
      s++;
    }
    if (p < items.size() && s >= order.size()) {
      throw new PatchException(
          "The order in patch list:\n"
              + patchList
              + "\n doesn't match $setElementOrder list:\n"
              + order
              + "\n",
          false);
    }
  }

  /** Drops directive maps; returns null when the value itself is a directive. */
  private static JsonNode removeDirectives(JsonNode value) {
    if (value instanceof ObjectNode object) {
      if (object.has(DIRECTIVE)) {
        return null;
      }
      for (String key : fieldNames(object)) {
        JsonNode v = removeDirectives(object.get(key));
        if (v == null) {
          object.remove(key);
        } else {
          object.set(key, v);
        }
      }
      return object;
    }
    if (value instanceof ArrayNode array) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode v : array) {
        JsonNode kept = removeDirectives(v);
        if (kept != null) {
          out.add(kept);
        }
      }
      return out;
    }
    return value;
  }

  private static JsonNode discardNulls(JsonNode value) {
    if (value instanceof ObjectNode object) {
      for (String key : fieldNames(object)) {
        if (object.get(key).isNull()) {
          object.remove(key);
        } else {
          discardNulls(object.get(key));
        }
      }
    } else if (value instanceof ArrayNode array) {
      array.forEach(StrategicMerge::discardNulls);
    }
    return value;
  }

  // ------------------------------------------------------------------ helpers

  private static boolean elementsAreMaps(ArrayNode a, ArrayNode b) {
    JsonNode first = null;
    for (ArrayNode list : List.of(a, b)) {
      for (JsonNode v : list) {
        if (first == null) {
          first = v;
          if (v.isArray()) {
            throw new PatchException("lists of lists are not supported", true);
          }
        } else if (first.isObject() != v.isObject() || first.getNodeType() != v.getNodeType()) {
          throw new PatchException("list element types are not identical: " + a + ", " + b, false);
        }
      }
    }
    return first != null && first.isObject();
  }

  private static int indexByKey(List<JsonNode> list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode v = list.get(i);
      if (!v.isObject()) {
        throw new PatchException("value for key " + i + " is not a map", false);
      }
      JsonNode candidate = v.get(key);
      if (candidate != null && JsonValues.equal(candidate, value)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(List<JsonNode> list, JsonNode item) {
    return list.stream().anyMatch(v -> JsonValues.equal(v, item));
  }

  private static String extractKey(String key, String prefix, String error) {
    int slash = key.indexOf('/');
    if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
      throw new PatchException(error, false);
    }
    return key.substring(slash + 1);
  }

  private static List<String> fieldNames(ObjectNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  private static List<JsonNode> list(ArrayNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static ArrayNode toArray(List<JsonNode> items) {
    ArrayNode out = NODES.arrayNode();
    items.forEach(out::add);
    return out;
  }

  private static PatchException noMergeKey(JsonNode map, String key) {
    return new PatchException(
        "map: " + map + " does not contain declared merge key: " + key, false);
  }

  private static PatchException badPatchType(JsonNode type, ObjectNode map) {
    return new PatchException("unknown patch type: " + type.asText() + " in map: " + map, false);
  }
}
