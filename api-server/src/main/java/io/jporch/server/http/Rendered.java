package io.jporch.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.api.meta.Status;
import io.jporch.core.util.Json;
import io.jporch.server.rest.ApiResult;
import io.jporch.server.rest.TableDefinition;
import java.nio.charset.StandardCharsets;

/** A fully serialised response: status code, content type and body bytes. */
record Rendered(int code, String contentType, byte[] body) {

  /** Serialises a Status (always JSON, as kube-apiserver does for errors). */
  static Rendered status(Status status) {
    return new Rendered(
        status.code(), MediaType.JSON, json(Json.MAPPER.valueToTree(status), false));
  }

  /** Plain text, for the health endpoints. */
  static Rendered text(int code, String text) {
    return new Rendered(code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON document (discovery, version, OpenAPI). */
  static Rendered json(JsonNode document) {
    return new Rendered(200, MediaType.JSON, json(document, false));
  }

  /** An object or list result in the negotiated representation. */
  static Rendered result(
      ApiResult result,
      Representation representation,
      TableDefinition table,
      TableConverter.IncludeObject include,
      boolean pretty) {
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
    JsonNode tree =
        shape(Json.MAPPER.valueToTree(object), isList, representation, table, include, false);
    byte[] body =
        representation.format() == Representation.Format.YAML ? yaml(tree) : json(tree, pretty);
    return new Rendered(code, representation.contentType(), body);
  }

  /** The object in the requested shape: itself, a Table or PartialObjectMetadata. */
  static JsonNode shape(
      JsonNode tree,
      boolean isList,
      Representation representation,
      TableDefinition table,
      TableConverter.IncludeObject include,
      boolean noHeaders) {
    return switch (representation.shape()) {
      case OBJECT -> tree;
      case TABLE ->
          TableConverter.toTable(
              tree, isList, table, representation.metaVersion(), include, noHeaders);
      case PARTIAL_METADATA ->
          TableConverter.toPartialMetadata(tree, isList, representation.metaVersion());
    };
  }

  static byte[] json(JsonNode tree, boolean pretty) {
    try {
      return pretty
          ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree)
          : Json.MAPPER.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response", e);
    }
  }

  private static byte[] yaml(JsonNode tree) {
    try {
      return Json.YAML.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response", e);
    }
  }
}
