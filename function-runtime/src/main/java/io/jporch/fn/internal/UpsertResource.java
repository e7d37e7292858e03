package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The catalog's {@code upsert-resource} (kptdev/krm-functions-catalog {@code
 * functions/go/upsert-resource/upsertresource}): the functionConfig is the resource to upsert, or a
 * {@code List} whose {@code items} are upserted in order.
 *
 * <p>An item is the same resource when group, kind, name and namespace are equal and, if the config
 * carries {@code config.kubernetes.io/target-path}, its path is that path; items annotated {@code
 * config.kubernetes.io/function} or {@code config.k8s.io/function} are never replaced. Every match
 * is replaced by a copy of the config that keeps the matched item's path and index annotations (its
 * other annotations and its comments go); without a match the config is appended, filed at {@code
 * target-path} when given. The function annotations and {@code target-path} are dropped.
 */
public final class UpsertResource implements KrmFunction {
  static final String TARGET_PATH = "config.kubernetes.io/target-path";
  static final String PATH = "internal.config.kubernetes.io/path";
  static final String INDEX = "internal.config.kubernetes.io/index";
  private static final List<String> FUNCTION_ANNOTATIONS =
      List.of("config.kubernetes.io/function", "config.k8s.io/function");

  @Override
  public void process(ResourceList rl) {
    ObjectNode fc = rl.functionConfig();
    if (fc == null || fc.isEmpty()) {
      throw new FunctionException("failed to upsert resource: missing functionConfig");
    }
    List<ObjectNode> resources = new ArrayList<>();
    if ("List".equals(Krm.kind(fc))) {
      for (JsonNode item : fc.path("items")) {
        if (item instanceof ObjectNode o) {
          resources.add(o);
        }
      }
    } else {
      resources.add(fc);
    }
    for (ObjectNode resource : resources) {
      if (!replace(rl.items(), resource)) {
        rl.items().add(added(resource));
      }
    }
  }

  private static boolean replace(List<ObjectNode> items, ObjectNode input) {
    boolean found = false;
    for (int i = 0; i < items.size(); i++) {
      ObjectNode item = items.get(i);
      if (isFunctionConfig(item) || !same(input, item)) {
        continue;
      }
      ObjectNode copy = input.deepCopy();
      ObjectNode annotations = Krm.ensureMap(copy, "metadata", "annotations");
      annotations.put(PATH, Objects.requireNonNullElse(Krm.annotation(item, PATH), ""));
      annotations.put(INDEX, Objects.requireNonNullElse(Krm.annotation(item, INDEX), ""));
      FUNCTION_ANNOTATIONS.forEach(annotations::remove);
      annotations.remove(TARGET_PATH);
      items.set(i, copy);
      found = true;
    }
    return found;
  }

  private static ObjectNode added(ObjectNode input) {
    ObjectNode copy = input.deepCopy();
    ObjectNode annotations = Krm.map(copy, "metadata", "annotations");
    if (annotations != null) {
      FUNCTION_ANNOTATIONS.forEach(annotations::remove);
      for (String k :
          List.of(PATH, INDEX, "config.kubernetes.io/path", "config.kubernetes.io/index")) {
        annotations.remove(k);
      }
      String target = Krm.annotation(input, TARGET_PATH);
      if (target != null && !target.isEmpty()) {
        annotations.put(PATH, target);
      }
      annotations.remove(TARGET_PATH);
    }
    return copy;
  }

  private static boolean same(ObjectNode input, ObjectNode item) {
    String target = Krm.annotation(input, TARGET_PATH);
    return Krm.group(input).equals(Krm.group(item))
        && Krm.kind(input).equals(Krm.kind(item))
        && Krm.name(input).equals(Krm.name(item))
        && input
            .path("metadata")
            .path("namespace")
            .asText("")
            .equals(item.path("metadata").path("namespace").asText(""))
        && (target == null || target.isEmpty() || target.equals(Krm.annotation(item, PATH)));
  }

  private static boolean isFunctionConfig(ObjectNode item) {
    for (String a : FUNCTION_ANNOTATIONS) {
      String v = Krm.annotation(item, a);
      if (v != null && !v.isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
