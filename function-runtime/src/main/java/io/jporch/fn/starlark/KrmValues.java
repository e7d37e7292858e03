package io.jporch.fn.starlark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Converts KRM objects (Jackson trees) to Starlark values and back, as the starlark function's
 * {@code util.Marshal}/{@code Unmarshal} do. Going back, a mapping that came from the input keeps
 * its original key order with new keys appended in alphabetical order; a mapping created by the
 * script has its keys in alphabetical order (the Go function sorts all keys; kpt then restores the
 * order of fields it already knew).
 */
final class KrmValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final IdentityHashMap<StarlarkDict, List<String>> inputKeyOrder = new IdentityHashMap<>();

  Object toStarlark(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NoneType.NONE;
    }
    if (node.isObject()) {
      StarlarkDict d = new StarlarkDict();
      List<String> keys = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        d.put(e.getKey(), toStarlark(e.getValue()));
        keys.add(e.getKey());
      }
      inputKeyOrder.put(d, keys);
      return d;
    }
    if (node.isArray()) {
      StarlarkList l = new StarlarkList();
      node.forEach(e -> l.elems.add(toStarlark(e)));
      return l;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }

  JsonNode toJson(Object v) {
    return switch (v) {
      case NoneType n -> NODES.nullNode();
      case Boolean b -> NODES.booleanNode(b);
      case BigInteger i ->
          i.bitLength() < 64 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
      case Double d -> NODES.numberNode(d);
      case String s -> NODES.textNode(s);
      case StarlarkDict d -> {
        ObjectNode o = NODES.objectNode();
        List<String> original = inputKeyOrder.getOrDefault(d, List.of());
        TreeSet<String> added = new TreeSet<>();
        for (Object k : d.map.keySet()) {
          if (!(k instanceof String key)) {
            throw new StarlarkException(
                "cannot convert a dict with a "
                    + Starlark.type(k)
                    + " key to YAML: keys must be strings");
          }
          if (!original.contains(key)) {
            added.add(key);
          }
        }
        for (String key : original) {
          if (d.map.containsKey(key)) {
            o.set(key, toJson(d.map.get(key)));
          }
        }
        for (String key : added) {
          o.set(key, toJson(d.map.get(key)));
        }
        yield o;
      }
      case StarlarkList l -> array(l.elems);
      case Tuple t -> array(t.elems());
      case StarlarkSet s -> array(new ArrayList<>(s.elems));
      case Struct s -> {
        ObjectNode o = NODES.objectNode();
        s.fields().forEach((k, x) -> o.set(k, toJson(x)));
        yield o;
      }
      default -> throw new StarlarkException("cannot convert a " + Starlark.type(v) + " to YAML");
    };
  }

  private ArrayNode array(List<Object> elems) {
    ArrayNode a = NODES.arrayNode();
    elems.forEach(e -> a.add(toJson(e)));
    return a;
  }
}
