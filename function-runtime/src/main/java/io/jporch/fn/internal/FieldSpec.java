package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A kustomize field spec ({@code api/types/fieldspec.go}): the objects it applies to (group,
 * version, kind; empty matches any), a {@code /}-separated path whose {@code name[]} segments
 * iterate a list, and whether missing fields on the way are created.
 */
record FieldSpec(String group, String version, String kind, String path, boolean create) {

  /** Parses a list of field specs ({@code group, version, kind, path, create}). */
  static List<FieldSpec> list(JsonNode node, String field) {
    List<FieldSpec> out = new ArrayList<>();
    if (node == null || node.isNull() || node.isMissingNode()) {
      return out;
    }
    if (!node.isArray()) {
      throw new FunctionException("`" + field + "` must be a list of field specs");
    }
    for (JsonNode fs : node) {
      out.add(
          new FieldSpec(
              fs.path("group").asText(""),
              fs.path("version").asText(""),
              fs.path("kind").asText(""),
              fs.path("path").asText(""),
              fs.path("create").asBoolean(false)));
    }
    return out;
  }

  /** True when the spec's group, version and kind select the item. */
  boolean selects(JsonNode item) {
    return (group.isEmpty() || group.equals(Krm.group(item)))
        && (version.isEmpty() || version.equals(Krm.version(item)))
        && (kind.isEmpty() || kind.equals(Krm.kind(item)));
  }

  /**
   * Calls {@code visit(parent, fieldName)} for each place the path leads to in {@code item}
   * (creating maps on the way if {@link #create}); the field itself may be absent.
   */
  void visit(ObjectNode item, BiConsumer<ObjectNode, String> visit) {
    String[] segments = path.split("/");
    walk(item, segments, 0, visit);
  }

  private void walk(ObjectNode node, String[] segments, int i, BiConsumer<ObjectNode, String> v) {
    String segment = segments[i];
    boolean list = segment.endsWith("[]");
    String name = list ? segment.substring(0, segment.length() - 2) : segment;
    if (i == segments.length - 1 && !list) {
      if (node.has(name) || create) {
        v.accept(node, name);
      }
      return;
    }
    JsonNode next = node.get(name);
    if (list) {
      if (next instanceof ArrayNode array) {
        for (JsonNode e : array) {
          if (e instanceof ObjectNode o && i + 1 < segments.length) {
            walk(o, segments, i + 1, v);
          }
        }
      }
      return;
    }
    if (next == null || next.isNull()) {
      if (!create) {
        return;
      }
      next = node.putObject(name);
    }
    if (next instanceof ObjectNode o) {
      walk(o, segments, i + 1, v);
    }
  }
}
