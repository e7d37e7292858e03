package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Applies PATCH bodies to the current object: JSON Patch (RFC 6902), JSON Merge Patch (RFC 7386),
 * strategic merge patch (treated as a merge patch: jporch's types declare no merge keys, so lists
 * are replaced) and apply patches (merged like a merge patch into the existing object).
 */
public final class Patches {
  public static final String JSON_PATCH = "application/json-patch+json";
  public static final String MERGE_PATCH = "application/merge-patch+json";
  public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  public static final String APPLY_PATCH = "application/apply-patch+yaml";

  private Patches() {}

  /** Applies {@code patch} of media type {@code contentType} to a copy of {@code current}. */
  public static JsonNode apply(JsonNode current, byte[] patch, String contentType) {
    String type =
        contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    return switch (type) {
      case JSON_PATCH -> JsonPatch.apply(current, parseArray(patch));
      case MERGE_PATCH, STRATEGIC_MERGE_PATCH ->
          mergePatch(current, Bodies.parseObject(patch, "json"));
      case APPLY_PATCH -> mergePatch(current, Bodies.parseObject(patch, "yaml"));
      default ->
          throw WireFailure.unsupportedMediaType(
              "the body of the request was in an unknown format - accepted media types include: "
                  + String.join(", ", JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH));
    };
  }

  /** RFC 7386 merge of {@code patch} into a copy of {@code target}. */
  public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : Json.MAPPER.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }

  private static ArrayNode parseArray(byte[] body) {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || !node.isArray()) {
        throw new BadRequestException(null, "a JSON patch must be a JSON array of operations");
      }
      return (ArrayNode) node;
    } catch (IOException e) {
      throw new BadRequestException(null, "the JSON patch is not valid JSON: " + e.getMessage(), e);
    }
  }
}
