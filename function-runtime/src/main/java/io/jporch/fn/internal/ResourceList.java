package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code config.kubernetes.io/v1} ResourceList being processed: the items (edited in place), the
 * functionConfig and the results a function appends.
 */
public final class ResourceList {
  public static final String API_VERSION = "config.kubernetes.io/v1";
  public static final String KIND = "ResourceList";

  private final List<ObjectNode> items;
  private final ObjectNode functionConfig;
  private final ArrayNode results;

  private ResourceList(List<ObjectNode> items, ObjectNode functionConfig, ArrayNode results) {
    this.items = items;
    this.functionConfig = functionConfig;
    this.results = results;
  }

  /** Parses the YAML form; every item must be a mapping. */
  public static ResourceList parse(String yaml) {
    JsonNode root;
    try {
      root = Json.YAML.readTree(yaml == null ? "" : yaml);
    } catch (IOException e) {
      throw new FunctionException("cannot parse the ResourceList: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FunctionException("the function input is not a ResourceList");
    }
    if (!KIND.equals(root.path("kind").asText())) {
      throw new FunctionException(
          "the function input has kind \"" + root.path("kind").asText() + "\", not ResourceList");
    }
    List<ObjectNode> items = new ArrayList<>();
    for (JsonNode item : root.path("items")) {
      if (!(item instanceof ObjectNode object)) {
        throw new FunctionException("every ResourceList item must be an object");
      }
      items.add(object);
    }
    JsonNode config = root.get("functionConfig");
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    if (root.get("results") instanceof ArrayNode existing) {
      results.addAll(existing);
    }
    return new ResourceList(items, config instanceof ObjectNode o ? o : null, results);
  }

  public List<ObjectNode> items() {
    return items;
  }

  /** The functionConfig, or null when none was given. */
  public ObjectNode functionConfig() {
    return functionConfig;
  }

  /** Appends a result with {@code severity} ({@code error}, {@code warning} or {@code info}). */
  public void addResult(String severity, String message, ObjectNode resource) {
    ObjectNode result = results.addObject();
    result.put("message", message);
    result.put("severity", severity);
    if (resource != null) {
      ObjectNode ref = result.putObject("resourceRef");
      ref.put("apiVersion", resource.path("apiVersion").asText());
      ref.put("kind", resource.path("kind").asText());
      ref.put("name", resource.path("metadata").path("name").asText());
      String ns = resource.path("metadata").path("namespace").asText();
      if (!ns.isEmpty()) {
        ref.put("namespace", ns);
      }
    }
  }

  /** The YAML form: apiVersion, kind, items, functionConfig (if any), results (if any). */
  public String toYaml() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("apiVersion", API_VERSION);
    root.put("kind", KIND);
    ArrayNode array = root.putArray("items");
    items.forEach(array::add);
    if (functionConfig != null) {
      root.set("functionConfig", functionConfig);
    }
    if (!results.isEmpty()) {
      root.set("results", results);
    }
    try {
      return Json.YAML.writeValueAsString(root);
    } catch (IOException e) {
      throw new FunctionException("cannot write the ResourceList: " + e.getMessage(), e);
    }
  }
}
