package io.jporch.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.meta.KubeList;
import io.jporch.core.api.meta.Status;
import io.jporch.core.util.Json;
import io.jporch.server.rest.ApiResult;
import io.jporch.server.rest.TableDefinition;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** A fully serialised response: status code, content type and body bytes. */
record Rendered(int code, String contentType, byte[] body, Map<String, String> headers) {
  /**
   * Go's {@code json.MarshalIndent(v, "", " ")}: {@code "key": value}, empty {@code []}/{@code {}}.
   */
  private static final ObjectWriter PRETTY =
      Json.MAPPER.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n"))
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator("")));

  Rendered {
    headers = Map.copyOf(headers);
  }

  Rendered(int code, String contentType, byte[] body) {
    this(code, contentType, body, Map.of());
  }

  /** The same response with another status code. */
  Rendered withCode(int other) {
    return new Rendered(other, contentType, body, headers);
  }

  /** The same response with one more header. */
  Rendered withHeader(String name, String value) {
    Map<String, String> more = new TreeMap<>(headers);
    more.put(name, value);
    return new Rendered(code, contentType, body, more);
  }

  /** Serialises a Status (always JSON, as kube-apiserver does for errors). */
  static Rendered status(Status status) {
    return new Rendered(
        status.code(), MediaType.JSON, json(Json.MAPPER.valueToTree(status), false));
  }

  /** Plain text, for the health endpoints. */
  static Rendered text(int code, String text) {
    return new Rendered(code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON document (version, OpenAPI). */
  static Rendered json(JsonNode document) {
    return new Rendered(200, MediaType.JSON, json(document, false));
  }

  /** A document (discovery) in a negotiated encoding, with the given content type. */
  static Rendered document(JsonNode document, Representation representation, String contentType) {
    return new Rendered(200, contentType, encode(document, representation));
  }

  /**
   * An object or list result in the negotiated representation. A Status result is never converted.
   *
   * @throws io.jporch.server.rest.WireFailure 406 if the object cannot take the requested shape
   */
  static Rendered result(
      ApiResult result,
      Representation representation,
      TableDefinition table,
      TableConverter.IncludeObject include) {
    int code;
    Object object;
    boolean isList;
    switch (result) {
      case ApiResult.Single s -> {
        code = s.code();
        object = s.object();
        isList = false;
      }
      case ApiResult.Collection c -> {
        code = 200;
        object = c.list();
        isList = true;
      }
      case ApiResult.Stream s ->
          throw new IllegalArgumentException("a watch is streamed, not rendered");
    }
    if (representation.shape() == Representation.Shape.OBJECT
        && representation.format() == Representation.Format.JSON
        && (!isList || object instanceof KubeList<?> list && list.items() != null)) {
      // The common case (every JSON get and list): straight to bytes, no intermediate tree.
      return new Rendered(
          code, representation.contentType(), json(object, representation.pretty()));
    }
    JsonNode tree = Json.MAPPER.valueToTree(object);
    if (isList && tree.isObject() && (tree.get("items") == null || tree.get("items").isNull())) {
      ((ObjectNode) tree).putArray("items");
    }
    JsonNode shaped =
        isStatus(tree) ? tree : shape(tree, isList, representation, table, include, false);
    return new Rendered(code, representation.contentType(), encode(shaped, representation));
  }

  /** The object in the requested shape: itself, a Table or PartialObjectMetadata(List). */
  static JsonNode shape(
      JsonNode tree,
      boolean isList,
      Representation representation,
      TableDefinition table,
      TableConverter.IncludeObject include,
      boolean noHeaders) {
    String version = representation.metaVersion();
    return switch (representation.shape()) {
      case OBJECT -> tree;
      case TABLE -> TableConverter.toTable(tree, isList, table, version, include, noHeaders);
      case PARTIAL_METADATA -> {
        if (isList) {
          throw Representation.notAcceptableMessage(
              "you requested PartialObjectMetadata, but the requested object is a list ("
                  + tree.path("kind").asText()
                  + ")");
        }
        yield TableConverter.toPartialMetadata(tree, version);
      }
      case PARTIAL_METADATA_LIST -> {
        if (!isList) {
          throw Representation.notAcceptableMessage(
              "you requested PartialObjectMetadataList, but the requested object is not a list ("
                  + tree.path("kind").asText()
                  + ")");
        }
        yield TableConverter.toPartialMetadataList(tree, version);
      }
    };
  }

  /** True for a meta {@code v1 Status}, which kube-apiserver never converts. */
  static boolean isStatus(JsonNode tree) {
    return "Status".equals(tree.path("kind").asText())
        && "v1".equals(tree.path("apiVersion").asText());
  }

  private static byte[] encode(JsonNode tree, Representation representation) {
    return representation.format() == Representation.Format.YAML
        ? yaml(tree)
        : json(tree, representation.pretty());
  }

  /**
   * JSON as kube-apiserver writes it: compact with a trailing newline ({@code json.Encoder}), or
   * indented by two spaces without one ({@code json.MarshalIndent}). {@code tree} is a JSON tree or
   * a model object: the bytes are the same either way.
   */
  static byte[] json(Object tree, boolean pretty) {
    try {
      if (pretty) {
        return PRETTY.writeValueAsBytes(tree);
      }
      byte[] compact = Json.MAPPER.writeValueAsBytes(tree);
      byte[] line = new byte[compact.length + 1];
      System.arraycopy(compact, 0, line, 0, compact.length);
      line[compact.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response", e);
    }
  }

  /** YAML as sigs.k8s.io/yaml writes it from JSON: map keys in sorted order. */
  private static byte[] yaml(JsonNode tree) {
    try {
      return Json.YAML.writeValueAsBytes(sorted(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      node.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode copy = Json.MAPPER.createObjectNode();
      fields.forEach(copy::set);
      return copy;
    }
    if (node.isArray()) {
      var copy = Json.MAPPER.createArrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }
}
