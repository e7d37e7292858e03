package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;

/** Helpers that read table cells from an object's JSON form. */
public final class TableCells {
  private TableCells() {}

  /** The node at a dotted path ({@code spec.packageName}); missing node if absent. */
  public static JsonNode at(JsonNode object, String dottedPath) {
    JsonNode node = object;
    for (String part : dottedPath.split("\\.")) {
      node = node == null ? null : node.get(part);
    }
    return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
  }

  /** String cell: the text at the path, or "" when absent (Go's zero value). */
  public static String text(JsonNode object, String dottedPath) {
    JsonNode node = at(object, dottedPath);
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  /** Integer cell: the number at the path, or 0. */
  public static long number(JsonNode object, String dottedPath) {
    return at(object, dottedPath).asLong(0);
  }

  /** The value of a label, or null. */
  public static String label(JsonNode object, String key) {
    JsonNode labels = at(object, "metadata.labels");
    JsonNode value = labels.get(key);
    return value == null ? null : value.asText();
  }
}
