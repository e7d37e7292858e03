package io.jporch.server.fields;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Ordering, equality and printing of JSON values as structured-merge-diff's {@code value} package
 * defines them: numbers (integers and floats compared numerically) before strings before booleans
 * before lists before maps before null.
 */
public final class JsonValues {
  private JsonValues() {}

  static int compare(JsonNode a, JsonNode b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (ra) {
      case 0 -> Double.compare(a.asDouble(), b.asDouble());
      case 1 -> a.asText().compareTo(b.asText());
      case 2 -> Boolean.compare(a.asBoolean(), b.asBoolean());
      case 3 -> compareLists(a, b);
      case 4 -> compareMaps(a, b);
      default -> 0;
    };
  }

  /** Equality of JSON values; numbers compare by value (1 equals 1.0). */
  public static boolean equal(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.isIntegralNumber() && b.isIntegralNumber()
          ? a.bigIntegerValue().equals(b.bigIntegerValue())
          : Double.compare(a.asDouble(), b.asDouble()) == 0;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equal(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> it = a.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!b.has(e.getKey()) || !equal(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** How structured-merge-diff prints a value in a path ({@code "text"}, {@code 1}, ...). */
  static String toText(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isTextual()) {
      return quote(v.asText());
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(e -> parts.add(toText(e)));
      return "[" + String.join(",", parts) + "]";
    }
    if (v.isObject()) {
      StringBuilder out = new StringBuilder();
      v.fields()
          .forEachRemaining(e -> out.append(e.getKey()).append('=').append(toText(e.getValue())));
      return out.toString();
    }
    return v.asText();
  }

  /** Go's {@code %q} for ordinary strings. */
  static String quote(String s) {
    try {
      return Json.MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String compact(JsonNode v) {
    try {
      return Json.MAPPER.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int rank(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return 5;
    }
    if (v.isNumber()) {
      return 0;
    }
    if (v.isTextual()) {
      return 1;
    }
    if (v.isBoolean()) {
      return 2;
    }
    if (v.isArray()) {
      return 3;
    }
    return 4;
  }

  private static int compareLists(JsonNode a, JsonNode b) {
    ArrayNode la = (ArrayNode) a;
    ArrayNode lb = (ArrayNode) b;
    for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
      int c = compare(la.get(i), lb.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(la.size(), lb.size());
  }

  private static int compareMaps(JsonNode a, JsonNode b) {
    List<String> ka = sortedKeys((ObjectNode) a);
    List<String> kb = sortedKeys((ObjectNode) b);
    for (int i = 0; i < Math.min(ka.size(), kb.size()); i++) {
      int c = ka.get(i).compareTo(kb.get(i));
      if (c != 0) {
        return c;
      }
      c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ka.size(), kb.size());
  }

  private static List<String> sortedKeys(ObjectNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    keys.sort(String::compareTo);
    return keys;
  }
}
