package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.server.fields.JsonValues;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch on Jackson trees (add, remove, replace, move, copy, test). A failing
 * operation is a {@link PatchFailure} (422), and the patch is all or nothing.
 */
final class JsonPatch {
  private JsonPatch() {}

  static JsonNode apply(JsonNode document, ArrayNode operations) {
    JsonNode doc = document.deepCopy();
    for (JsonNode op : operations) {
      doc = applyOne(doc, op);
    }
    return doc;
  }

  private static JsonNode applyOne(JsonNode doc, JsonNode op) {
    String kind = text(op, "op");
    List<String> path = pointer(text(op, "path"));
    return switch (kind) {
      case "add" -> add(doc, path, required(op, "value").deepCopy());
      case "remove" -> remove(doc, path);
      case "replace" -> add(remove(doc, path), path, required(op, "value").deepCopy());
      case "move" -> {
        List<String> from = pointer(text(op, "from"));
        if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
          throw fail("cannot move " + text(op, "from") + " into its own child " + text(op, "path"));
        }
        JsonNode value = get(doc, from);
        yield add(remove(doc, from), path, value);
      }
      case "copy" -> add(doc, path, get(doc, pointer(text(op, "from"))).deepCopy());
      case "test" -> {
        if (!JsonValues.equal(get(doc, path), required(op, "value"))) {
          throw fail("test operation failed at " + text(op, "path"));
        }
        yield doc;
      }
      default -> throw fail("unsupported JSON patch operation \"" + kind + "\"");
    };
  }

  private static JsonNode add(JsonNode doc, List<String> path, JsonNode value) {
    if (path.isEmpty()) {
      return value;
    }
    JsonNode parent = get(doc, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      if (last.equals("-")) {
        array.add(value);
      } else {
        int i = index(last, array.size() + 1);
        array.insert(i, value);
      }
    } else {
      throw fail("cannot add below a scalar at /" + String.join("/", path));
    }
    return doc;
  }

  private static JsonNode remove(JsonNode doc, List<String> path) {
    if (path.isEmpty()) {
      throw fail("cannot remove the whole document");
    }
    JsonNode parent = get(doc, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode object && object.has(last)) {
      object.remove(last);
    } else if (parent instanceof ArrayNode array) {
      array.remove(index(last, array.size()));
    } else {
      throw fail("path /" + String.join("/", path) + " does not exist");
    }
    return doc;
  }

  private static JsonNode get(JsonNode doc, List<String> path) {
    JsonNode node = doc;
    for (String segment : path) {
      if (node instanceof ObjectNode object && object.has(segment)) {
        node = object.get(segment);
      } else if (node instanceof ArrayNode array) {
        node = array.get(index(segment, array.size()));
      } else {
        throw fail("path /" + String.join("/", path) + " does not exist");
      }
    }
    return node;
  }

  private static int index(String segment, int limit) {
    try {
      int i = Integer.parseInt(segment);
      if (i < 0 || i >= limit) {
        throw fail("array index " + segment + " is out of range");
      }
      return i;
    } catch (NumberFormatException e) {
      throw fail("\"" + segment + "\" is not an array index");
    }
  }

  private static List<String> pointer(String text) {
    List<String> result = new ArrayList<>();
    if (text.isEmpty()) {
      return result;
    }
    if (!text.startsWith("/")) {
      throw fail("JSON pointer \"" + text + "\" must start with /");
    }
    for (String raw : text.substring(1).split("/", -1)) {
      result.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return result;
  }

  private static String text(JsonNode op, String field) {
    JsonNode v = op.get(field);
    if (v == null || !v.isTextual()) {
      throw fail("JSON patch operation is missing \"" + field + "\"");
    }
    return v.asText();
  }

  private static JsonNode required(JsonNode op, String field) {
    JsonNode v = op.get(field);
    if (v == null) {
      throw fail("JSON patch operation is missing \"" + field + "\"");
    }
    return v;
  }

  private static PatchFailure fail(String message) {
    return new PatchFailure("the JSON patch cannot be applied: " + message, false);
  }
}
