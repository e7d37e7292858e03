package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jporch.core.fn.FunctionException;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The catalog's {@code apply-replacements} (kptdev/krm-functions-catalog {@code
 * functions/go/apply-replacements}), which runs kustomize's replacement filter ({@code
 * api/filters/replacement}): for each replacement in order, one source field is copied into the
 * selected fields of every selected target.
 *
 * <p>Config: {@code fn.kpt.dev/v1alpha1} {@code ApplyReplacements} with a {@code replacements} list
 * of {@code {source, targets}}. A source selects exactly one object by group, version, kind, name
 * and namespace (namespace compared as the effective namespace: empty means {@code default}) and
 * names a {@code fieldPath} (default {@code metadata.name}); {@code options.delimiter} and {@code
 * index} pick one part of a scalar. A target has {@code select} (the same fields plus {@code
 * labelSelector} and {@code annotationSelector}), {@code reject}, {@code fieldPaths} (default
 * {@code metadata.name}) and {@code options} ({@code delimiter}, {@code index}, {@code create}).
 * Field paths are dot separated; {@code [k=v]} selects list elements by a field, {@code [=v]} by
 * value, a number indexes, {@code *} iterates. A scalar target keeps its type and takes the
 * source's text; any other target is replaced by a copy of the source node. Every failure fails the
 * function (the catalog reports it as an error result and returns "not successful").
 */
public final class ApplyReplacements implements KrmFunction {
  static final String API_VERSION = "fn.kpt.dev/v1alpha1";
  static final String KIND = "ApplyReplacements";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public void process(ResourceList rl) {
    JsonNode replacements = config(rl.functionConfig());
    for (JsonNode replacement : replacements) {
      apply(rl.items(), replacement);
    }
  }

