package io.jporch.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.server.rest.UnknownFieldFinder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Server-side field validation ({@code fieldValidation=Strict|Warn}): walks a request object
 * against the published schema and reports every field the schema does not declare, with the dotted
 * path kube-apiserver prints ({@code spec.foo}, {@code spec.tasks[0].bar}).
 */
public final class FieldValidator implements UnknownFieldFinder {
  private final ObjectNode definitions;
  private final String refPrefix;
  private final Map<String, String> definitionOfKind;

  FieldValidator(ObjectNode definitions, String refPrefix, Map<String, String> definitionOfKind) {
    this.definitions = definitions;
    this.refPrefix = refPrefix;
    this.definitionOfKind = Map.copyOf(definitionOfKind);
  }

  /** Paths of the unknown fields of {@code object} of kind {@code group/kind}; empty if none. */
  @Override
  public List<String> unknownFields(String group, String kind, JsonNode object) {
    String definition = definitionOfKind.get(group + "/" + kind);
    List<String> unknown = new ArrayList<>();
    if (definition != null) {
      walk(definitions.get(definition), object, "", unknown);
    }
    return unknown;
  }

  private void walk(JsonNode schema, JsonNode value, String path, List<String> unknown) {
    schema = resolve(schema);
    if (schema == null || value == null || value.isNull()) {
      return;
    }
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        walk(schema.get("items"), value.get(i), path + "[" + i + "]", unknown);
      }
      return;
    }
    if (!value.isObject()) {
      return;
    }
    JsonNode properties = schema.get("properties");
    JsonNode additional = schema.get("additionalProperties");
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (properties != null && properties.has(field.getKey())) {
        walk(properties.get(field.getKey()), field.getValue(), child, unknown);
      } else if (additional != null) {
        walk(additional, field.getValue(), child, unknown);
      } else if (properties != null) {
        unknown.add(child);
      }
    }
  }

  private JsonNode resolve(JsonNode schema) {
    JsonNode current = schema;
    for (int depth = 0; current != null && depth < 8; depth++) {
      if (current.has("$ref")) {
        current = definitions.get(current.get("$ref").asText().substring(refPrefix.length()));
      } else if (current.has("allOf") && current.get("allOf").size() == 1) {
        current = current.get("allOf").get(0);
      } else {
        return current;
      }
    }
    return current;
  }
}
