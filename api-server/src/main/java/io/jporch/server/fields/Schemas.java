package io.jporch.server.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The type information field management and strategic merge patch need, read from the served
 * OpenAPI v2 definitions: every definition carrying {@code x-kubernetes-group-version-kind} is the
 * schema of that kind. This is how kube-apiserver builds its type converter, so the published
 * schema and the merge behaviour cannot drift apart.
 */
public final class Schemas {
  private static final int MAX_REF_DEPTH = 16;

  private final ObjectNode definitions;
  private final Map<String, String> definitionOfKind = new HashMap<>();

  /** Indexes the {@code definitions} of an OpenAPI v2 document. */
  public Schemas(JsonNode swagger) {
    JsonNode defs = swagger == null ? null : swagger.get("definitions");
    this.definitions = defs instanceof ObjectNode o ? o : null;
    if (definitions == null) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> it = definitions.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
        definitionOfKind.putIfAbsent(
            key(
                gvk.path("group").asText(),
                gvk.path("version").asText(),
                gvk.path("kind").asText()),
            e.getKey());
      }
    }
  }

  /** No type information: every object is untyped. */
  public static Schemas none() {
    return new Schemas(null);
  }

  /** The schema of {@code group/version, Kind=kind}, if published. */
  public Optional<SchemaNode> kind(String group, String version, String kind) {
    String name = definitionOfKind.get(key(group, version, kind));
    return name == null
        ? Optional.empty()
        : Optional.of(new SchemaNode(this, definitions.get(name)));
  }

  /**
   * Follows {@code $ref} (to a definition of this document, whatever its prefix) and single-element
   * {@code allOf} wrappers.
   */
  SchemaNode resolve(JsonNode schema) {
    JsonNode current = schema;
    for (int depth = 0; current != null && depth < MAX_REF_DEPTH; depth++) {
      if (current.has("$ref") && definitions != null) {
        String ref = current.get("$ref").asText();
        current = definitions.get(ref.substring(ref.lastIndexOf('/') + 1));
      } else if (current.has("allOf") && current.get("allOf").size() == 1) {
        current = current.get("allOf").get(0);
      } else {
        break;
      }
    }
    return current == null ? SchemaNode.untyped() : new SchemaNode(this, current);
  }

  private static String key(String group, String version, String kind) {
    return group + "/" + version + "/" + kind;
  }
}
