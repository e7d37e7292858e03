package io.jporch.server.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI documents kubectl and kube-aggregator read: {@code /openapi/v2} (Swagger 2.0, every
 * group), the {@code /openapi/v3} index and one OpenAPI 3.0 document per group version. Schemas are
 * generated from the model records ({@link SchemaGenerator}); every kind and list kind carries
 * {@code x-kubernetes-group-version-kind}, which is how clients find them. Each document holds the
 * definitions its paths reach, as kube-openapi's do. The documents never change while the server
 * runs; each comes with its ETag (upper-case hex SHA-512 of its JSON), which is also the {@code
 * hash} of its {@code serverRelativeURL} in the v3 index.
 */
public final class OpenApiDocuments {
  private static final String TITLE = "Porch";
  private static final String VERSION = "0.1";

  /** A rendered document: its JSON bytes and ETag. */
  public record Document(JsonNode json, byte[] bytes, String etag) {
    static Document of(JsonNode json) {
      try {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(json);
        return new Document(json, bytes, OpenApiDocuments.etag(bytes));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise an OpenAPI document", e);
      }
    }
  }

  private final Document v2;
  private final byte[] v2Protobuf;
  private final String v2ProtobufEtag;
  private final Map<String, Document> v3 = new LinkedHashMap<>();
  private final Document v3Index;
  private final FieldValidator validator;
  private final Set<String> customResourceGroups = new LinkedHashSet<>();

  /** Builds every document for {@code kinds}. */
  public OpenApiDocuments(List<ApiKind> kinds) {
    Map<String, ObjectNode> definitions = new TreeMap<>(MetaSchemas.definitions());
    SchemaGenerator generator = new SchemaGenerator(definitions);
    kinds.forEach(generator::defineKind);
    Set<String> groupVersions = new LinkedHashSet<>();
    kinds.forEach(k -> groupVersions.add(k.groupVersion()));
    kinds.stream()
        .filter(ApiKind::customResource)
        .forEach(k -> customResourceGroups.add(k.group()));
    addMetaGroupVersionKinds(definitions, groupVersions);

    ObjectNode allPaths = Json.MAPPER.createObjectNode();
    ObjectNode index = Json.MAPPER.createObjectNode();
    ObjectNode indexPaths = index.putObject("paths");
    for (String gv : groupVersions) {
      ObjectNode paths = Json.MAPPER.createObjectNode();
      kinds.stream()
          .filter(k -> k.groupVersion().equals(gv))
          .forEach(k -> OpenApiPaths.addAll(paths, k));
      allPaths.setAll(paths);
      Document doc = Document.of(v3Document(paths, reachable(paths, definitions)));
      v3.put(gv, doc);
      indexPaths
          .putObject("apis/" + gv)
          .put("serverRelativeURL", "/openapi/v3/apis/" + gv + "?hash=" + doc.etag());
    }
    v3Index = Document.of(index);
    v2 = Document.of(v2Document(allPaths, reachable(allPaths, definitions)));
    v2Protobuf = OpenApiV2Protobuf.encode(v2.json());
    v2ProtobufEtag = etag(v2Protobuf);

    Map<String, String> definitionOfKind = new LinkedHashMap<>();
    for (ApiKind kind : kinds) {
      definitionOfKind.put(kind.group() + "/" + kind.kind(), SchemaGenerator.definitionName(kind));
    }
    ObjectNode all = Json.MAPPER.createObjectNode();
    definitions.forEach(all::set);
    validator = new FieldValidator(all, SchemaGenerator.REF, definitionOfKind);
  }

  /** {@code /openapi/v2}. */
  public Document v2() {
    return v2;
  }

  /** {@code /openapi/v2} in gnostic's protobuf form ({@link OpenApiV2Protobuf}). */
  public byte[] v2Protobuf() {
    return v2Protobuf.clone();
  }

  /** The ETag of {@link #v2Protobuf()}. */
  public String v2ProtobufEtag() {
    return v2ProtobufEtag;
  }

