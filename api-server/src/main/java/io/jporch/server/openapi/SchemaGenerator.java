package io.jporch.server.openapi;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.meta.ListMeta;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.api.schema.Docs;
import io.jporch.core.api.schema.FieldSchema;
import io.jporch.core.api.schema.SchemaName;
import io.jporch.core.util.Json;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;

/**
 * Derives OpenAPI schemas (in OpenAPI 3 form) from the Jackson view of the model records: property
 * names as serialised, descriptions from {@code @JsonClassDescription} and
 * {@code @JsonPropertyDescription}, and {@link FieldSchema} constraints (required, enum, format,
 * default, bounds).
 *
 * <p>Aggregated kinds are published as kube-openapi publishes Porch's Go types: one definition per
 * record, named {@code <reversed Go package>.<Go type>} (the record's {@link SchemaName} or simple
 * name), referenced with {@code $ref} (wrapped in {@code allOf} when the property has its own
 * description). Custom resources are published as kube-apiserver publishes a CRD: one definition
 * for the kind with every nested object inline. A type the generator cannot describe is an error,
 * so a schema is never silently incomplete.
 */
final class SchemaGenerator {
  static final String REF = "#/components/schemas/";

  /** Go package (as a definition-name prefix) of each aggregated group version. */
  private static final Map<String, String> GO_PACKAGES =
      Map.of("porch.kpt.dev/v1alpha1", "com.github.nephio-project.porch.api.porch.v1alpha1");

  private static final String LIST_ITEMS_DOC =
      "List of %s. More info: https://git.k8s.io/community/contributors/devel/api-conventions.md";
  private static final String LIST_METADATA_DOC =
      "Standard list metadata. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

  private final Map<String, ObjectNode> definitions;
  private String prefix;

  /** Adds the definitions it generates to {@code definitions}. */
  SchemaGenerator(Map<String, ObjectNode> definitions) {
    this.definitions = definitions;
  }

  /** The definition name of a kind. */
  static String definitionName(ApiKind kind) {
    return prefixOf(kind) + "." + kind.kind();
  }

  /** The definition name of a kind's list. */
  static String listDefinitionName(ApiKind kind) {
    return definitionName(kind) + "List";
  }

  private static String prefixOf(ApiKind kind) {
    if (kind.customResource()) {
      String[] parts = kind.group().split("\\.");
      StringBuilder reversed = new StringBuilder();
      for (int i = parts.length - 1; i >= 0; i--) {
        reversed.append(parts[i]).append('.');
      }
      return reversed + kind.version();
    }
    String pkg = GO_PACKAGES.get(kind.groupVersion());
    if (pkg == null) {
      throw new IllegalArgumentException("no Go package known for " + kind.groupVersion());
    }
    return pkg;
  }

  /** Defines a kind and its list kind, each with {@code x-kubernetes-group-version-kind}. */
  void defineKind(ApiKind kind) {
    prefix = prefixOf(kind);
    String name = definitionName(kind);
    ObjectNode schema = objectSchema(kind.type(), null, kind.customResource());
    schema.set("x-kubernetes-group-version-kind", gvk(kind, kind.kind()));
    definitions.put(name, schema);
    definitions.put(listDefinitionName(kind), listSchema(kind, name));
  }

  private ObjectNode listSchema(ApiKind kind, String itemName) {
    ObjectNode schema = Json.MAPPER.createObjectNode();
    schema.put("description", kind.listDescription());
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("apiVersion").put("description", Docs.API_VERSION).put("type", "string");
    ObjectNode items = properties.putObject("items");
    if (kind.customResource()) {
      items.put("description", LIST_ITEMS_DOC.formatted(kind.resource().name()));
    }
    items.put("type", "array");
    items.putObject("items").put("$ref", REF + itemName);
    properties.putObject("kind").put("description", Docs.KIND).put("type", "string");
    ObjectNode metadata = properties.putObject("metadata");
    if (kind.customResource()) {
      metadata.put("description", LIST_METADATA_DOC);
      metadata.putArray("allOf").addObject().put("$ref", REF + MetaSchemas.LIST_META);
    } else {
      metadata.put("$ref", REF + MetaSchemas.LIST_META);
    }
    schema.putArray("required").add("items");
    schema.set("x-kubernetes-group-version-kind", gvk(kind, kind.kind() + "List"));
    return schema;
  }

