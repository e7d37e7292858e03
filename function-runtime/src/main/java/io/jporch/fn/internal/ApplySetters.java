package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import io.jporch.core.util.Json;
import io.jporch.core.util.YamlComments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog's {@code apply-setters} (kptdev/krm-functions-catalog {@code
 * functions/go/apply-setters/applysetters}): sets the fields marked with a {@code # kpt-set:
 * <pattern>} line comment from the setter values in the functionConfig's {@code data}.
 *
 * <p>A scalar whose comment pattern references a given setter gets the pattern with every given
 * setter substituted; the other setters of the pattern keep the values they have now (recovered by
 * matching the current value against the pattern), and any still unresolved fails the function
 * ({@code values for setters [${x}] must be provided}). The new value is re-typed ({@code 3}
 * becomes an integer) unless the old one was a quoted number-like string. A sequence whose key
 * carries {@code # kpt-set: ${name}} (or a flow sequence carrying it) is replaced by the setter
 * value parsed as a YAML sequence; an empty value makes it {@code []}. Every item is visited,
 * Kptfile and local-config objects included. Results: {@code set field value to "<v>"} per field,
 * or {@code no matches for input setter(s)}.
 */
public final class ApplySetters implements KrmFunction {
  static final String PREFIX = "kpt-set: ";
  private static final Pattern SETTER = Pattern.compile("\\$\\{([^}]*)\\}");

  /** One setter: name and value. */
  record Setter(String name, String value) {}

  /** A field set, for the results. */
  private record Change(String file, String field, String value) {}

  @Override
  public void process(ResourceList rl) {
    List<Setter> setters = new ArrayList<>();
    ObjectNode fc = rl.functionConfig();
    if (fc != null) {
      Krm.stringMap(fc.get("data")).forEach((k, v) -> setters.add(new Setter(k, v)));
    }
    List<Change> changes = new ArrayList<>();
    for (ObjectNode item : rl.items()) {
      Walk walk = new Walk(setters, rl.comments(item), ResourceList.path(item), changes);
      try {
        walk.node(item, "", "");
      } catch (FunctionException e) {
        throw new FunctionException("failed to apply setters: " + e.getMessage(), e);
      }
    }
    if (changes.isEmpty()) {
      rl.addResult(null, "no matches for input setter(s)", null, null, null);
    }
    for (Change c : changes) {
      rl.addResult(null, "set field value to " + Go.quote(c.value()), null, c.field(), c.file());
    }
  }

  /** The walk over one item. */
  private record Walk(
      List<Setter> setters, Map<String, String> comments, String file, List<Change> changes) {
    void node(JsonNode node, String pointer, String path) {
      if (node instanceof ObjectNode map) {
        for (var e : new ArrayList<>(map.properties())) {
          String child = pointer + "/" + YamlComments.segment(e.getKey());
          String childPath = path + "." + e.getKey();
          if (e.getValue() instanceof ArrayNode) {
            array(map, e.getKey(), child, childPath);
          }
          JsonNode value = map.get(e.getKey());
          if (value.isValueNode()) {
            JsonNode updated = scalar(value, comments.get(child), childPath);
            if (updated != null) {
              map.set(e.getKey(), updated);
            }
          } else {
            node(value, child, childPath);
          }
        }
      } else if (node instanceof ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          String child = pointer + "/" + i;
          String childPath = path + "[" + i + "]";
          JsonNode value = array.get(i);
          if (value.isValueNode()) {
            JsonNode updated = scalar(value, comments.get(child), childPath);
            if (updated != null) {
              array.set(i, updated);
            }
          } else {
            node(value, child, childPath);
          }
        }
      }
    }

    private void array(ObjectNode parent, String key, String pointer, String path) {
      String pattern = pattern(comments.get(pointer));
      if (pattern == null || !references(pattern)) {
        return;
      }
      List<String> names = names(pattern);
      if (names.size() != 1 || !pattern.startsWith("${") || !pattern.endsWith("}")) {
        throw new FunctionException("invalid setter pattern for array node: " + Go.quote(pattern));
      }
      String value = "";
      for (Setter s : setters) {
        if (s.name().equals(clean(pattern))) {
          value = s.value();
        }
      }
      String field = trimDot(path);
      if (value.isEmpty()) {
        parent.putArray(key);
        changes.add(new Change(file, field, value));
        return;
      }
      JsonNode parsed;
      try {
        parsed = Json.YAML.readTree(value);
      } catch (IOException e) {
        parsed = null;
      }
      if (!(parsed instanceof ArrayNode elements)) {
        throw new FunctionException(
            "input to array setter must be an array of values, but found " + Go.quote(value));
      }
      parent.set(key, elements);
      // The old elements' comments do not belong to the new ones.
      comments.keySet().removeIf(p -> p.startsWith(pointer + "/"));
      changes.add(new Change(file, field, value));
    }

    private JsonNode scalar(JsonNode value, String comment, String path) {
      String pattern = pattern(comment);
      if (pattern == null || !references(pattern)) {
        return null;
      }
      String current = value.isNull() ? "" : value.asText();
      String result = pattern;
      for (Setter s : setters) {
        result = result.replace("${" + s.name() + "}", s.value());
      }
      for (var e : currentValues(pattern, current).entrySet()) {
        result = result.replace("${" + e.getKey() + "}", e.getValue());
      }
      List<String> unresolved = new ArrayList<>();
      Matcher m = SETTER.matcher(result);
      while (m.find()) {
        unresolved.add(m.group());
      }
      if (!unresolved.isEmpty()) {
        throw new FunctionException(
            "values for setters [" + String.join(" ", unresolved) + "] must be provided");
      }
      changes.add(new Change(file, trimDot(path), result));
      return Krm.retyped(value, result);
    }

    private boolean references(String pattern) {
      for (Setter s : setters) {
        if (pattern.contains("${" + s.name() + "}")) {
          return true;
        }
      }
      return false;
    }
  }

  /** The pattern of a {@code kpt-set:} comment, or null. */
  static String pattern(String comment) {
    if (comment == null || !comment.startsWith(PREFIX)) {
      return null;
    }
    String p = comment.substring(PREFIX.length()).strip();
    return p.isEmpty() ? null : p;
  }

  /** The {@code ${name}} references of a pattern, in order. */
  static List<String> names(String pattern) {
    List<String> out = new ArrayList<>();
    Matcher m = SETTER.matcher(pattern);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** The values the pattern's setters have in {@code value} (every setter as {@code (.*)}). */
  static Map<String, String> currentValues(String pattern, String value) {
    Map<String, String> res = new java.util.LinkedHashMap<>();
    List<String> refs = names(pattern);
    String regex = Pattern.quote(pattern);
    for (String ref : refs) {
      regex = regex.replace(ref, "\\E(.*)\\Q");
    }
    Matcher m;
    try {
      m = Pattern.compile(regex).matcher(value);
    } catch (RuntimeException e) {
      return res;
    }
    if (!m.find() || m.groupCount() != refs.size()) {
      return res;
    }
    for (int i = 0; i < refs.size(); i++) {
      String v = m.group(i + 1);
      if (v == null || v.isEmpty()) {
        return new java.util.LinkedHashMap<>();
      }
      res.put(clean(refs.get(i)), v);
    }
    return res;
  }

  private static String clean(String ref) {
    String s = ref.strip();
    if (s.startsWith("${")) {
      s = s.substring(2);
    }
    return s.endsWith("}") ? s.substring(0, s.length() - 1) : s;
  }

  private static String trimDot(String path) {
    return path.startsWith(".") ? path.substring(1) : path;
  }
}
