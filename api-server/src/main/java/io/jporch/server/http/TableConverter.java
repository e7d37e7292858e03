package io.jporch.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.util.Json;
import io.jporch.server.rest.TableDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns objects and lists into meta.k8s.io Tables (kubectl's server-side printing) and
 * PartialObjectMetadata. Port of Porch's {@code tableConvertor.ConvertToTable} plus the generic
 * server's {@code asTable}, {@code asPartialObjectMetadata} and {@code
 * asPartialObjectMetadataList}: a row's object is PartialObjectMetadata ({@code
 * includeObject=Metadata}, the default), the object itself ({@code Object}) or null ({@code None});
 * a watch bookmark that ends the initial events is always reduced to its metadata. Absent lists are
 * {@code null}, as Go encodes nil slices.
 */
public final class TableConverter {
  /** The annotation of the bookmark that ends a watch's initial events. */
  static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

  private TableConverter() {}

  /** Row-object policy ({@code includeObject} query parameter). */
  public enum IncludeObject {
    NONE,
    METADATA,
    OBJECT;

    /**
     * Parses the query value; absent or empty means Metadata.
     *
     * @throws BadRequestException for any other value, as kube-apiserver's ValidateTableOptions
     */
    public static IncludeObject parse(String value) {
      if (value == null || value.isEmpty() || value.equals("Metadata")) {
        return METADATA;
      }
      return switch (value) {
        case "None" -> NONE;
        case "Object" -> OBJECT;
        default ->
            throw new BadRequestException(
                null,
                "Unable to convert to Table as requested: includeObject: Unsupported value: \""
                    + value
                    + "\": supported values: \"Metadata\", \"None\", \"Object\"");
      };
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
    table.set("metadata", listMeta(object.path("metadata"), isList));
    if (noHeaders) {
      table.putNull("columnDefinitions");
    } else {
      ArrayNode columns = table.putArray("columnDefinitions");
      for (TableDefinition.Column c : definition.columns()) {
        ObjectNode col = columns.addObject();
        col.put("name", c.name());
        col.put("type", c.type());
        col.put("format", c.format());
        col.put("description", c.description());
        col.put("priority", c.priority());
      }
    }
    List<JsonNode> items = items(object, isList);
    if (items.isEmpty()) {
      table.putNull("rows");
      return table;
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (TableDefinition.Column c : definition.columns()) {
        cells.addPOJO(c.cell().apply(item));
      }
      IncludeObject effective = endsInitialEvents(item) ? IncludeObject.METADATA : include;
      switch (effective) {
        case OBJECT -> row.set("object", item);
        case METADATA -> row.set("object", partial(item, metaVersion));
        case NONE -> row.putNull("object");
      }
    }
    return table;
  }

  /** PartialObjectMetadata of a single object. */
  public static ObjectNode toPartialMetadata(JsonNode object, String metaVersion) {
    return partial(object, metaVersion);
  }

  /** PartialObjectMetadataList of a list. */
  public static ObjectNode toPartialMetadataList(JsonNode list, String metaVersion) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("kind", "PartialObjectMetadataList");
    result.put("apiVersion", "meta.k8s.io/" + metaVersion);
    result.set("metadata", listMeta(list.path("metadata"), true));
    List<JsonNode> items = items(list, true);
    if (items.isEmpty()) {
      result.putNull("items");
      return result;
    }
    ArrayNode array = result.putArray("items");
    items.forEach(item -> array.add(partial(item, metaVersion)));
    return result;
  }

  private static ObjectNode listMeta(JsonNode meta, boolean isList) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    List<String> fields =
        isList
            ? List.of("resourceVersion", "continue", "remainingItemCount")
            : List.of("resourceVersion");
    for (String field : fields) {
      JsonNode value = meta.get(field);
      if (value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())) {
        result.set(field, value);
      }
    }
    return result;
  }

  private static ObjectNode partial(JsonNode object, String metaVersion) {
    ObjectNode partial = Json.MAPPER.createObjectNode();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/" + metaVersion);
    JsonNode meta = object.get("metadata");
    partial.set("metadata", meta == null ? Json.MAPPER.createObjectNode() : meta.deepCopy());
    return partial;
  }

  private static boolean endsInitialEvents(JsonNode object) {
    return "true"
        .equals(object.path("metadata").path("annotations").path(INITIAL_EVENTS_END).asText());
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
