package io.jporch.task.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Kptfile ({@code kpt.dev/v1}): parsing, kpt's canonical form (the field order of kpt's typed
 * {@code KptFile}, sorted map fields, empty fields omitted, wide sequences) and the edits Porch
 * makes to it. Port of the Kptfile handling in kptdev/kpt {@code pkg/kptfile/kptfileutil} and
 * nephio-project/porch {@code pkg/task/generictaskhandler.go}.
 */
public final class Kptfiles {
  public static final String FILE_NAME = "Kptfile";
  public static final String API_VERSION = "kpt.dev/v1";
  public static final String KIND = "Kptfile";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** How a field is ordered: its children, sorted map keys, or a list of shaped objects. */
  private enum Kind {
    SCALAR,
    SORTED_MAP,
    OBJECT,
    LIST
  }

  private record Field(String name, Kind kind, List<Field> children, boolean always) {}

  private static Field scalar(String name) {
    return new Field(name, Kind.SCALAR, List.of(), false);
  }

  private static Field always(String name) {
    return new Field(name, Kind.SCALAR, List.of(), true);
  }

  private static Field map(String name) {
    return new Field(name, Kind.SORTED_MAP, List.of(), false);
  }

  private static Field object(String name, Field... children) {
    return new Field(name, Kind.OBJECT, List.of(children), false);
  }

  private static Field list(String name, Field... children) {
    return new Field(name, Kind.LIST, List.of(children), false);
  }

  private static final Field[] SELECTOR = {
    scalar("apiVersion"),
    scalar("kind"),
    scalar("name"),
    scalar("namespace"),
    map("labels"),
    map("annotations")
  };
  private static final Field[] FUNCTION = {
    scalar("image"),
    scalar("exec"),
    scalar("configPath"),
    map("configMap"),
    scalar("name"),
    scalar("tag"),
    list("selectors", SELECTOR),
    list("exclude", SELECTOR)
  };
  private static final Field[] RESULT = {
    scalar("message"),
    scalar("severity"),
    object(
        "resourceRef", scalar("apiVersion"), scalar("kind"), scalar("name"), scalar("namespace")),
    object("field", scalar("path"), scalar("currentValue"), scalar("proposedValue")),
    object("file", scalar("path"), scalar("index"))
  };
  private static final Field[] STEP = {
    scalar("name"),
    scalar("image"),
    scalar("exec"),
    scalar("executionError"),
    scalar("stderr"),
    always("exitCode"),
    list("results", RESULT),
    list("errorResults", RESULT)
  };
  private static final List<Field> KPTFILE =
      List.of(
          scalar("apiVersion"),
          scalar("kind"),
          object(
              "metadata", scalar("name"), scalar("namespace"), map("labels"), map("annotations")),
          object(
              "upstream",
              scalar("type"),
              object("git", scalar("repo"), scalar("directory"), scalar("ref")),
              scalar("updateStrategy")),
          object(
              "upstreamLock",
              scalar("type"),
              object("git", scalar("repo"), scalar("directory"), scalar("ref"), scalar("commit")),
              object(
                  "generic", scalar("storeID"), scalar("resourceID"), scalar("resourceVersion"))),
          object(
              "info",
              scalar("site"),
              list("emails"),
              scalar("license"),
              scalar("licenseFile"),
              scalar("description"),
              list("keywords"),
              scalar("man"),
              list("readinessGates", always("conditionType"))),
          object("pipeline", list("mutators", FUNCTION), list("validators", FUNCTION)),
          object(
              "inventory",
              scalar("namespace"),
              scalar("name"),
              scalar("inventoryID"),
              map("labels"),
              map("annotations")),
          object(
              "status",
              list(
                  "conditions",
                  always("type"),
                  always("status"),
                  scalar("reason"),
                  scalar("message")),
              object(
                  "renderStatus",
                  list("mutationSteps", STEP),
                  list("validationSteps", STEP),
                  scalar("errorSummary"))));

  private Kptfiles() {}

