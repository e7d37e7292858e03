package io.jporch.server.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.util.Map;

/**
 * Hand-written schemas of the apimachinery types jporch's objects embed (ObjectMeta, ListMeta,
 * OwnerReference, ManagedFieldsEntry), so that client-side validation accepts every standard
 * metadata field even where jporch's records keep only some of them.
 */
final class MetaSchemas {
  static final String PREFIX = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  static final String OBJECT_META = PREFIX + "ObjectMeta";
  static final String LIST_META = PREFIX + "ListMeta";
  static final String OWNER_REFERENCE = PREFIX + "OwnerReference";
  static final String MANAGED_FIELDS = PREFIX + "ManagedFieldsEntry";

  private MetaSchemas() {}

  static void addTo(Map<String, ObjectNode> definitions, String refPrefix) {
    definitions.put(OBJECT_META, objectMeta(refPrefix));
    definitions.put(LIST_META, listMeta());
    definitions.put(OWNER_REFERENCE, ownerReference());
    definitions.put(MANAGED_FIELDS, managedFields());
  }

  private static ObjectNode objectMeta(String refPrefix) {
    ObjectNode schema = object("ObjectMeta is metadata that all persisted resources must have.");
    ObjectNode p = schema.putObject("properties");
    stringMap(p, "annotations");
    p.putObject("creationTimestamp").put("type", "string").put("format", "date-time");
    p.putObject("deletionGracePeriodSeconds").put("type", "integer").put("format", "int64");
    p.putObject("deletionTimestamp").put("type", "string").put("format", "date-time");
    stringList(p, "finalizers");
    p.putObject("generateName").put("type", "string");
    p.putObject("generation").put("type", "integer").put("format", "int64");
    stringMap(p, "labels");
    refList(p, "managedFields", refPrefix + MANAGED_FIELDS);
    p.putObject("name").put("type", "string");
    p.putObject("namespace").put("type", "string");
    refList(p, "ownerReferences", refPrefix + OWNER_REFERENCE);
    p.putObject("resourceVersion").put("type", "string");
    p.putObject("selfLink").put("type", "string");
    p.putObject("uid").put("type", "string");
    return schema;
  }

  private static ObjectNode listMeta() {
    ObjectNode schema = object("ListMeta describes metadata that synthetic resources must have.");
    ObjectNode p = schema.putObject("properties");
    p.putObject("continue").put("type", "string");
    p.putObject("remainingItemCount").put("type", "integer").put("format", "int64");
    p.putObject("resourceVersion").put("type", "string");
    p.putObject("selfLink").put("type", "string");
    return schema;
  }

  private static ObjectNode ownerReference() {
    ObjectNode schema =
        object("OwnerReference contains enough information to let you identify an owning object.");
    ObjectNode p = schema.putObject("properties");
    p.putObject("apiVersion").put("type", "string");
    p.putObject("blockOwnerDeletion").put("type", "boolean");
    p.putObject("controller").put("type", "boolean");
    p.putObject("kind").put("type", "string");
    p.putObject("name").put("type", "string");
    p.putObject("uid").put("type", "string");
    schema.putArray("required").add("apiVersion").add("kind").add("name").add("uid");
    schema.put("x-kubernetes-map-type", "atomic");
    return schema;
  }

  private static ObjectNode managedFields() {
    ObjectNode schema =
        object(
            "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource.");
    ObjectNode p = schema.putObject("properties");
    p.putObject("apiVersion").put("type", "string");
    p.putObject("fieldsType").put("type", "string");
    p.putObject("fieldsV1").put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    p.putObject("manager").put("type", "string");
    p.putObject("operation").put("type", "string");
    p.putObject("subresource").put("type", "string");
    p.putObject("time").put("type", "string").put("format", "date-time");
    return schema;
  }

  private static ObjectNode object(String description) {
    ObjectNode schema = Json.MAPPER.createObjectNode();
    schema.put("description", description);
    schema.put("type", "object");
    return schema;
  }

  private static void stringMap(ObjectNode properties, String name) {
    properties
        .putObject(name)
        .put("type", "object")
        .putObject("additionalProperties")
        .put("type", "string");
  }

  private static void stringList(ObjectNode properties, String name) {
    ObjectNode list = properties.putObject(name).put("type", "array");
    list.putObject("items").put("type", "string");
    list.put("x-kubernetes-list-type", "set");
  }

  private static void refList(ObjectNode properties, String name, String ref) {
    ObjectNode list = properties.putObject(name).put("type", "array");
    list.putObject("items").put("$ref", ref);
  }
}
