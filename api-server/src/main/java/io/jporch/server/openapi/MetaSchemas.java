package io.jporch.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The apimachinery definitions jporch's documents refer to (ObjectMeta, ListMeta, Time, Status,
 * DeleteOptions, Patch, WatchEvent, ...), with their descriptions and the list and patch extensions
 * ({@code x-kubernetes-patch-merge-key} on {@code ownerReferences}, ...) that kubectl's strategic
 * merge patch and server-side apply read. They are data taken from Porch's generated OpenAPI
 * (k8s.io/apimachinery 0.34) by {@code tools/openapi/goopenapi.py}, in OpenAPI 3 form; and the
 * query parameters of the operations, from the same source.
 */
final class MetaSchemas {
  static final String PREFIX = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  static final String OBJECT_META = PREFIX + "ObjectMeta";
  static final String LIST_META = PREFIX + "ListMeta";
  static final String TIME = PREFIX + "Time";
  static final String STATUS = PREFIX + "Status";
  static final String DELETE_OPTIONS = PREFIX + "DeleteOptions";
  static final String PATCH = PREFIX + "Patch";
  static final String WATCH_EVENT = PREFIX + "WatchEvent";

  private static final Map<String, ObjectNode> DEFINITIONS = load("apimachinery-definitions.json");
  private static final Map<String, ObjectNode> PARAMETERS = load("query-parameters.json");

  private MetaSchemas() {}

  /** Fresh copies of every apimachinery definition, by name. */
  static Map<String, ObjectNode> definitions() {
    Map<String, ObjectNode> copy = new LinkedHashMap<>();
    DEFINITIONS.forEach((name, schema) -> copy.put(name, schema.deepCopy()));
    return copy;
  }

  /** Description and type of a query parameter. */
  static ObjectNode parameter(String name) {
    ObjectNode p = PARAMETERS.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown query parameter " + name);
    }
    return p;
  }

  private static Map<String, ObjectNode> load(String resource) {
    try (InputStream in = MetaSchemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      JsonNode root = Json.MAPPER.readTree(in);
      Map<String, ObjectNode> result = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        result.put(e.getKey(), (ObjectNode) e.getValue());
      }
      return java.util.Collections.unmodifiableMap(result);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
