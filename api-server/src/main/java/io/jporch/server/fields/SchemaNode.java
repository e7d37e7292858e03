package io.jporch.server.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One OpenAPI schema as field management reads it (kube-openapi's {@code schemaconv}): a struct
 * (declared properties), a map (additionalProperties), a list (atomic unless {@code
 * x-kubernetes-list-type} or a merge patch strategy says otherwise), a scalar, or untyped ({@code
 * x-kubernetes-preserve-unknown-fields} or no type: maps are granular, lists atomic).
 */
public final class SchemaNode {
  /** The shape of a schema. */
  public enum Kind {
    STRUCT,
    MAP,
    LIST,
    SCALAR,
    UNTYPED
  }

  /** How list items are identified. */
  public enum ListType {
    ATOMIC,
    SET,
    MAP
  }

  private static final SchemaNode UNTYPED = new SchemaNode(null, null);

  private final Schemas registry;
  private final JsonNode schema;

  SchemaNode(Schemas registry, JsonNode schema) {
    this.registry = registry;
    this.schema = schema;
  }

  /** A node that accepts anything (maps granular, lists atomic). */
  public static SchemaNode untyped() {
    return UNTYPED;
  }

  public Kind kind() {
    if (schema == null) {
      return Kind.UNTYPED;
    }
    if (schema.has("properties")) {
      return Kind.STRUCT;
    }
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return Kind.UNTYPED;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return Kind.SCALAR;
    }
    String type = schema.path("type").asText("");
    return switch (type) {
      case "object" -> schema.has("additionalProperties") ? Kind.MAP : Kind.UNTYPED;
      case "array" -> Kind.LIST;
      case "string", "integer", "number", "boolean" -> Kind.SCALAR;
      default -> Kind.UNTYPED;
    };
  }

  /** True for structs and maps marked {@code x-kubernetes-map-type: atomic} and atomic lists. */
  public boolean atomic() {
    return switch (kind()) {
      case STRUCT, MAP -> "atomic".equals(schema.path("x-kubernetes-map-type").asText(""));
      case LIST -> listType() == ListType.ATOMIC;
      default -> false;
    };
  }

  /** True if a struct declares {@code name} (maps and untyped nodes accept any key). */
  public boolean declares(String name) {
    return kind() == Kind.STRUCT && schema.path("properties").has(name);
  }

  /**
   * The schema of field {@code name}: the declared property of a struct (or its
   * additionalProperties), the element of a map, untyped below an untyped node; null when a struct
   * does not know the field.
   */
  public SchemaNode field(String name) {
    return switch (kind()) {
      case STRUCT -> {
        JsonNode property = schema.path("properties").get(name);
        if (property != null) {
          yield registry.resolve(property);
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && additional.isObject()) {
          yield registry.resolve(additional);
        }
        yield schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) ? UNTYPED : null;
      }
      case MAP -> element();
      case UNTYPED -> UNTYPED;
      default -> null;
    };
  }

  /** The element schema of a list or map (untyped if unspecified). */
  public SchemaNode element() {
    if (schema == null) {
      return UNTYPED;
    }
    JsonNode items = kind() == Kind.LIST ? schema.get("items") : schema.get("additionalProperties");
    return items == null || !items.isObject() ? UNTYPED : registry.resolve(items);
  }

  /** The schema below a path element (null if undeclared). */
  public SchemaNode childFor(PathElement element) {
    return element instanceof PathElement.Field f ? field(f.name()) : element();
  }

  public ListType listType() {
    if (schema == null) {
      return ListType.ATOMIC;
    }
    String type = schema.path("x-kubernetes-list-type").asText("");
    switch (type) {
      case "atomic":
        return ListType.ATOMIC;
      case "set":
        return ListType.SET;
      case "map":
        return ListType.MAP;
      default:
        break;
    }
    String strategy = patchStrategy();
    if (strategy.equals("merge") || strategy.equals("merge,retainKeys")) {
      return patchMergeKey().isEmpty() ? ListType.SET : ListType.MAP;
    }
    return ListType.ATOMIC;
  }

  /** The key fields of a {@link ListType#MAP} list. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    JsonNode declared = schema == null ? null : schema.get("x-kubernetes-list-map-keys");
    if (declared != null && declared.isArray()) {
      declared.forEach(k -> keys.add(k.asText()));
    } else if (!patchMergeKey().isEmpty()) {
      keys.add(patchMergeKey());
    }
    return keys;
  }

  /** {@code x-kubernetes-patch-strategy} (strategic merge patch), empty if none. */
  public String patchStrategy() {
    return schema == null ? "" : schema.path("x-kubernetes-patch-strategy").asText("");
  }

  /** {@code x-kubernetes-patch-merge-key}, empty if none. */
  public String patchMergeKey() {
    return schema == null ? "" : schema.path("x-kubernetes-patch-merge-key").asText("");
  }
}