  /** {@code /openapi/v3}. */
  public Document v3Index() {
    return v3Index;
  }

  /** The OpenAPI 3 document of {@code group/version}, if served. */
  public Optional<Document> v3(String group, String version) {
    return Optional.ofNullable(v3.get(group + "/" + version));
  }

  /** The groups published like CustomResourceDefinitions (discovery reports them as such). */
  public Set<String> customResourceGroups() {
    return Set.copyOf(customResourceGroups);
  }

  /** Finds fields the schemas do not know (server-side field validation). */
  public FieldValidator fieldValidator() {
    return validator;
  }

  private static ObjectNode v3Document(ObjectNode paths, Map<String, ObjectNode> definitions) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", TITLE).put("version", VERSION);
    doc.set("paths", paths);
    ObjectNode components = doc.putObject("components");
    ObjectNode schemas = components.putObject("schemas");
    definitions.forEach(schemas::set);
    components.putObject("securitySchemes").set("BearerToken", bearerToken());
    return doc;
  }

  private static ObjectNode v2Document(ObjectNode paths, Map<String, ObjectNode> definitions) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("swagger", "2.0");
    doc.putObject("info").put("title", TITLE).put("version", VERSION);
    doc.set("paths", OpenApiForms.pathsToV2(paths));
    ObjectNode v2Definitions = doc.putObject("definitions");
    definitions.forEach((name, schema) -> v2Definitions.set(name, OpenApiForms.schemaToV2(schema)));
    doc.putObject("securityDefinitions").set("BearerToken", bearerToken());
    doc.putArray("security").addObject().putArray("BearerToken");
    return doc;
  }

  private static ObjectNode bearerToken() {
    ObjectNode scheme = Json.MAPPER.createObjectNode();
    scheme.put("type", "apiKey");
    scheme.put("description", "Bearer Token authentication");
    scheme.put("name", "authorization");
    scheme.put("in", "header");
    return scheme;
  }

  /** The definitions reachable from {@code root} through {@code $ref}, in name order. */
  private static Map<String, ObjectNode> reachable(
      JsonNode root, Map<String, ObjectNode> definitions) {
    Map<String, ObjectNode> result = new TreeMap<>();
    Deque<JsonNode> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (node.isObject()) {
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual() && ref.asText().startsWith(SchemaGenerator.REF)) {
          String name = ref.asText().substring(SchemaGenerator.REF.length());
          ObjectNode target = definitions.get(name);
          if (target == null) {
            throw new IllegalStateException("dangling OpenAPI reference " + name);
          }
          if (result.putIfAbsent(name, target) == null) {
            pending.push(target);
          }
        }
      }
      node.forEach(pending::push);
    }
    return result;
  }

  /**
   * The apimachinery kinds every served group version registers (metav1.AddToGroupVersion): their
   * definitions list each group version, after the core {@code v1} one.
   */
  private static void addMetaGroupVersionKinds(
      Map<String, ObjectNode> definitions, Set<String> groupVersions) {
    for (String kind : List.of("DeleteOptions", "WatchEvent")) {
      ArrayNode gvks =
          definitions.get(MetaSchemas.PREFIX + kind).putArray("x-kubernetes-group-version-kind");
      gvks.addObject().put("group", "").put("kind", kind).put("version", "v1");
      for (String gv : groupVersions) {
        int slash = gv.indexOf('/');
        gvks.addObject()
            .put("group", gv.substring(0, slash))
            .put("kind", kind)
            .put("version", gv.substring(slash + 1));
      }
    }
    definitions
        .get(MetaSchemas.STATUS)
        .putArray("x-kubernetes-group-version-kind")
        .addObject()
        .put("group", "")
        .put("kind", "Status")
        .put("version", "v1");
  }

  private static String etag(byte[] bytes) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-512").digest(bytes))
          .toUpperCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is not available", e);
    }
  }
}