  private static ArrayNode gvk(ApiKind kind, String kindName) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    list.addObject()
        .put("group", kind.group())
        .put("kind", kindName)
        .put("version", kind.version());
    return list;
  }

  /**
   * The object schema of a record.
   *
   * @param description overrides the record's own description (a property's description)
   * @param inline nested records inline (CRD style) instead of named definitions
   */
  private ObjectNode objectSchema(Class<?> type, String description, boolean inline) {
    if (!type.isRecord()) {
      throw new IllegalStateException("cannot derive an object schema from " + type.getName());
    }
    ObjectNode schema = Json.MAPPER.createObjectNode();
    String doc = description != null ? description : classDescription(type);
    if (doc != null) {
      schema.put("description", doc);
    }
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = Json.MAPPER.createArrayNode();
    JavaType javaType = Json.MAPPER.constructType(type);
    BeanDescription bean = Json.MAPPER.getSerializationConfig().introspect(javaType);
    for (BeanPropertyDefinition property : bean.findProperties()) {
      if (!property.couldSerialize()) {
        continue;
      }
      FieldSchema constraints = constraints(type, property.getInternalName());
      properties.set(
          property.getName(),
          propertySchema(
              property.getPrimaryType(),
              property.getMetadata().getDescription(),
              constraints,
              inline));
      if (constraints != null && constraints.required()) {
        required.add(property.getName());
      }
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    return schema;
  }

  private ObjectNode propertySchema(
      JavaType type, String description, FieldSchema constraints, boolean inline) {
    Class<?> raw = type.getRawClass();
    ObjectNode value;
    if (raw.isRecord() && raw != ObjectMeta.class && raw != ListMeta.class && inline) {
      return withConstraints(objectSchema(raw, description, true), constraints);
    }
    value = typeSchema(type, constraints, inline);
    withConstraints(value, constraints);
    if (description == null) {
      return value;
    }
    ObjectNode described = Json.MAPPER.createObjectNode();
    described.put("description", description);
    if (value.has("$ref")) {
      // OpenAPI 3 ignores the siblings of $ref; kube-openapi wraps the reference in allOf.
      described.putArray("allOf").addObject().set("$ref", value.get("$ref"));
      value.remove("$ref");
    }
    described.setAll(value);
    return described;
  }

  private ObjectNode typeSchema(JavaType type, FieldSchema constraints, boolean inline) {
    Class<?> raw = type.getRawClass();
    ObjectNode schema = Json.MAPPER.createObjectNode();
    String format = constraints == null ? "" : constraints.format();
    if (raw == String.class) {
      if (format.equals("date-time") && !inline) {
        schema.put("$ref", REF + MetaSchemas.TIME);
      } else {
        schema.put("type", "string");
        if (!format.isEmpty()) {
          schema.put("format", format);
        }
      }
    } else if (raw.isEnum()) {
      schema.put("type", "string");
      ArrayNode values = schema.putArray("enum");
      for (Object constant : raw.getEnumConstants()) {
        values.add(Json.MAPPER.convertValue(constant, String.class));
      }
    } else if (raw == int.class || raw == Integer.class) {
      schema.put("type", "integer").put("format", "int32");
    } else if (raw == long.class || raw == Long.class) {
      schema.put("type", "integer").put("format", "int64");
    } else if (raw == boolean.class || raw == Boolean.class) {
      schema.put("type", "boolean");
    } else if (raw == ObjectMeta.class) {
      schema.put("$ref", REF + MetaSchemas.OBJECT_META);
    } else if (raw == ListMeta.class) {
      schema.put("$ref", REF + MetaSchemas.LIST_META);
    } else if (type.isCollectionLikeType()) {
      schema.put("type", "array");
      schema.set("items", propertySchema(type.getContentType(), null, null, inline));
    } else if (type.isMapLikeType() && type.getKeyType().getRawClass() == String.class) {
      schema.put("type", "object");
      schema.set("additionalProperties", propertySchema(type.getContentType(), null, null, inline));
    } else if (raw.isRecord()) {
      String name = prefix + "." + simpleName(raw);
      if (!definitions.containsKey(name)) {
        definitions.put(name, Json.MAPPER.createObjectNode());
        definitions.put(name, objectSchema(raw, null, false));
      }
      schema.put("$ref", REF + name);
    } else {
      throw new IllegalStateException("no OpenAPI schema for type " + type);
    }
    return schema;
  }

  private static ObjectNode withConstraints(ObjectNode schema, FieldSchema c) {
    if (c == null) {
      return schema;
    }
    if (c.enumValues().length > 0) {
      ArrayNode values = schema.putArray("enum");
      Arrays.stream(c.enumValues()).forEach(values::add);
    }
    if (!c.defaultValue().isEmpty()) {
      schema.put("default", c.defaultValue());
    }
    if (c.minLength() != FieldSchema.UNSET) {
      schema.put("minLength", c.minLength());
    }
    if (c.maxLength() != FieldSchema.UNSET) {
      schema.put("maxLength", c.maxLength());
    }
    if (c.minimum() != FieldSchema.UNSET) {
      schema.put("minimum", c.minimum());
    }
    if (!c.pattern().isEmpty()) {
      schema.put("pattern", c.pattern());
    }
    return schema;
  }

  private static FieldSchema constraints(Class<?> type, String componentName) {
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.getName().equals(componentName)) {
        return component.getAnnotation(FieldSchema.class);
      }
    }
    return null;
  }

  private static String classDescription(Class<?> type) {
    JsonClassDescription d = type.getAnnotation(JsonClassDescription.class);
    return d == null || d.value().isEmpty() ? null : d.value();
  }

  /** The Go type name of a record: its {@link SchemaName}, or its simple name. */
  static String simpleName(Class<?> type) {
    SchemaName name = type.getAnnotation(SchemaName.class);
    return name != null ? name.value() : type.getSimpleName();
  }
}
