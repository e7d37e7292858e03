package io.jporch.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import io.jporch.server.rest.ResourceDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * OpenAPI 3 path items of a kind's resources, shaped as k8s.io/apiserver's installer publishes
 * them: operation ids such as {@code readPorchKptDevV1alpha1NamespacedPackageRevision}, {@code
 * x-kubernetes-action} and {@code x-kubernetes-group-version-kind} on every operation, the standard
 * query parameters, and request bodies that name the accepted patch types. kubectl reads the PATCH
 * operation of a kind to decide whether it may send a strategic merge patch (aggregated kinds: yes;
 * custom resources: no) and whether the server validates fields ({@code fieldValidation}).
 */
final class OpenApiPaths {
  private static final List<String> LIST_PARAMETERS =
      List.of(
          "allowWatchBookmarks",
          "continue",
          "fieldSelector",
          "labelSelector",
          "limit",
          "resourceVersion",
          "resourceVersionMatch",
          "sendInitialEvents",
          "timeoutSeconds",
          "watch");
  private static final List<String> WRITE_PARAMETERS =
      List.of("dryRun", "fieldManager", "fieldValidation");
  private static final List<String> PATCH_PARAMETERS =
      List.of("dryRun", "fieldManager", "fieldValidation", "force");
  private static final List<String> DELETE_PARAMETERS =
      List.of(
          "dryRun",
          "gracePeriodSeconds",
          "ignoreStoreReadErrorWithClusterBreakingPotential",
          "orphanDependents",
          "propagationPolicy");

  /**
   * PATCH types of the aggregated (porch.kpt.dev) resources, as Porch lists them: with {@code
   * application/strategic-merge-patch+json}, so kubectl sends strategic merge patches (with {@code
   * $setElementOrder} and {@code $patch} directives, which jporch honours).
   */
  private static final List<String> PATCH_TYPES =
      List.of(
          "application/apply-patch+yaml",
          "application/json-patch+json",
          "application/merge-patch+json",
          "application/strategic-merge-patch+json");

  private static final List<String> CUSTOM_RESOURCE_PATCH_TYPES =
      List.of(
          "application/apply-patch+yaml",
          "application/json-patch+json",
          "application/merge-patch+json");
  static final List<String> RESPONSE_TYPES = List.of("application/json", "application/yaml");
  static final List<String> WATCH_RESPONSE_TYPES =
      List.of("application/json", "application/json;stream=watch");

  private final ApiKind kind;
  private final String ref;
  private final String listRef;
  private final String base;
  private final String idSuffix;
  private final String tag;

  private OpenApiPaths(ApiKind kind) {
    this.kind = kind;
    this.ref = SchemaGenerator.REF + SchemaGenerator.definitionName(kind);
    this.listRef = SchemaGenerator.REF + SchemaGenerator.listDefinitionName(kind);
    this.base = "/apis/" + kind.groupVersion();
    String group =
        kind.group().endsWith(".k8s.io") ? kind.group().replace(".k8s.io", "") : kind.group();
    this.idSuffix = operationId(group, true) + operationId(kind.version(), true);
    this.tag = operationId(group, false) + "_" + operationId(kind.version(), false);
  }

  /** Adds the path items of every resource of {@code kind} to {@code paths}. */
  static void addAll(ObjectNode paths, ApiKind kind) {
    OpenApiPaths builder = new OpenApiPaths(kind);
    for (ResourceDescriptor resource : kind.resources()) {
      if (resource.isSubresource()) {
        builder.addSubresource(paths, resource);
      } else {
        builder.addResource(paths, resource);
      }
    }
  }

