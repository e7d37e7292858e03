package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Kustomize's resource selection as the replacement filter uses it: a resource id ({@code group},
 * {@code version}, {@code kind}, {@code name}, {@code namespace}; every non-empty field must match,
 * namespaces compared as effective namespaces) plus Kubernetes label-selector expressions in {@code
 * labelSelector} and {@code annotationSelector}.
 */
final class Selector {
  private static final String NOT_NAMESPACEABLE = "_non_namespaceable_";

  private Selector() {}

  /** True when the selector's id fields and label/annotation selectors all match. */
  static boolean matches(JsonNode selector, ObjectNode item) {
    return matchesId(selector, item) && matchesMeta(selector, item);
  }

  static boolean hasId(JsonNode selector) {
    for (String f : List.of("group", "version", "kind", "name", "namespace")) {
      if (!selector.path(f).asText("").isEmpty()) {
        return true;
      }
    }
    return false;
  }

  static boolean hasLabelOrAnnotationSelector(JsonNode selector) {
    return !selector.path("labelSelector").asText("").isEmpty()
        || !selector.path("annotationSelector").asText("").isEmpty();
  }

  static boolean matchesId(JsonNode selector, ObjectNode item) {
    String apiVersion = item.path("apiVersion").asText("");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    JsonNode meta = item.path("metadata");
    return field(selector, "group", group)
        && field(selector, "version", version)
        && field(selector, "kind", item.path("kind").asText(""))
        && field(selector, "name", meta.path("name").asText(""))
        && (selector.path("namespace").asText("").isEmpty()
            || effectiveNamespace(selector.path("namespace").asText(""), item)
                .equals(effectiveNamespace(meta.path("namespace").asText(""), item)));
  }

  private static boolean field(JsonNode selector, String key, String actual) {
    String wanted = selector.path(key).asText("");
    return wanted.isEmpty() || wanted.equals(actual);
  }

  private static String effectiveNamespace(String namespace, ObjectNode item) {
    if (SetNamespace.knownClusterScoped(item)) {
      return NOT_NAMESPACEABLE;
    }
    return namespace.isEmpty() ? "default" : namespace;
  }

  static boolean matchesMeta(JsonNode selector, ObjectNode item) {
    JsonNode meta = item.path("metadata");
    return expression(selector.path("labelSelector").asText(""), meta.path("labels"))
        && expression(selector.path("annotationSelector").asText(""), meta.path("annotations"));
  }

  /** A Kubernetes label selector ({@code a=b,c!=d,e in (f,g),!h,i}) against a string map. */
  static boolean expression(String expression, JsonNode map) {
    if (expression.isBlank()) {
      return true;
    }
    for (String requirement : splitTopLevel(expression)) {
      String r = requirement.trim();
      if (r.isEmpty()) {
        continue;
      }
      if (!requirement(r, map)) {
        return false;
      }
    }
    return true;
  }

  private static boolean requirement(String r, JsonNode map) {
    var setMatch =
        java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(r);
    if (setMatch.matches()) {
      Set<String> values = new java.util.HashSet<>();
      for (String v : setMatch.group(3).split(",")) {
        values.add(v.trim());
      }
      JsonNode have = map.get(setMatch.group(1));
      boolean in = have != null && values.contains(have.asText());
      return setMatch.group(2).equals("in") ? in : !in;
    }
    if (r.startsWith("!")) {
      return map.get(r.substring(1).trim()) == null;
    }
    int ne = r.indexOf("!=");
    if (ne > 0) {
      JsonNode have = map.get(r.substring(0, ne).trim());
      return have == null || !have.asText().equals(r.substring(ne + 2).trim());
    }
    int eq = r.indexOf('=');
    if (eq > 0) {
      String value = r.substring(r.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
      JsonNode have = map.get(r.substring(0, eq).trim());
      return have != null && have.asText().equals(value);
    }
    return map.get(r) != null;
  }

  private static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  /** The selector as kustomize prints a ResId: {@code [group/]version/kind/[namespace/]name}. */
  static String describe(JsonNode selector) {
    StringBuilder sb = new StringBuilder();
    String group = selector.path("group").asText("");
    String version = selector.path("version").asText("");
    sb.append(group.isEmpty() ? "[noGrp]" : group)
        .append('/')
        .append(version.isEmpty() ? "[noVer]" : version)
        .append('/')
        .append(selector.path("kind").asText(""))
        .append('/');
    String ns = selector.path("namespace").asText("");
    if (!ns.isEmpty()) {
      sb.append(ns).append('/');
    }
    return sb.append(selector.path("name").asText("")).toString();
  }
}
