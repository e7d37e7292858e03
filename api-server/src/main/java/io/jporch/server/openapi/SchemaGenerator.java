package io.jporch.server.openapi;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.meta.ListMeta;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.util.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Derives OpenAPI schemas from the Jackson view of the model records (property names as they are
 * serialised, {@code @JsonProperty} included). Nested records become named definitions; Kubernetes
 * metadata refers to the hand-written apimachinery definitions of {@link MetaSchemas}. Lists are
 * atomic, as in Porch's generated schema.
 */
final class SchemaGenerator {
  private final String refPrefix;
  private final Map<String, ObjectNode> definitions = new LinkedHashMap<>();

  SchemaGenerator(String refPrefix) {
    this.refPrefix = refPrefix;
    MetaSchemas.addTo(definitions, refPrefix);
  }

  Map<String, ObjectNode> definitions() {
    return definitions;
  }

  /** Defines {@code type} (a record) under {@code name} and returns the definition. */
  ObjectNode define(Class<?> type, String name) {
    ObjectNode existing = definitions.get(name);
    if (existing != null) {
      return existing;
    }
    ObjectNode schema = Json.MAPPER.createObjectNode();
    definitions.put(name, schema);
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    JavaType javaType = Json.MAPPER.constructType(type);
    BeanDescription bean = Json.MAPPER.getSerializationConfig().introspect(javaType);
    for (BeanPropertyDefinition property : bean.findProperties()) {
      if (property.couldSerialize()) {
        properties.set(property.getName(), schemaFor(property.getPrimaryType()));
      }
    }
    return schema;
  }

  ObjectNode schemaFor(JavaType type) {
    Class<?> raw = type.getRawClass();
    ObjectNode schema = Json.MAPPER.createObjectNode();
    if (raw == String.class || raw.isEnum()) {
      schema.put("type", "string");
    } else if (raw == int.class || raw == Integer.class) {
      schema.put("type", "integer").put("format", "int32");
    } else if (raw == long.class || raw == Long.class) {
      schema.put("type", "integer").put("format", "int64");
    } else if (raw == boolean.class || raw == Boolean.class) {
      schema.put("type", "boolean");
    } else if (raw == ObjectMeta.class) {
      schema.put("$ref", refPrefix + MetaSchemas.OBJECT_META);
    } else if (raw == ListMeta.class) {
      schema.put("$ref", refPrefix + MetaSchemas.LIST_META);
    } else if (type.isCollectionLikeType()) {
      schema.put("type", "array");
      schema.set("items", schemaFor(type.getContentType()));
      schema.put("x-kubernetes-list-type", "atomic");
    } else if (type.isMapLikeType()) {
      schema.put("type", "object");
      JavaType value = type.getContentType();
      if (value.getRawClass() == Object.class) {
        schema.put("x-kubernetes-preserve-unknown-fields", true);
      } else {
        schema.set("additionalProperties", schemaFor(value));
      }
    } else if (raw.isRecord()) {
      String name = nameOf(raw);
      define(raw, name);
      schema.put("$ref", refPrefix + name);
    } else {
      schema.put("x-kubernetes-preserve-unknown-fields", true);
    }
    return schema;
  }

  /** Definition name: the Go-style package prefix and the (outer-qualified) type name. */
  static String nameOf(Class<?> type) {
    String simple = type.getSimpleName();
    Class<?> outer = type.getEnclosingClass();
    while (outer != null) {
      simple = outer.getSimpleName() + simple;
      outer = outer.getEnclosingClass();
    }
    return prefixOf(type) + simple;
  }

  static String prefixOf(Class<?> type) {
    String pkg = type.getPackageName();
    return pkg.endsWith(".config")
        ? "dev.kpt.porch.config.v1alpha1."
        : "com.github.nephio-project.porch.api.porch.v1alpha1.";
  }
}