  private void addResource(ObjectNode paths, ResourceDescriptor r) {
    String k = r.kind();
    String plural = r.name();
    List<String> verbs = r.verbs();
    String ns = r.namespaced() ? "Namespaced" : "";
    String collectionPath =
        r.namespaced() ? base + "/namespaces/{namespace}/" + plural : base + "/" + plural;
    if (verbs.contains("list") || verbs.contains("create")) {
      ObjectNode item = paths.putObject(collectionPath);
      if (verbs.contains("list")) {
        ObjectNode list =
            operation(listDoc(r), "list", "list" + ns + k, k, LIST_PARAMETERS, listRef);
        if (verbs.contains("watch")) {
          list.withObjectProperty("responses")
              .withObjectProperty("200")
              .withObjectProperty("content")
              .putObject("application/json;stream=watch")
              .putObject("schema")
              .put("$ref", listRef);
        }
        item.set("get", list);
      }
      if (verbs.contains("create")) {
        ObjectNode post =
            operation(
                "create" + article(k) + k, "post", "create" + ns + k, k, WRITE_PARAMETERS, ref);
        body(post, List.of("*/*"), ref);
        respond(post, "201", "Created", ref);
        respond(post, "202", "Accepted", ref);
        item.set("post", post);
      }
      item.set("parameters", commonParameters(r, false, List.of()));
    }
    ObjectNode named = paths.putObject(collectionPath + "/{name}");
    addItemOperations(named, r, "", "the specified " + k);
    named.set("parameters", commonParameters(r, true, List.of()));
    if (r.namespaced() && verbs.contains("list")) {
      ObjectNode all = paths.putObject(base + "/" + plural);
      all.set(
          "get",
          operation(listDoc(r), "list", "list" + k + "ForAllNamespaces", k, List.of(), listRef));
      all.set("parameters", allParameters(LIST_PARAMETERS));
    }
    if (verbs.contains("watch")) {
      String watchBase =
          r.namespaced() ? base + "/watch/namespaces/{namespace}/" : base + "/watch/";
      ObjectNode watchList = paths.putObject(watchBase + plural);
      watchList.set(
          "get",
          watchOperation(
              "watch individual changes to a list of "
                  + k
                  + ". deprecated: use the 'watch' parameter with a list operation instead.",
              "watchlist",
              "watch" + ns + k + "List"));
      watchList.set("parameters", commonParameters(r, false, LIST_PARAMETERS));
      ObjectNode watchOne = paths.putObject(watchBase + plural + "/{name}");
      watchOne.set(
          "get",
          watchOperation(
              "watch changes to an object of kind "
                  + k
                  + ". deprecated: use the 'watch' parameter with a list operation instead,"
                  + " filtered to a single item with the 'fieldSelector' parameter.",
              "watch",
              "watch" + ns + k));
      watchOne.set("parameters", commonParameters(r, true, LIST_PARAMETERS));
      if (r.namespaced()) {
        ObjectNode watchAll = paths.putObject(base + "/watch/" + plural);
        watchAll.set(
            "get",
            watchOperation(
                "watch individual changes to a list of "
                    + k
                    + ". deprecated: use the 'watch' parameter with a list operation instead.",
                "watchlist",
                "watch" + k + "ListForAllNamespaces"));
        watchAll.set("parameters", allParameters(LIST_PARAMETERS));
      }
    }
  }

  private void addSubresource(ObjectNode paths, ResourceDescriptor r) {
    String plural = r.name().substring(0, r.name().indexOf('/'));
    String sub = r.name().substring(plural.length() + 1);
    String path =
        (r.namespaced() ? base + "/namespaces/{namespace}/" : base + "/")
            + plural
            + "/{name}/"
            + sub;
    ObjectNode item = paths.putObject(path);
    addItemOperations(item, r, sub, sub + " of the specified " + r.kind());
    item.set("parameters", commonParameters(r, true, List.of()));
  }

  private void addItemOperations(ObjectNode item, ResourceDescriptor r, String sub, String what) {
    String k = r.kind();
    String ns = r.namespaced() ? "Namespaced" : "";
    String title = sub.isEmpty() ? "" : Character.toUpperCase(sub.charAt(0)) + sub.substring(1);
    List<String> verbs = r.verbs();
    if (verbs.contains("get")) {
      item.set("get", operation("read " + what, "get", "read" + ns + k + title, k, List.of(), ref));
    }
    if (verbs.contains("update")) {
      ObjectNode put =
          operation("replace " + what, "put", "replace" + ns + k + title, k, WRITE_PARAMETERS, ref);
      body(put, List.of("*/*"), ref);
      respond(put, "201", "Created", ref);
      item.set("put", put);
    }
    if (verbs.contains("patch")) {
      ObjectNode patch =
          operation(
              "partially update " + what,
              "patch",
              "patch" + ns + k + title,
              k,
              PATCH_PARAMETERS,
              ref);
      body(
          patch,
          kind.customResource() ? CUSTOM_RESOURCE_PATCH_TYPES : PATCH_TYPES,
          SchemaGenerator.REF + MetaSchemas.PATCH);
      respond(patch, "201", "Created", ref);
      item.set("patch", patch);
    }
    if (verbs.contains("delete") && sub.isEmpty()) {
      String status = SchemaGenerator.REF + MetaSchemas.STATUS;
      ObjectNode delete =
          operation(
              "delete" + article(k) + k, "delete", "delete" + ns + k, k, DELETE_PARAMETERS, status);
      ObjectNode requestBody = delete.putObject("requestBody");
      requestBody
          .putObject("content")
          .putObject("*/*")
          .putObject("schema")
          .put("$ref", SchemaGenerator.REF + MetaSchemas.DELETE_OPTIONS);
      respond(delete, "202", "Accepted", status);
      item.set("delete", delete);
    }
  }

