package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import io.jporch.core.util.Json;
import io.jporch.core.util.YamlComments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The catalog's {@code create-setters} (kptdev/krm-functions-catalog {@code
 * functions/go/create-setters/createsetters}): marks the fields that hold setter values with {@code
 * # kpt-set:} line comments, the inverse of {@link ApplySetters}.
 *
 * <p>Config: the functionConfig's {@code data}; a value that parses as a YAML sequence is an array
 * setter (its values sorted), any other a scalar setter (raw text). Every single-line scalar of
 * every item gets {@code kpt-set: <value with each setter value replaced by ${name}>} when anything
 * was replaced (longest setter values first, substrings count, an existing comment is overwritten);
 * a field holding a sequence whose sorted values equal an array setter's gets {@code kpt-set:
 * ${name}}. Empty data or no match at all fails the function.
 */
public final class CreateSetters implements KrmFunction {
  /** A scalar setter. */
  private record Scalar(String name, String value) {}

  /** An array setter with its sorted values. */
  private record Array(String name, List<String> values) {}

  /** A comment added, for the results. */
  private record Change(String file, String field, String value, String comment) {}

  @Override
  public void process(ResourceList rl) {
    Map<String, String> data =
        rl.functionConfig() == null ? Map.of() : Krm.stringMap(rl.functionConfig().get("data"));
    if (data.isEmpty()) {
      throw new FunctionException("failed to create setters: config map cannot be empty");
    }
    List<Scalar> scalars = new ArrayList<>();
    List<Array> arrays = new ArrayList<>();
    for (var e : data.entrySet()) {
      JsonNode parsed;
      try {
        parsed = Json.YAML.readTree(e.getValue());
      } catch (IOException ex) {
        throw new FunctionException("failed to create setters: parsing error", ex);
      }
      if (parsed instanceof ArrayNode a) {
        List<String> values = new ArrayList<>();
        a.forEach(v -> values.add(v.isValueNode() ? v.asText() : ""));
        values.sort(null);
        arrays.add(new Array(e.getKey(), values));
      } else if (parsed == null || parsed.isValueNode() || parsed.isMissingNode()) {
        scalars.add(new Scalar(e.getKey(), e.getValue()));
      }
    }
    scalars.sort(Comparator.comparingInt((Scalar s) -> -s.value().length()));
    List<Change> changes = new ArrayList<>();
    for (ObjectNode item : rl.items()) {
      new Walk(scalars, arrays, rl.comments(item), ResourceList.path(item), changes)
          .node(item, "", "");
    }
    if (changes.isEmpty()) {
      throw new FunctionException(
          "failed to create setters: no matches for the input list of setters");
    }
    for (Change c : changes) {
      rl.addResult(
          null,
          "Added line comment "
              + Go.quote(c.comment())
              + " for field with value "
              + Go.quote(c.value()),
          null,
          c.field(),
          c.file());
    }
  }

  /** The walk over one item. */
  private record Walk(
      List<Scalar> scalars,
      List<Array> arrays,
      Map<String, String> comments,
      String file,
      List<Change> changes) {
    void node(JsonNode node, String pointer, String path) {
      if (node instanceof ObjectNode map) {
        for (var e : map.properties()) {
          String child = pointer + "/" + YamlComments.segment(e.getKey());
          String childPath = path + "." + e.getKey();
          if (e.getValue() instanceof ArrayNode seq) {
            array(seq, child, childPath);
          }
          visit(e.getValue(), child, childPath);
        }
      } else if (node instanceof ArrayNode seq) {
        for (int i = 0; i < seq.size(); i++) {
          visit(seq.get(i), pointer + "/" + i, path + "[" + i + "]");
        }
      }
    }

    private void visit(JsonNode value, String pointer, String path) {
      if (!value.isValueNode()) {
        node(value, pointer, path);
        return;
      }
      String text = value.isNull() ? "" : value.asText();
      if (text.contains("\n")) {
        return;
      }
      String replaced = replace(text);
      if (!replaced.equals(text)) {
        String comment = "kpt-set: " + replaced;
        comments.put(pointer, comment);
        changes.add(new Change(file, trim(path), text, comment));
      }
    }

    private void array(ArrayNode seq, String pointer, String path) {
      List<String> values = new ArrayList<>();
      seq.forEach(v -> values.add(v.isValueNode() && !v.isNull() ? v.asText() : ""));
      values.sort(null);
      for (Array a : arrays) {
        if (a.values().equals(values)) {
          String comment = "kpt-set: ${" + a.name() + "}";
          comments.put(pointer, comment);
          changes.add(new Change(file, trim(path), "[" + String.join(" ", values) + "]", comment));
          return;
        }
      }
    }

    /** Go's strings.Replacer over the setter values, longest first. */
    private String replace(String text) {
      StringBuilder sb = new StringBuilder();
      int i = 0;
      outer:
      while (i < text.length()) {
        for (Scalar s : scalars) {
          if (!s.value().isEmpty() && text.startsWith(s.value(), i)) {
            sb.append("${").append(s.name()).append('}');
            i += s.value().length();
            continue outer;
          }
        }
        sb.append(text.charAt(i++));
      }
      return sb.toString();
    }

    private static String trim(String path) {
      return path.startsWith(".") ? path.substring(1) : path;
    }
  }
}
