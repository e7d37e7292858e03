package io.jporch.server.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import io.jporch.server.rest.ResourceDescriptor;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI documents kubectl and kube-aggregator read: {@code /openapi/v2} (Swagger 2.0 with
 * every definition), the {@code /openapi/v3} index and one OpenAPI 3.0 document per group version.
 * Schemas are generated from the model records; every kind and list kind carries {@code
 * x-kubernetes-group-version-kind}, which is how clients find them. The version 3 documents also
 * list the resource paths, whose PATCH operations advertise {@code fieldValidation}: kubectl then
 * leaves field validation to the server ({@link FieldValidator}).
 */
public final class OpenApiDocuments {
  private static final String API_VERSION_DOC =
      "APIVersion defines the versioned schema of this representation of an object. Servers should"
          + " convert recognized schemas to the latest internal value, and may reject unrecognized values.";
  private static final String KIND_DOC =
      "Kind is a string value representing the REST resource this object represents. Servers may"
          + " infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.";
  private static final String METADATA_DOC =
      "Standard object's metadata. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  private final ObjectNode v2;
  private final Map<String, ObjectNode> v3 = new LinkedHashMap<>();
  private final ObjectNode v3Index;
  private final FieldValidator validator;

  /** Builds every document for {@code kinds}. */
  public OpenApiDocuments(List<ApiKind> kinds) {
    v2 = document(kinds, "#/definitions/", true);
    v3Index = Json.MAPPER.createObjectNode();
    ObjectNode paths = v3Index.putObject("paths");
    for (String gv : kinds.stream().map(k -> k.group() + "/" + k.version()).distinct().toList()) {
      List<ApiKind> ofGroup =
          kinds.stream().filter(k -> (k.group() + "/" + k.version()).equals(gv)).toList();
      ObjectNode doc = document(ofGroup, "#/components/schemas/", false);
      v3.put(gv, doc);
      paths
          .putObject("apis/" + gv)
          .put("serverRelativeURL", "/openapi/v3/apis/" + gv + "?hash=" + hash(doc));
    }
    Map<String, String> definitionOfKind = new LinkedHashMap<>();
    for (ApiKind kind : kinds) {
      definitionOfKind.put(kind.group() + "/" + kind.kind(), SchemaGenerator.nameOf(kind.type()));
    }
    validator =
        new FieldValidator((ObjectNode) v2.get("definitions"), "#/definitions/", definitionOfKind);
  }

  public ObjectNode v2() {
    return v2;
  }

  public ObjectNode v3Index() {
    return v3Index;
  }

  /** The OpenAPI 3 document of {@code group/version}, if served. */
  public Optional<ObjectNode> v3(String group, String version) {
    return Optional.ofNullable(v3.get(group + "/" + version));
  }

  /** Finds fields the schemas do not know (server-side field validation). */
  public FieldValidator fieldValidator() {
    return validator;
  }

  private static ObjectNode document(List<ApiKind> kinds, String refPrefix, boolean swagger) {
    SchemaGenerator generator = new SchemaGenerator(refPrefix);
    ObjectNode doc = Json.MAPPER.createObjectNode();
    if (swagger) {
      doc.put("swagger", "2.0");
    } else {
      doc.put("openapi", "3.0.0");
    }
    doc.putObject("info").put("title", "jporch").put("version", "v0.1.0");
    ObjectNode paths = doc.putObject("paths");
    for (ApiKind kind : kinds) {
      String name = SchemaGenerator.nameOf(kind.type());
      ObjectNode schema = generator.define(kind.type(), name);
      decorate(schema, kind, kind.kind(), kind.description());
      generator.definitions().put(name + "List", listSchema(kind, refPrefix + name, refPrefix));
      if (!swagger) {
        for (ResourceDescriptor resource : kind.resources()) {
          OpenApiPaths.add(paths, resource, refPrefix + name, refPrefix + name + "List");
        }
      }
    }
    ObjectNode definitions =
        swagger ? doc.putObject("definitions") : doc.putObject("components").putObject("schemas");
    generator.definitions().forEach(definitions::set);
    return doc;
  }

  private static void decorate(
      ObjectNode schema, ApiKind kind, String kindName, String description) {
    schema.put("description", description);
    ObjectNode properties = (ObjectNode) schema.get("properties");
    ((ObjectNode) properties.get("apiVersion")).put("description", API_VERSION_DOC);
    ((ObjectNode) properties.get("kind")).put("description", KIND_DOC);
    ObjectNode metadata = (ObjectNode) properties.get("metadata");
    if (metadata != null && metadata.has("$ref")) {
      // OpenAPI 3 ignores siblings of $ref; wrap it as kube-openapi does.
      String ref = metadata.get("$ref").asText();
      metadata.removeAll();
      metadata.putArray("allOf").addObject().put("$ref", ref);
      metadata.put("description", METADATA_DOC);
    }
    ObjectNode gvk = schema.putArray("x-kubernetes-group-version-kind").addObject();
    gvk.put("group", kind.group());
    gvk.put("kind", kindName);
    gvk.put("version", kind.version());
  }

  private static ObjectNode listSchema(ApiKind kind, String itemRef, String refPrefix) {
    ObjectNode schema = Json.MAPPER.createObjectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    properties.putObject("metadata").put("$ref", refPrefix + MetaSchemas.LIST_META);
    ObjectNode items = properties.putObject("items").put("type", "array");
    items.putObject("items").put("$ref", itemRef);
    schema.putArray("required").add("items");
    decorate(
        schema,
        kind,
        kind.kind() + "List",
        kind.kind() + "List is a list of " + kind.kind() + " objects.");
    return schema;
  }

  private static String hash(ObjectNode doc) {
    try {
      byte[] bytes = Json.MAPPER.writeValueAsBytes(doc);
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-512").digest(bytes))
          .toUpperCase(Locale.ROOT);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash an OpenAPI document", e);
    }
  }
}
