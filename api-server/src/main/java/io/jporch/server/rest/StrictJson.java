package io.jporch.server.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON or YAML document into a tree while noting every duplicate key, with the dotted path
 * Kubernetes' strict decoder reports ({@code spec.packageName}, {@code spec.tasks[0].type}). The
 * last occurrence of a duplicate key wins, as in Go's encoding/json.
 */
public final class StrictJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StrictJson() {}

  /** A parsed document and the paths of its duplicate keys. */
  public record Document(JsonNode node, List<String> duplicates) {}

  /**
   * Parses {@code body} (YAML when {@code yaml}; JSON is valid YAML too).
   *
   * @throws IOException if it is not well-formed
   */
  public static Document read(byte[] body, boolean yaml) throws IOException {
    JsonFactory factory = (yaml ? Json.YAML : Json.MAPPER).getFactory();
    List<String> duplicates = new ArrayList<>();
    try (JsonParser parser = factory.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new Document(null, duplicates);
      }
      JsonNode node = value(parser, "", duplicates);
      if (!yaml && parser.nextToken() != null) {
        throw new IOException("unexpected data after the JSON value");
      }
      return new Document(node, duplicates);
    }
  }

  private static JsonNode value(JsonParser parser, String path, List<String> duplicates)
      throws IOException {
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> object(parser, path, duplicates);
      case START_ARRAY -> array(parser, path, duplicates);
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT -> NODES.textNode(parser.getText());
      default -> throw new IOException("unexpected token " + token);
    };
  }

  private static ObjectNode object(JsonParser parser, String path, List<String> duplicates)
      throws IOException {
    ObjectNode object = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String child = path.isEmpty() ? name : path + "." + name;
      if (object.has(name)) {
        duplicates.add(child);
      }
      parser.nextToken();
      object.set(name, value(parser, child, duplicates));
    }
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw new IOException("unterminated object at " + (path.isEmpty() ? "the top" : path));
    }
    return object;
  }

  private static ArrayNode array(JsonParser parser, String path, List<String> duplicates)
      throws IOException {
    ArrayNode array = NODES.arrayNode();
    int i = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (parser.currentToken() == null) {
        throw new IOException("unterminated list at " + (path.isEmpty() ? "the top" : path));
      }
      array.add(value(parser, path + "[" + i++ + "]", duplicates));
    }
    return array;
  }
}
