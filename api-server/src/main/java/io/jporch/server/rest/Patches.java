package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.util.Json;
import io.jporch.server.fields.SchemaNode;
import io.jporch.server.fields.StrategicMerge;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies PATCH bodies to the current object: JSON Patch (RFC 6902, at most 10,000 operations),
 * JSON Merge Patch (RFC 7386) and strategic merge patch (with the patch strategies of the published
 * schema). Apply patches are server-side apply ({@link io.jporch.server.fields.FieldManager}).
 */
public final class Patches {
  public static final String JSON_PATCH = "application/json-patch+json";
  public static final String MERGE_PATCH = "application/merge-patch+json";
  public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  public static final String APPLY_PATCH = "application/apply-patch+yaml";
  static final int MAX_JSON_PATCH_OPERATIONS = 10_000;

  private Patches() {}

  /** The patch type named by a Content-Type header (parameters dropped), lower case. */
  public static String mediaType(String contentType) {
    return contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
  }

  /** 415 listing the patch types a resource accepts (kube-apiserver's message). */
  public static WireFailure unsupported(List<String> accepted) {
    return WireFailure.unsupportedMediaType(
        "the body of the request was in an unknown format - accepted media types include: "
            + String.join(", ", accepted));
  }

  /**
   * Checks the shape of a parsed patch body before any object is read: a JSON Patch is a list of at
   * most 10,000 operations, merge patches are objects.
   */
  public static void checkBody(JsonNode patch, String type) {
    if (type.equals(JSON_PATCH)) {
      if (patch == null || !patch.isArray()) {
        throw new BadRequestException(null, "a JSON patch must be a JSON array of operations");
      }
      if (patch.size() > MAX_JSON_PATCH_OPERATIONS) {
        throw WireFailure.tooLarge(
            "The allowed maximum operations in a JSON patch is "
                + MAX_JSON_PATCH_OPERATIONS
                + ", got "
                + patch.size());
      }
      for (JsonNode op : patch) {
        if (!op.isObject()) {
          throw new BadRequestException(null, "a JSON patch operation must be a JSON object");
        }
      }
    } else if (patch == null || !patch.isObject()) {
      throw new BadRequestException(
          null, "invalid JSON document: a merge patch must be a JSON object");
    }
  }

  /**
   * Applies a parsed {@code patch} of media type {@code type} to a copy of {@code current}.
   *
   * @throws PatchFailure when the patch does not apply to this object
   */
  public static JsonNode apply(JsonNode current, JsonNode patch, String type, SchemaNode schema) {
    checkBody(patch, type);
    return switch (type) {
      case JSON_PATCH -> JsonPatch.apply(current, (ArrayNode) patch);
      case MERGE_PATCH -> mergePatch(current, patch);
      case STRATEGIC_MERGE_PATCH -> {
        try {
          yield StrategicMerge.apply(
              current instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode(),
              (ObjectNode) patch,
              schema);
        } catch (StrategicMerge.PatchException e) {
          throw new PatchFailure(e.getMessage(), !e.unprocessable());
        }
      }
      default -> throw new IllegalArgumentException("not a merge-style patch type: " + type);
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
}
