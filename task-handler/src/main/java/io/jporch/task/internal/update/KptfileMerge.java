package io.jporch.task.internal.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.task.internal.Kptfiles;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * kpt's three-way Kptfile merge ({@code kptfileutil.UpdateKptfile}): annotations, labels, info,
 * pipeline, inventory and status come from a merge with associative lists inferred on {@code name}
 * (functions without names get a synthetic {@code _kpt-merge_<image>} name meanwhile); name and
 * namespace stay local; upstream and upstreamLock are taken from the updated Kptfile on request.
 */
final class KptfileMerge {
  private static final String SYNTHETIC = "_kpt-merge_";
  private static final List<String> PIPELINE_LISTS = List.of("mutators", "validators");
  private static final List<String> MERGED = List.of("info", "pipeline", "inventory", "status");

  private KptfileMerge() {}

  /** The merged Kptfile text; null arguments are missing Kptfiles. */
  static String merge(String local, String updated, String origin, boolean updateUpstream) {
    ObjectNode l = parse(local);
    ObjectNode u = parse(updated);
    ObjectNode o = parse(origin);
    ObjectNode result = l.deepCopy();
    boolean synthetic = shouldAddNames(l) && shouldAddNames(u) && shouldAddNames(o);
    if (synthetic) {
      addNames(l);
      addNames(u);
      addNames(o);
    }
    JsonNode mergedNode = new Merge3(Merge3.Schema.NONE, true).merge(l, o, u);
    ObjectNode merged =
        mergedNode instanceof ObjectNode m ? m : JsonNodeFactory.instance.objectNode();
    if (synthetic) {
      removeNames(merged);
    }
    ObjectNode meta = Kptfiles.metadata(result);
    for (String f : List.of("labels", "annotations")) {
      JsonNode v = merged.path("metadata").get(f);
      if (v == null || v.isNull()) {
        meta.remove(f);
      } else {
        meta.set(f, v);
      }
    }
    if (meta.isEmpty()) {
      result.remove("metadata");
    }
    for (String f : MERGED) {
      JsonNode v = merged.get(f);
      if (v == null || v.isNull()) {
        result.remove(f);
      } else {
        result.set(f, v);
      }
    }
    if (updateUpstream) {
      ObjectNode up = parse(updated);
      for (String f : List.of("upstream", "upstreamLock")) {
        if (up.has(f) && !up.get(f).isNull()) {
          result.set(f, up.get(f));
        }
      }
    }
    if (!result.has("apiVersion")) {
      result.put("apiVersion", Kptfiles.API_VERSION);
      result.put("kind", Kptfiles.KIND);
    }
    return Kptfiles.write(result);
  }

  static ObjectNode parse(String text) {
    if (text == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    return Kptfiles.canonical(Kptfiles.parse(text));
  }

  private static boolean shouldAddNames(ObjectNode kf) {
    for (String list : PIPELINE_LISTS) {
      Set<String> keys = new HashSet<>();
      for (JsonNode fn : kf.path("pipeline").path(list)) {
        if (!fn.path("name").asText("").isEmpty()) {
          return false;
        }
        if (!keys.add(key(fn))) {
          return false;
        }
      }
    }
    return true;
  }

  private static String key(JsonNode fn) {
    String exec = fn.path("exec").asText("");
    if (!exec.isEmpty()) {
      return exec;
    }
    String image = fn.path("image").asText("");
    int colon = image.indexOf(':');
    return colon < 0 ? image : image.substring(0, colon);
  }

  private static void addNames(ObjectNode kf) {
    for (String list : PIPELINE_LISTS) {
      for (JsonNode fn : kf.path("pipeline").path(list)) {
        if (fn instanceof ObjectNode o && o.path("name").asText("").isEmpty()) {
          o.put("name", SYNTHETIC + key(fn));
        }
      }
    }
  }

  private static void removeNames(ObjectNode kf) {
    for (String list : PIPELINE_LISTS) {
      for (JsonNode fn : kf.path("pipeline").path(list)) {
        if (fn instanceof ObjectNode o && o.path("name").asText("").startsWith(SYNTHETIC)) {
          o.remove("name");
        }
      }
    }
  }
}
