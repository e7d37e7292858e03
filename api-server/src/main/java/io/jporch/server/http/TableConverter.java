package io.jporch.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import io.jporch.server.rest.TableDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns objects and lists into meta.k8s.io Tables (kubectl's server-side printing) and
 * PartialObjectMetadata. Port of Porch's {@code tableConvertor.ConvertToTable} plus the generic
 * server's row-object handling: {@code includeObject} None, Metadata (default) or Object.
 */
public final class TableConverter {
  private TableConverter() {}

  /** Row-object policy ({@code includeObject} query parameter). */
  public enum IncludeObject {
    NONE,
    METADATA,
    OBJECT;

    /** Parses the query value; default Metadata. */
    public static IncludeObject parse(String value) {
      if ("None".equals(value)) {
        return NONE;
      }
      return "Object".equals(value) ? OBJECT : METADATA;
    }
  }

  /**
   * A Table for {@code object} (a single object, or a list with {@code items}).
   *
   * @param noHeaders leave out the column definitions (every watch event after the first)
   */
  public static ObjectNode toTable(
      JsonNode object,
      boolean isList,
      TableDefinition definition,
      String metaVersion,
      IncludeObject include,
      boolean noHeaders) {
    ObjectNode table = Json.MAPPER.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/" + metaVersion);
    ObjectNode meta = table.putObject("metadata");
    JsonNode rv = object.path("metadata").get("resourceVersion");
    if (rv != null && !rv.asText().isEmpty()) {
      meta.put("resourceVersion", rv.asText());
    }
    ArrayNode columns = table.putArray("columnDefinitions");
    if (!noHeaders) {
      for (TableDefinition.Column c : definition.columns()) {
        ObjectNode col = columns.addObject();
        col.put("name", c.name());
        col.put("type", c.type());
        col.put("format", c.format());
        col.put("description", c.description());
        col.put("priority", c.priority());
      }
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items(object, isList)) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (TableDefinition.Column c : definition.columns()) {
        cells.addPOJO(c.cell().apply(item));
      }
      switch (include) {
        case OBJECT -> row.set("object", item);
        case METADATA -> row.set("object", partial(item, metaVersion));
        case NONE -> {}
      }
    }
    return table;
  }

  /** PartialObjectMetadata (or its list) for {@code object}. */
  public static ObjectNode toPartialMetadata(JsonNode object, boolean isList, String metaVersion) {
    if (!isList) {
      return partial(object, metaVersion);
    }
    ObjectNode list = Json.MAPPER.createObjectNode();
    list.put("kind", "PartialObjectMetadataList");
    list.put("apiVersion", "meta.k8s.io/" + metaVersion);
    JsonNode meta = object.get("metadata");
    list.set("metadata", meta == null ? Json.MAPPER.createObjectNode() : meta.deepCopy());
    ArrayNode items = list.putArray("items");
    for (JsonNode item : items(object, true)) {
      items.add(partial(item, metaVersion));
    }
    return list;
  }

  private static ObjectNode partial(JsonNode object, String metaVersion) {
    ObjectNode partial = Json.MAPPER.createObjectNode();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/" + metaVersion);
    JsonNode meta = object.get("metadata");
    partial.set("metadata", meta == null ? Json.MAPPER.createObjectNode() : meta.deepCopy());
    return partial;
  }

  private static List<JsonNode> items(JsonNode object, boolean isList) {
    List<JsonNode> result = new ArrayList<>();
    if (isList) {
      object.path("items").forEach(result::add);
    } else {
      result.add(object);
    }
    return result;
  }
}
