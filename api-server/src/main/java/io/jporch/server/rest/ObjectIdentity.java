package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.error.BadRequestException;

/**
 * The generic checks kube-apiserver applies to a request body before the storage sees it: the kind
 * and apiVersion must be the resource's, and namespace and name must agree with the URL (missing
 * ones are filled in).
 */
public final class ObjectIdentity {
  private ObjectIdentity() {}

  /**
   * Checks and completes {@code body} in place.
   *
   * @param urlName the name in the URL, or null for a create
   */
  public static void check(
      ObjectNode body, ResourceDescriptor resource, String urlNamespace, String urlName) {
    String kind = text(body, "kind");
    if (kind != null && !kind.isEmpty() && !kind.equals(resource.kind())) {
      throw new BadRequestException(
          null,
          "the object provided is of kind \""
              + kind
              + "\", but the request expects kind \""
              + resource.kind()
              + "\"");
    }
    String apiVersion = text(body, "apiVersion");
    if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(resource.apiVersion())) {
      throw new BadRequestException(
          null,
          "the API version in the data ("
              + apiVersion
              + ") does not match the expected API version ("
              + resource.apiVersion()
              + ")");
    }
    body.put("kind", resource.kind());
    body.put("apiVersion", resource.apiVersion());
    JsonNode metaNode = body.get("metadata");
    ObjectNode meta = metaNode instanceof ObjectNode o ? o : body.putObject("metadata");
    String namespace = text(meta, "namespace");
    if (urlNamespace != null) {
      if (namespace != null && !namespace.isEmpty() && !namespace.equals(urlNamespace)) {
        throw new BadRequestException(
            null,
            "the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.put("namespace", urlNamespace);
    }
    if (urlName != null) {
      String name = text(meta, "name");
      if (name != null && !name.isEmpty() && !name.equals(urlName)) {
        throw new BadRequestException(
            null,
            "the name of the object ("
                + name
                + ") does not match the name on the URL ("
                + urlName
                + ")");
      }
      meta.put("name", urlName);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
