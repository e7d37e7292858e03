package io.jporch.server.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.util.Locale;

/** Decodes request bodies (JSON, or YAML by content type) and converts them to model records. */
public final class Bodies {
  private Bodies() {}

  /**
   * Parses the body as a JSON object; YAML when the content type says so. A request media type
   * other than {@code application/json} or {@code application/yaml} (parameters aside; none means
   * JSON) is 415, as kube-apiserver answers it; the short forms {@code json} and {@code yaml} name
   * the encoding directly.
   */
  public static JsonNode parseObject(byte[] body, String contentType) {
    requireObjectMediaType(contentType);
    if (body == null || body.length == 0) {
      throw new BadRequestException(null, "the request body is empty; an object is required");
    }
    boolean yaml = isYaml(contentType);
    ObjectMapper mapper = yaml ? Json.YAML : Json.MAPPER;
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (IOException e) {
      throw new BadRequestException(
          null,
          "the request body is not valid " + (yaml ? "YAML" : "JSON") + ": " + firstLine(e),
          e);
    }
    if (node == null || !node.isObject()) {
      throw new BadRequestException(
          null, "the request body must be a JSON object, got " + describe(node));
    }
    return node;
  }

  /** Converts an object tree to a model record; a mismatch is a 400 naming the problem. */
  public static <T> T convert(JsonNode node, Class<T> type, ResourceRef ref) {
    try {
      return Json.MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new BadRequestException(
          ref, "the object cannot be decoded as " + type.getSimpleName() + ": " + firstLine(e), e);
    }
  }

  /** The JSON tree of a model record. */
  public static JsonNode toTree(Object value) {
    return Json.MAPPER.valueToTree(value);
  }

  static boolean isYaml(String contentType) {
    String essence = essence(contentType);
    return essence.equals("yaml") || essence.equals("application/yaml");
  }

  static void requireObjectMediaType(String contentType) {
    String essence = essence(contentType);
    if (!essence.isEmpty()
        && !essence.equals("json")
        && !essence.equals("yaml")
        && !essence.equals("application/json")
        && !essence.equals("application/yaml")) {
      throw WireFailure.unsupportedMediaType(
          "the body of the request was in an unknown format - accepted media types include:"
              + " application/json, application/yaml");
    }
  }

  private static String essence(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static String describe(JsonNode node) {
    return node == null || node.isMissingNode()
        ? "nothing"
        : node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String firstLine(Exception e) {
    String message =
        e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
