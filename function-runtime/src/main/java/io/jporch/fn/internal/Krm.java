package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small helpers the catalog functions share: GVK tests, nested maps, config data. */
final class Krm {
  static final String LOCAL_CONFIG = "config.kubernetes.io/local-config";
  static final String FN_API_VERSION = "fn.kpt.dev/v1alpha1";

  private Krm() {}

  static String group(JsonNode item) {
    String apiVersion = item.path("apiVersion").asText("");
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  static String version(JsonNode item) {
    String apiVersion = item.path("apiVersion").asText("");
    return apiVersion.substring(apiVersion.indexOf('/') + 1);
  }

  static String kind(JsonNode item) {
    return item.path("kind").asText("");
  }

  static String name(JsonNode item) {
    return item.path("metadata").path("name").asText("");
  }

  /** The SDK's {@code IsGVK}: an empty group or version matches any. */
  static boolean isGvk(JsonNode item, String group, String version, String kind) {
    return (group.isEmpty() || group.equals(group(item)))
        && (version.isEmpty() || version.equals(version(item)))
        && kind.equals(kind(item));
  }

  /** True when {@code config.kubernetes.io/local-config} is set to anything but "false". */
  static boolean isLocalConfig(JsonNode item) {
    JsonNode v = item.path("metadata").path("annotations").get(LOCAL_CONFIG);
    return v != null && !v.isNull() && !v.asText().isEmpty() && !"false".equals(v.asText());
  }

  static String annotation(JsonNode item, String key) {
    JsonNode v = item.path("metadata").path("annotations").get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** The map at {@code path}, or null when absent (or not a map). */
  static ObjectNode map(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      if (n == null) {
        return null;
      }
      n = n.get(p);
    }
    return n instanceof ObjectNode o ? o : null;
  }

  /** The map at {@code path}, created (with its parents) when absent. */
  static ObjectNode ensureMap(ObjectNode node, String... path) {
    ObjectNode n = node;
    for (String p : path) {
      JsonNode next = n.get(p);
      if (next instanceof ObjectNode o) {
        n = o;
      } else {
        if (next != null && !next.isNull()) {
          throw new FunctionException(
              "field " + p + " of " + kind(node) + " " + name(node) + " is not a map");
        }
        n = n.putObject(p);
      }
    }
    return n;
  }

  /** The map elements of the list at {@code key}. */
  static List<ObjectNode> mapsIn(JsonNode node, String key) {
    List<ObjectNode> out = new ArrayList<>();
    if (node != null && node.get(key) instanceof ArrayNode a) {
      for (JsonNode e : a) {
        if (e instanceof ObjectNode o) {
          out.add(o);
        }
      }
    }
    return out;
  }

  /** A map of strings (a ConfigMap's {@code data}), keys sorted; non-strings as their text. */
  static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    if (node != null && node.isObject()) {
      node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  private static final java.util.regex.Pattern INT =
      java.util.regex.Pattern.compile("[-+]?(0|[1-9][0-9]*)");
  private static final java.util.regex.Pattern FLOAT =
      java.util.regex.Pattern.compile(
          "[-+]?(\\.[0-9]+|[0-9]+\\.[0-9]*|[0-9]+(\\.[0-9]*)?[eE][-+]?[0-9]+)");

  /**
   * A scalar written plain and read back, as yaml.v3 resolves it after a function clears its tag:
   * integers, floats, {@code true}/{@code false}, null, otherwise a string.
   */
  static JsonNode plainScalar(String s) {
    var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    switch (s) {
      case "true", "True", "TRUE" -> {
        return nodes.booleanNode(true);
      }
      case "false", "False", "FALSE" -> {
        return nodes.booleanNode(false);
      }
      case "~", "null", "Null", "NULL" -> {
        return nodes.nullNode();
      }
      default -> {}
    }
    if (INT.matcher(s).matches()) {
      return nodes.numberNode(new java.math.BigInteger(s));
    }
    if (FLOAT.matcher(s).matches() && !s.equals(".")) {
      return nodes.numberNode(new java.math.BigDecimal(s));
    }
    return nodes.textNode(s);
  }

  /**
   * The value a function writes into an existing scalar: a string that was necessarily quoted (it
   * would read as another type plain) stays a string, as yaml.v3 keeps the quoting style; any other
   * scalar is re-typed from the new text.
   */
  static JsonNode retyped(JsonNode old, String text) {
    if (text.isEmpty()
        || (old != null && old.isTextual() && !plainScalar(old.asText()).isTextual())) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
    }
    return plainScalar(text);
  }

  /** True for the functionConfig kpt sends when none is declared (absent, or empty). */
  static boolean isEmptyConfig(ObjectNode fc) {
    return fc == null || (kind(fc).isEmpty() && name(fc).isEmpty());
  }
}
