package io.jporch.server.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import io.jporch.server.rest.ResourceDescriptor;

/**
 * OpenAPI 3 path items of a resource, shaped like kube-apiserver's: every operation carries {@code
 * x-kubernetes-action} and {@code x-kubernetes-group-version-kind}, and writes accept {@code
 * dryRun}, {@code fieldManager} and {@code fieldValidation}. kubectl reads the PATCH operation to
 * learn that the server validates fields itself.
 */
final class OpenApiPaths {
  private OpenApiPaths() {}

  static void add(ObjectNode paths, ResourceDescriptor resource, String schemaRef, String listRef) {
    String base = "/apis/" + resource.groupVersion();
    String plural =
        resource.name().contains("/")
            ? resource.name().substring(0, resource.name().indexOf('/'))
            : resource.name();
    String sub =
        resource.isSubresource() ? "/" + resource.name().substring(plural.length() + 1) : "";
    ObjectNode item = paths.putObject(base + "/namespaces/{namespace}/" + plural + "/{name}" + sub);
    ArrayNode common = item.putArray("parameters");
    common.add(pathParameter("name", "name of the " + resource.kind()));
    common.add(
        pathParameter("namespace", "object name and auth scope, such as for teams and projects"));
    for (String verb : resource.verbs()) {
      switch (verb) {
        case "get" -> item.set("get", operation(resource, "get", schemaRef, false));
        case "update" -> item.set("put", operation(resource, "put", schemaRef, true));
        case "patch" -> item.set("patch", operation(resource, "patch", schemaRef, true));
        case "delete" -> item.set("delete", operation(resource, "delete", schemaRef, false));
        default -> {}
      }
    }
    if (resource.isSubresource()) {
      return;
    }
    ObjectNode collection = paths.putObject(base + "/namespaces/{namespace}/" + plural);
    collection
        .putArray("parameters")
        .add(
            pathParameter(
                "namespace", "object name and auth scope, such as for teams and projects"));
    if (resource.verbs().contains("list")) {
      collection.set("get", operation(resource, "list", listRef, false));
    }
    if (resource.verbs().contains("create")) {
      collection.set("post", operation(resource, "post", schemaRef, true));
    }
  }

  private static ObjectNode operation(
      ResourceDescriptor resource, String action, String schemaRef, boolean write) {
    ObjectNode op = Json.MAPPER.createObjectNode();
    op.put("description", action + " " + resource.name());
    op.putArray("tags").add(resource.group());
    op.put(
        "operationId",
        action
            + resource.kind()
            + (resource.isSubresource()
                ? resource.name().substring(resource.name().indexOf('/') + 1)
                : ""));
    ArrayNode parameters = op.putArray("parameters");
    if (write) {
      parameters.add(
          queryParameter(
              "dryRun", "When present, indicates that modifications should not be persisted."));
      parameters.add(
          queryParameter(
              "fieldManager",
              "A name associated with the actor or entity that is making these changes."));
      parameters.add(
          queryParameter(
              "fieldValidation",
              "Instructs the server how to handle objects in the request containing unknown fields: Ignore, Warn or Strict."));
    }
    if (write && action.equals("patch")) {
      parameters.add(queryParameter("force", "Force is going to \"force\" Apply requests."));
    }
    if (write) {
      op.putObject("requestBody")
          .putObject("content")
          .putObject("*/*")
          .putObject("schema")
          .put("$ref", schemaRef);
    }
    ObjectNode ok = op.putObject("responses").putObject("200");
    ok.put("description", "OK");
    ok.putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", schemaRef);
    op.put("x-kubernetes-action", action);
    ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
    gvk.put("group", resource.group());
    gvk.put("kind", resource.kind());
    gvk.put("version", resource.version());
    return op;
  }

  private static ObjectNode pathParameter(String name, String description) {
    ObjectNode p = Json.MAPPER.createObjectNode();
    p.put("name", name);
    p.put("in", "path");
    p.put("description", description);
    p.put("required", true);
    p.putObject("schema").put("type", "string").put("uniqueItems", true);
    return p;
  }

  private static ObjectNode queryParameter(String name, String description) {
    ObjectNode p = Json.MAPPER.createObjectNode();
    p.put("name", name);
    p.put("in", "query");
    p.put("description", description);
    p.putObject("schema").put("type", "string").put("uniqueItems", true);
    return p;
  }
}
