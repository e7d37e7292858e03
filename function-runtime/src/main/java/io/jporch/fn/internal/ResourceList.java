package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import io.jporch.core.util.Json;
import io.jporch.core.util.YamlComments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  private final String source;
  private final List<ObjectNode> initialItems;
  private Map<ObjectNode, Map<String, String>> comments;

  private ResourceList(
      List<ObjectNode> items, ObjectNode functionConfig, ArrayNode results, String source) {
    this.items = items;
    this.functionConfig = functionConfig;
    this.results = results;
    this.source = source;
    this.initialItems = List.copyOf(items);
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
    return new ResourceList(items, config instanceof ObjectNode o ? o : null, results, yaml);
  }

  /**
   * The line comments of {@code item} (JSON pointer → comment text without {@code #}), as sent in
   * the input; editable. Items the function creates start without comments. Functions that ask for
   * comments get them written back into the output; the others' output carries none and kpt (and
   * jporch's renderer) restores the input's comments by item id.
   */
  public Map<String, String> comments(ObjectNode item) {
    if (comments == null) {
      comments = new IdentityHashMap<>();
      Map<String, String> all = source == null ? Map.of() : YamlComments.extractFirst(source);
      for (var e : all.entrySet()) {
        String pointer = e.getKey();
        if (!pointer.startsWith("/items/")) {
          continue;
        }
        int slash = pointer.indexOf('/', "/items/".length());
        if (slash < 0) {
          continue;
        }
        int index = Integer.parseInt(pointer.substring("/items/".length(), slash));
        if (index < initialItems.size()) {
          comments
              .computeIfAbsent(initialItems.get(index), k -> new LinkedHashMap<>())
              .put(pointer.substring(slash), e.getValue());
        }
      }
    }
    return comments.computeIfAbsent(item, k -> new LinkedHashMap<>());
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

  /**
   * Appends a result; {@code severity} may be null (the legacy kyaml framework's unset severity),
   * {@code field} a field path such as {@code spec.replicas} and {@code file} the item's path.
   */
  public void addResult(
      String severity, String message, ObjectNode resource, String field, String file) {
    addResult(severity, message, resource);
    ObjectNode result = (ObjectNode) results.get(results.size() - 1);
    if (severity == null) {
      result.remove("severity");
    }
    if (field != null && !field.isEmpty()) {
      result.putObject("field").put("path", field);
    }
    if (file != null && !file.isEmpty()) {
      result.putObject("file").put("path", file);
    }
  }

  /** The result added last (for adding fields); null when there is none. */
  public ObjectNode lastResult() {
    return results.isEmpty() ? null : (ObjectNode) results.get(results.size() - 1);
  }

  /** The item's path annotation ({@code internal.config.kubernetes.io/path} or the legacy one). */
  public static String path(ObjectNode item) {
    JsonNode annotations = item.path("metadata").path("annotations");
    JsonNode p = annotations.get("internal.config.kubernetes.io/path");
    if (p == null || p.isNull()) {
      p = annotations.get("config.kubernetes.io/path");
    }
    return p == null || p.isNull() ? "" : p.asText();
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
      String yaml = Json.YAML.writeValueAsString(root);
      if (comments == null) {
        return yaml;
      }
      Map<String, String> all = new LinkedHashMap<>();
      for (int i = 0; i < items.size(); i++) {
        Map<String, String> mine = comments.get(items.get(i));
        if (mine != null) {
          for (var e : mine.entrySet()) {
            all.put("/items/" + i + e.getKey(), e.getValue());
          }
        }
      }
      return YamlComments.inject(yaml, all);
    } catch (IOException e) {
      throw new FunctionException("cannot write the ResourceList: " + e.getMessage(), e);
    }
  }
}