  /**
   * Parses a Kptfile.
   *
   * @throws IllegalArgumentException if it is not one {@code kpt.dev/v1} Kptfile document
   */
  public static ObjectNode parse(String text) {
    List<JsonNode> docs;
    try {
      docs = Yaml.documents(text == null ? "" : text);
    } catch (IOException e) {
      throw new IllegalArgumentException("Kptfile can't be read: " + e.getMessage(), e);
    }
    if (docs.size() != 1 || !(docs.getFirst() instanceof ObjectNode kptfile)) {
      throw new IllegalArgumentException("Kptfile must contain exactly one YAML object");
    }
    String apiVersion = kptfile.path("apiVersion").asText();
    String kind = kptfile.path("kind").asText();
    if (API_VERSION.equals(apiVersion) && KIND.equals(kind)) {
      return kptfile;
    }
    if (KIND.equals(kind) && apiVersion.startsWith("kpt.dev/v1alpha")) {
      throw new IllegalArgumentException(
          "old resource version \"" + apiVersion + "\" found in Kptfile");
    }
    throw new IllegalArgumentException(
        "unknown resource type \"" + apiVersion + ", Kind=" + kind + "\" found in Kptfile");
  }

  /** kpt's canonical text of a Kptfile. */
  public static String write(ObjectNode kptfile) {
    return Yaml.write(canonical(kptfile), true);
  }

  /** The Kptfile with kpt's field order, sorted maps and empty fields removed. */
  public static ObjectNode canonical(ObjectNode kptfile) {
    return (ObjectNode) reorder(kptfile, KPTFILE);
  }

  private static JsonNode reorder(JsonNode node, List<Field> fields) {
    if (!(node instanceof ObjectNode object)) {
      return node;
    }
    ObjectNode out = NODES.objectNode();
    Set<String> known = new HashSet<>();
    for (Field f : fields) {
      known.add(f.name());
      JsonNode value = object.get(f.name());
      if (value == null) {
        continue;
      }
      JsonNode shaped =
          switch (f.kind()) {
            case SCALAR -> value;
            case SORTED_MAP -> sorted(value);
            case OBJECT -> reorder(value, f.children());
            case LIST -> reorderList(value, f.children());
          };
      // Objects are pointers in kpt's types: present (even empty) unless null.
      boolean omit = f.kind() == Kind.OBJECT ? shaped.isNull() : isEmpty(shaped);
      if (f.always() || !omit) {
        out.set(f.name(), shaped);
      }
    }
    object.properties().stream()
        .filter(e -> !known.contains(e.getKey()))
        .forEach(e -> out.set(e.getKey(), e.getValue()));
    return out;
  }

  private static JsonNode reorderList(JsonNode value, List<Field> children) {
    if (!(value instanceof ArrayNode array) || children.isEmpty()) {
      return value;
    }
    ArrayNode out = NODES.arrayNode();
    array.forEach(element -> out.add(reorder(element, children)));
    return out;
  }

  private static JsonNode sorted(JsonNode value) {
    if (!(value instanceof ObjectNode object)) {
      return value;
    }
    Map<String, JsonNode> byKey = new TreeMap<>();
    object.properties().forEach(e -> byKey.put(e.getKey(), e.getValue()));
    ObjectNode out = NODES.objectNode();
    byKey.forEach(out::set);
    return out;
  }

  private static boolean isEmpty(JsonNode node) {
    return node == null
        || node.isNull()
        || (node.isTextual() && node.asText().isEmpty())
        || (node.isContainerNode() && node.isEmpty());
  }

  // ------------------------------------------------------------------ edits

  /** {@code metadata}, created if absent. */
  public static ObjectNode metadata(ObjectNode kptfile) {
    return child(kptfile, "metadata");
  }

