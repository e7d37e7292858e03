package io.jporch.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts the OpenAPI 3 form jporch builds into Swagger 2.0 (the {@code /openapi/v2} document):
 * references move from {@code #/components/schemas/} to {@code #/definitions/} and lose their
 * {@code allOf} wrapper; parameters carry their type directly; request bodies become {@code body}
 * parameters plus {@code consumes}; responses name one schema and operations list what they {@code
 * produces}.
 */
final class OpenApiForms {
  static final String V2_REF = "#/definitions/";
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

  private OpenApiForms() {}

  /** A Swagger 2.0 copy of an OpenAPI 3 schema. */
  static JsonNode schemaToV2(JsonNode schema) {
    if (schema.isArray()) {
      ArrayNode copy = Json.MAPPER.createArrayNode();
      schema.forEach(element -> copy.add(schemaToV2(element)));
      return copy;
    }
    if (!schema.isObject()) {
      return schema.deepCopy();
    }
    ObjectNode copy = Json.MAPPER.createObjectNode();
    JsonNode allOf = schema.get("allOf");
    boolean unwrap = allOf != null && allOf.size() == 1 && allOf.get(0).has("$ref");
    for (Map.Entry<String, JsonNode> field : schema.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.equals("allOf") && unwrap) {
        copy.put("$ref", v2Ref(allOf.get(0).get("$ref").asText()));
      } else if (key.equals("$ref") && value.isTextual()) {
        copy.put("$ref", v2Ref(value.asText()));
      } else if (key.startsWith("x-kubernetes-") || key.equals("enum") || key.equals("default")) {
        copy.set(key, value.deepCopy());
      } else {
        copy.set(key, schemaToV2(value));
      }
    }
    return copy;
  }

  /** Swagger 2.0 path items for OpenAPI 3 ones. */
  static ObjectNode pathsToV2(ObjectNode paths) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> path : paths.properties()) {
      ObjectNode item = result.putObject(path.getKey());
      for (String method : METHODS) {
        JsonNode op = path.getValue().get(method);
        if (op != null) {
          item.set(method, operationToV2((ObjectNode) op));
        }
      }
      JsonNode parameters = path.getValue().get("parameters");
      if (parameters != null) {
        ArrayNode converted = item.putArray("parameters");
        parameters.forEach(p -> converted.add(parameterToV2(p)));
      }
    }
    return result;
  }

  private static ObjectNode operationToV2(ObjectNode op) {
    ObjectNode v2 = Json.MAPPER.createObjectNode();
    v2.set("description", op.get("description"));
    JsonNode requestBody = op.get("requestBody");
    if (requestBody != null) {
      ArrayNode consumes = v2.putArray("consumes");
      requestBody.path("content").fieldNames().forEachRemaining(consumes::add);
    }
    Set<String> produces = new LinkedHashSet<>();
    op.path("responses")
        .forEach(response -> response.path("content").fieldNames().forEachRemaining(produces::add));
    ArrayNode produced = v2.putArray("produces");
    produces.forEach(produced::add);
    v2.putArray("schemes").add("https");
    v2.set("tags", op.get("tags"));
    v2.set("operationId", op.get("operationId"));
    ArrayNode parameters = Json.MAPPER.createArrayNode();
    if (requestBody != null) {
      ObjectNode body = parameters.addObject();
      body.put("name", "body");
      body.put("in", "body");
      if (requestBody.path("required").asBoolean(false)) {
        body.put("required", true);
      }
      JsonNode schema = requestBody.path("content").elements().next().get("schema");
      body.set("schema", schemaToV2(schema));
    }
    op.path("parameters").forEach(p -> parameters.add(parameterToV2(p)));
    if (!parameters.isEmpty()) {
      v2.set("parameters", parameters);
    }
    ObjectNode responses = v2.putObject("responses");
    for (Map.Entry<String, JsonNode> response : op.path("responses").properties()) {
      ObjectNode r = responses.putObject(response.getKey());
      r.set("description", response.getValue().get("description"));
      JsonNode content = response.getValue().get("content");
      if (content != null && content.size() > 0) {
        r.set("schema", schemaToV2(content.elements().next().get("schema")));
      }
    }
    for (Map.Entry<String, JsonNode> field : op.properties()) {
      if (field.getKey().startsWith("x-kubernetes-")) {
        v2.set(field.getKey(), field.getValue().deepCopy());
      }
    }
    return v2;
  }

  private static ObjectNode parameterToV2(JsonNode parameter) {
    ObjectNode v2 = Json.MAPPER.createObjectNode();
    v2.set("name", parameter.get("name"));
    v2.set("in", parameter.get("in"));
    v2.set("description", parameter.get("description"));
    if (parameter.path("required").asBoolean(false)) {
      v2.put("required", true);
    }
    parameter.path("schema").properties().forEach(e -> v2.set(e.getKey(), e.getValue()));
    return v2;
  }

  private static String v2Ref(String ref) {
    return ref.startsWith(SchemaGenerator.REF)
        ? V2_REF + ref.substring(SchemaGenerator.REF.length())
        : ref;
  }
}