  private static JsonNode config(ObjectNode fc) {
    if (fc == null || fc.isEmpty()) {
      throw new FunctionException("FunctionConfig is missing. Expect `ApplyReplacements`");
    }
    String kind = fc.path("kind").asText("");
    String apiVersion = fc.path("apiVersion").asText("");
    if (!KIND.equals(kind) || !API_VERSION.equals(apiVersion)) {
      throw new FunctionException(
          "received functionConfig of kind "
              + kind
              + " and apiVersion "
              + apiVersion
              + ", only functionConfig of kind "
              + KIND
              + " and apiVersion "
              + API_VERSION
              + " is supported");
    }
    JsonNode list = fc.path("replacements");
    if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
      throw new FunctionException(
          "unable to convert functionConfig to replacements: replacements must be a list");
    }
    return list.isArray() ? list : NODES.arrayNode();
  }

  private static void apply(List<ObjectNode> items, JsonNode replacement) {
    JsonNode value = sourceValue(items, replacement);
    JsonNode targets = replacement.path("targets");
    for (JsonNode target : targets) {
      JsonNode select = target.get("select");
      if (select == null || select.isNull()) {
        throw new FunctionException("target must specify resources to select");
      }
      List<String> fieldPaths = new ArrayList<>();
      target.path("fieldPaths").forEach(p -> fieldPaths.add(p.asText()));
      if (fieldPaths.isEmpty()) {
        fieldPaths.add("metadata.name");
      }
      JsonNode options = target.path("options");
      for (ObjectNode item : items) {
        if (!Selector.matches(select, item) || rejected(target.path("reject"), item)) {
          continue;
        }
        for (String fieldPath : fieldPaths) {
          applyToField(item, fieldPath, value, options);
        }
      }
    }
  }

  private static JsonNode sourceValue(List<ObjectNode> items, JsonNode replacement) {
    JsonNode source = replacement.get("source");
    if (source == null || source.isNull()) {
      throw new FunctionException("replacement source is missing: " + replacement);
    }
    List<ObjectNode> matches = new ArrayList<>();
    for (ObjectNode item : items) {
      if (Selector.matchesId(source, item)) {
        matches.add(item);
      }
    }
    if (matches.size() > 1) {
      throw new FunctionException("multiple matches for selector " + Selector.describe(source));
    }
    if (matches.isEmpty()) {
      throw new FunctionException("nothing selected by " + Selector.describe(source));
    }
    String fieldPath = source.path("fieldPath").asText("");
    if (fieldPath.isEmpty()) {
      fieldPath = "metadata.name";
    }
    List<Location> found = FieldPath.find(matches.getFirst(), FieldPath.split(fieldPath), false);
    JsonNode value = found.isEmpty() ? null : found.getFirst().get();
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      throw new FunctionException(
          "fieldPath `"
              + fieldPath
              + "` is missing for replacement source "
              + Selector.describe(source));
    }
    JsonNode options = source.path("options");
    String delimiter = options.path("delimiter").asText("");
    if (!delimiter.isEmpty() && value.isValueNode()) {
      String[] parts = value.asText().split(java.util.regex.Pattern.quote(delimiter), -1);
      int index = options.path("index").asInt(0);
      if (index < 0 || index >= parts.length) {
        throw new FunctionException(
            "options.index "
                + index
                + " is out of bounds for value "
                + value.asText()
                + " of length "
                + parts.length);
      }
      return TextNode.valueOf(parts[index]);
    }
    return value.deepCopy();
  }

  private static boolean rejected(JsonNode rejects, ObjectNode item) {
    for (JsonNode reject : rejects) {
      if (Selector.hasId(reject) && Selector.matchesId(reject, item)) {
        return true;
      }
      if (Selector.hasLabelOrAnnotationSelector(reject) && Selector.matchesMeta(reject, item)) {
        return true;
      }
    }
    return false;
  }

  private static void applyToField(
      ObjectNode item, String fieldPath, JsonNode value, JsonNode options) {
    boolean create = options.path("create").asBoolean(false);
    List<Location> targets = FieldPath.find(item, FieldPath.split(fieldPath), create);
    if (targets.isEmpty()) {
      throw new FunctionException(
          "unable to find field \"" + fieldPath + "\" in replacement target");
    }
    for (Location target : targets) {
      target.set(newValue(target.get(), value, options));
    }
  }

  private static JsonNode newValue(JsonNode current, JsonNode source, JsonNode options) {
    JsonNode value = source.deepCopy();
    String delimiter = options.path("delimiter").asText("");
    if (!delimiter.isEmpty()) {
      if (current == null || !current.isValueNode()) {
        throw new FunctionException("delimiter option can only be used with scalar nodes");
      }
      List<String> parts =
          new ArrayList<>(
              Arrays.asList(current.asText().split(java.util.regex.Pattern.quote(delimiter), -1)));
      int index = options.path("index").asInt(0);
      String v = value.isValueNode() ? value.asText() : "";
      if (index < 0) {
        parts.addFirst(v);
      } else if (index >= parts.size()) {
        parts.add(v);
      } else {
        parts.set(index, v);
      }
      value = TextNode.valueOf(String.join(delimiter, parts));
    }
    if (current != null && current.isValueNode() && !current.isNull()) {
      return retyped(current, value.isValueNode() ? value.asText() : "");
    }
    return value;
  }

  /** kyaml copies only the scalar's text into a scalar target: the target keeps its type. */
  private static JsonNode retyped(JsonNode current, String text) {
    if (current.isBoolean() && ("true".equals(text) || "false".equals(text))) {
      return BooleanNode.valueOf(Boolean.parseBoolean(text));
    }
    if (current.isIntegralNumber()) {
      try {
        BigInteger n = new BigInteger(text.trim());
        return n.bitLength() < 32
            ? NODES.numberNode(n.intValue())
            : n.bitLength() < 64 ? NODES.numberNode(n.longValue()) : NODES.numberNode(n);
      } catch (NumberFormatException e) {
        return TextNode.valueOf(text);
      }
    }
    if (current.isNumber()) {
      try {
        return NODES.numberNode(new BigDecimal(text.trim()));
      } catch (NumberFormatException e) {
        return TextNode.valueOf(text);
      }
    }
    if (current.isTextual()) {
      return TextNode.valueOf(text);
    }
    try {
      JsonNode parsed = Json.YAML.readTree(text);
      return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(text) : parsed;
    } catch (IOException e) {
      return TextNode.valueOf(text);
    }
  }

  /** A place holding a value: a field of an object or an element of an array. */
  record Location(JsonNode container, String field, int index) {
    JsonNode get() {
      return container instanceof ObjectNode o ? o.get(field) : container.get(index);
    }

    void set(JsonNode value) {
      if (container instanceof ObjectNode o) {
        o.set(field, value);
      } else {
        ((ArrayNode) container).set(index, value);
      }
    }
  }

  /** Kustomize field paths: dot separated, dots inside brackets kept. */
  static final class FieldPath {
    private FieldPath() {}

    static List<String> split(String path) {
      List<String> parts = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      int depth = 0;
      for (char c : path.toCharArray()) {
        if (c == '[') {
          depth++;
        } else if (c == ']' && depth > 0) {
          depth--;
        }
        if (c == '.' && depth == 0) {
          parts.add(current.toString());
          current.setLength(0);
        } else {
          current.append(c);
        }
      }
      parts.add(current.toString());
      return parts;
    }

    /** Every location the path reaches; with {@code create} missing fields are made. */
    static List<Location> find(ObjectNode root, List<String> path, boolean create) {
      List<Location> result = new ArrayList<>();
      walk(root, path, 0, create, result);
      return result;
    }

    private static void walk(
        JsonNode node, List<String> path, int i, boolean create, List<Location> out) {
      String segment = path.get(i);
      boolean last = i == path.size() - 1;
      if (node instanceof ObjectNode object) {
        if (segment.startsWith("[")) {
          return;
        }
        JsonNode child = object.get(segment);
        if (child == null || child.isNull()) {
          if (!create) {
            return;
          }
          if (last) {
            object.putNull(segment);
            out.add(new Location(object, segment, -1));
            return;
          }
          child =
              isListSegment(path.get(i + 1)) ? object.putArray(segment) : object.putObject(segment);
        }
        if (last) {
          out.add(new Location(object, segment, -1));
        } else {
          walk(child, path, i + 1, create, out);
        }
        return;
      }
      if (node instanceof ArrayNode array) {
        List<Integer> indexes = elements(array, segment, create);
        for (int index : indexes) {
          if (last) {
            out.add(new Location(array, null, index));
          } else {
            walk(array.get(index), path, i + 1, create, out);
          }
        }
      }
    }

    private static boolean isListSegment(String segment) {
      return segment.startsWith("[") || segment.equals("*") || segment.matches("\\d+");
    }

    private static List<Integer> elements(ArrayNode array, String segment, boolean create) {
      List<Integer> result = new ArrayList<>();
      if (segment.equals("*")) {
        for (int i = 0; i < array.size(); i++) {
          result.add(i);
        }
      } else if (segment.matches("\\d+")) {
        int index = Integer.parseInt(segment);
        if (index < array.size()) {
          result.add(index);
        }
      } else if (segment.startsWith("[") && segment.endsWith("]") && segment.contains("=")) {
        String body = segment.substring(1, segment.length() - 1);
        String key = body.substring(0, body.indexOf('='));
        String wanted = body.substring(body.indexOf('=') + 1);
        for (int i = 0; i < array.size(); i++) {
          JsonNode e = array.get(i);
          JsonNode v = key.isEmpty() ? e : e.get(key);
          if (v != null && v.isValueNode() && wanted.equals(v.asText())) {
            result.add(i);
          }
        }
        if (result.isEmpty() && create) {
          if (key.isEmpty()) {
            array.add(wanted);
          } else {
            array.addObject().put(key, wanted);
          }
          result.add(array.size() - 1);
        }
      }
      return result;
    }
  }
}