  private ObjectNode operation(
      String description,
      String action,
      String operation,
      String kindName,
      List<String> queryParameters,
      String responseRef) {
    ObjectNode op = Json.MAPPER.createObjectNode();
    op.putArray("tags").add(tag);
    op.put("description", description);
    op.put("operationId", insertGroupVersion(operation));
    if (!queryParameters.isEmpty()) {
      ArrayNode parameters = op.putArray("parameters");
      queryParameters.forEach(p -> parameters.add(queryParameter(p)));
    }
    op.putObject("responses");
    respond(op, "200", "OK", responseRef);
    op.withObjectProperty("responses").putObject("401").put("description", "Unauthorized");
    op.put("x-kubernetes-action", action);
    op.putObject("x-kubernetes-group-version-kind")
        .put("group", kind.group())
        .put("kind", kindName)
        .put("version", kind.version());
    return op;
  }

  private ObjectNode watchOperation(String description, String action, String operation) {
    ObjectNode op =
        operation(
            description,
            action,
            operation,
            kind.kind(),
            List.of(),
            SchemaGenerator.REF + MetaSchemas.WATCH_EVENT);
    ObjectNode content =
        op.withObjectProperty("responses").withObjectProperty("200").withObjectProperty("content");
    content.removeAll();
    for (String type : WATCH_RESPONSE_TYPES) {
      content
          .putObject(type)
          .putObject("schema")
          .put("$ref", SchemaGenerator.REF + MetaSchemas.WATCH_EVENT);
    }
    return op;
  }

  private static void respond(ObjectNode op, String code, String description, String schemaRef) {
    ObjectNode response = Json.MAPPER.createObjectNode();
    response.put("description", description);
    ObjectNode content = response.putObject("content");
    for (String type : RESPONSE_TYPES) {
      content.putObject(type).putObject("schema").put("$ref", schemaRef);
    }
    // Response codes in ascending order, as kube-openapi writes them.
    ObjectNode responses = op.withObjectProperty("responses");
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    responses.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
    sorted.put(code, response);
    responses.removeAll();
    sorted.forEach(responses::set);
  }

  private static void body(ObjectNode op, List<String> types, String schemaRef) {
    ObjectNode requestBody = op.putObject("requestBody");
    ObjectNode content = requestBody.putObject("content");
    for (String type : types) {
      content.putObject(type).putObject("schema").put("$ref", schemaRef);
    }
    requestBody.put("required", true);
  }

  private ArrayNode commonParameters(
      ResourceDescriptor r, boolean named, List<String> queryParameters) {
    ArrayNode parameters = Json.MAPPER.createArrayNode();
    queryParameters.forEach(p -> parameters.add(queryParameter(p)));
    if (named) {
      parameters.add(pathParameter("name", "name of the " + r.kind()));
    }
    if (r.namespaced()) {
      parameters.add(
          pathParameter("namespace", "object name and auth scope, such as for teams and projects"));
    }
    parameters.add(queryParameter("pretty"));
    return sortedByName(parameters);
  }

  private static ArrayNode allParameters(List<String> queryParameters) {
    ArrayNode parameters = Json.MAPPER.createArrayNode();
    queryParameters.forEach(p -> parameters.add(queryParameter(p)));
    parameters.add(queryParameter("pretty"));
    return sortedByName(parameters);
  }

  private static ArrayNode sortedByName(ArrayNode parameters) {
    List<JsonNode> list = new ArrayList<>();
    parameters.forEach(list::add);
    list.sort(Comparator.comparing(p -> p.path("name").asText()));
    ArrayNode sorted = Json.MAPPER.createArrayNode();
    list.forEach(sorted::add);
    return sorted;
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

  private static ObjectNode queryParameter(String name) {
    ObjectNode known = MetaSchemas.parameter(name);
    ObjectNode p = Json.MAPPER.createObjectNode();
    p.put("name", name);
    p.put("in", "query");
    p.put("description", known.path("description").asText());
    p.putObject("schema").put("type", known.path("type").asText()).put("uniqueItems", true);
    return p;
  }

  private static String listDoc(ResourceDescriptor r) {
    return (r.verbs().contains("watch") ? "list or watch" : "list")
        + " objects of kind "
        + r.kind();
  }

  private static String article(String kind) {
    return "AEIOU".indexOf(Character.toUpperCase(kind.charAt(0))) >= 0 ? " an " : " a ";
  }

  /** {@code readNamespacedX} → {@code readPorchKptDevV1alpha1NamespacedX}. */
  private String insertGroupVersion(String operation) {
    int verbEnd = 0;
    while (verbEnd < operation.length() && Character.isLowerCase(operation.charAt(verbEnd))) {
      verbEnd++;
    }
    return operation.substring(0, verbEnd) + idSuffix + operation.substring(verbEnd);
  }

  /** k8s.io/apiserver's {@code ToValidOperationID}. */
  static String operationId(String s, boolean capitalizeFirst) {
    StringBuilder out = new StringBuilder();
    boolean capitalize = capitalizeFirst;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c) || c == '_' || (i != 0 && Character.isDigit(c))) {
        out.append(capitalize ? Character.toUpperCase(c) : c);
        capitalize = false;
      } else {
        capitalize = true;
      }
    }
    return out.toString();
  }
}