  /** The string map at {@code metadata.<field>} (empty if absent). */
  public static Map<String, String> stringMap(ObjectNode kptfile, String field) {
    Map<String, String> result = new java.util.LinkedHashMap<>();
    JsonNode node = kptfile.path("metadata").path(field);
    if (node.isObject()) {
      node.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText()));
    }
    return result;
  }

  /**
   * Applies {@code desired} to {@code metadata.<field>}: with {@code replace} the map becomes
   * exactly {@code desired} (if different), otherwise keys are added or overwritten. Returns
   * whether the Kptfile changed.
   */
  public static boolean applyMap(
      ObjectNode kptfile, String field, Map<String, String> desired, boolean replace) {
    Map<String, String> current = stringMap(kptfile, field);
    Map<String, String> next = new java.util.LinkedHashMap<>(replace ? Map.of() : current);
    if (replace) {
      next.putAll(desired);
      if (next.equals(current)) {
        return false;
      }
    } else {
      boolean changed = false;
      for (var e : desired.entrySet()) {
        if (!e.getValue().equals(next.put(e.getKey(), e.getValue()))) {
          changed = true;
        }
      }
      if (!changed) {
        return false;
      }
    }
    ObjectNode map = NODES.objectNode();
    next.forEach(map::put);
    metadata(kptfile).set(field, map);
    return true;
  }

  /**
   * Makes {@code info.readinessGates} hold exactly the desired condition types: existing desired
   * gates keep their place, undesired ones are dropped, new ones are appended in the given order.
   */
  public static boolean syncReadinessGates(ObjectNode kptfile, List<String> desired) {
    Set<String> wanted = new java.util.LinkedHashSet<>(desired);
    ArrayNode result = NODES.arrayNode();
    boolean changed = false;
    for (JsonNode gate : kptfile.path("info").path("readinessGates")) {
      String type = gate.path("conditionType").asText();
      if (wanted.remove(type)) {
        result.add(gate);
      } else {
        changed = true;
      }
    }
    for (String type : wanted) {
      result.addObject().put("conditionType", type);
      changed = true;
    }
    if (changed) {
      child(kptfile, "info").set("readinessGates", result);
    }
    return changed;
  }

  /** A desired condition, as the PackageRevision's {@code status.conditions} carries it. */
  public record Condition(String type, String status, String reason, String message) {}

  /**
   * Makes {@code status.conditions} equal to {@code desired} by type: existing ones are updated in
   * place (reason/message removed when empty), undesired ones removed, new ones appended.
   */
  public static boolean syncConditions(ObjectNode kptfile, List<Condition> desired) {
    Map<String, Condition> wanted = new java.util.LinkedHashMap<>();
    desired.forEach(c -> wanted.put(c.type(), c));
    ArrayNode result = NODES.arrayNode();
    boolean changed = false;
    for (JsonNode existing : kptfile.path("status").path("conditions")) {
      Condition c = wanted.remove(existing.path("type").asText());
      if (c == null || !(existing instanceof ObjectNode cond)) {
        changed = true;
        continue;
      }
      if (!c.status().equals(cond.path("status").asText())
          || !nullToEmpty(c.reason()).equals(cond.path("reason").asText())
          || !nullToEmpty(c.message()).equals(cond.path("message").asText())) {
        changed = true;
        cond.put("status", c.status());
        putOrRemove(cond, "reason", c.reason());
        putOrRemove(cond, "message", c.message());
      }
      result.add(cond);
    }
    for (Condition c : wanted.values()) {
      changed = true;
      ObjectNode cond = result.addObject();
      cond.put("type", c.type());
      cond.put("status", c.status());
      putOrRemove(cond, "reason", c.reason());
      putOrRemove(cond, "message", c.message());
    }
    if (changed) {
      child(kptfile, "status").set("conditions", result);
    }
    return changed;
  }

  /**
   * Records a render outcome in the Kptfile status: the {@code Rendered} condition replaced, and
   * {@code renderStatus} set (or removed when no function ran).
   */
  public static void setRenderStatus(
      ObjectNode kptfile, boolean success, String message, ObjectNode renderStatus) {
    ObjectNode status = child(kptfile, "status");
    ArrayNode conditions = NODES.arrayNode();
    for (JsonNode c : status.path("conditions")) {
      if (!"Rendered".equals(c.path("type").asText())) {
        conditions.add(c);
      }
    }
    ObjectNode rendered = conditions.addObject();
    rendered.put("type", "Rendered");
    rendered.put("status", success ? "True" : "False");
    rendered.put("reason", success ? "RenderSuccess" : "RenderFailed");
    if (!success && message != null && !message.isEmpty()) {
      rendered.put("message", message);
    }
    status.set("conditions", conditions);
    if (renderStatus == null || renderStatus.isEmpty()) {
      status.remove("renderStatus");
    } else {
      status.set("renderStatus", renderStatus);
    }
  }

  private static ObjectNode child(ObjectNode parent, String name) {
    JsonNode node = parent.get(name);
    if (node instanceof ObjectNode o) {
      return o;
    }
    return parent.putObject(name);
  }

  private static void putOrRemove(ObjectNode node, String field, String value) {
    if (value == null || value.isEmpty()) {
      node.remove(field);
    } else {
      node.put(field, value);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
