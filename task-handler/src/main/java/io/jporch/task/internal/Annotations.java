package io.jporch.task.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The kpt/kyaml annotations render puts on resources while they are in a function pipeline. */
final class Annotations {
  static final String PATH = "internal.config.kubernetes.io/path";
  static final String LEGACY_PATH = "config.kubernetes.io/path";
  static final String INDEX = "internal.config.kubernetes.io/index";
  static final String LEGACY_INDEX = "config.kubernetes.io/index";
  static final String PACKAGE_PATH = "internal.config.kubernetes.io/package-path";
  static final String SEQ_INDENT = "internal.config.kubernetes.io/seqindent";
  static final String RESOURCE_ID = "internal.config.k8s.io/kpt-resource-id";
  static final String LOCAL_CONFIG = "config.kubernetes.io/local-config";
  static final String CALL_ID = "internal.config.kubernetes.io/id";
  static final String LEGACY_CALL_ID = "config.k8s.io/id";

  private static final List<String> INTERNAL =
      List.of(
          PATH,
          LEGACY_PATH,
          INDEX,
          LEGACY_INDEX,
          PACKAGE_PATH,
          SEQ_INDENT,
          RESOURCE_ID,
          CALL_ID,
          LEGACY_CALL_ID);

  private Annotations() {}

  static String get(JsonNode resource, String key) {
    JsonNode value = resource.path("metadata").path("annotations").get(key);
    return value == null || value.isNull() ? null : value.asText();
  }

  static void set(ObjectNode resource, String key, String value) {
    ObjectNode metadata =
        resource.get("metadata") instanceof ObjectNode m ? m : resource.putObject("metadata");
    ObjectNode annotations =
        metadata.get("annotations") instanceof ObjectNode a ? a : metadata.putObject("annotations");
    annotations.put(key, value);
  }

  /** The path annotation, new or legacy. */
  static String path(JsonNode resource) {
    String p = get(resource, PATH);
    return p != null ? p : get(resource, LEGACY_PATH);
  }

  /** The index annotation, new or legacy; {@code Integer.MAX_VALUE} when absent or invalid. */
  static int index(JsonNode resource) {
    String i = get(resource, INDEX);
    i = i != null ? i : get(resource, LEGACY_INDEX);
    try {
      return i == null ? Integer.MAX_VALUE : Integer.parseInt(i.trim());
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  static void remove(ObjectNode resource, String key) {
    if (resource.path("metadata").path("annotations") instanceof ObjectNode annotations) {
      annotations.remove(key);
      if (annotations.isEmpty()) {
        ((ObjectNode) resource.get("metadata")).remove("annotations");
      }
    }
  }

  /** Removes every annotation render added (and the map, if that leaves it empty). */
  static void clearInternal(ObjectNode resource) {
    if (resource.path("metadata").path("annotations") instanceof ObjectNode annotations) {
      INTERNAL.forEach(annotations::remove);
      if (annotations.isEmpty()) {
        ((ObjectNode) resource.get("metadata")).remove("annotations");
      }
    }
  }
}
