package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog's {@code set-annotations} (kptdev/krm-functions-catalog {@code
 * functions/go/set-annotations}, kustomize's annotations filter): sets annotations on every item,
 * Kptfile and local-config objects included, at {@code metadata.annotations} and at the pod and job
 * templates of workload kinds (kustomize's {@code commonAnnotations} field specs), plus any {@code
 * additionalAnnotationFields}.
 *
 * <p>Config: a {@code v1} ConfigMap whose {@code data} is the annotations, or {@code
 * fn.kpt.dev/v1alpha1} {@code SetAnnotations} (or the legacy {@code SetAnnotationConfig}) with
 * {@code annotations} and {@code additionalAnnotationFields} (deprecated alias {@code fieldSpecs};
 * both at once is an error). Empty annotations fail the function. Results: one {@code set
 * annotations: {json}} per object and field, or {@code no annotations applied}.
 */
public final class SetAnnotations implements KrmFunction {
  static final String KIND = "SetAnnotations";
  static final String LEGACY_KIND = "SetAnnotationConfig";

  /** kustomize's {@code commonAnnotations} field specs. */
  static final List<FieldSpec> DEFAULTS =
      List.of(
          new FieldSpec("", "", "", "metadata/annotations", true),
          new FieldSpec(
              "", "v1", "ReplicationController", "spec/template/metadata/annotations", true),
          new FieldSpec("", "", "Deployment", "spec/template/metadata/annotations", true),
          new FieldSpec("", "", "ReplicaSet", "spec/template/metadata/annotations", true),
          new FieldSpec("", "", "DaemonSet", "spec/template/metadata/annotations", true),
          new FieldSpec("apps", "", "StatefulSet", "spec/template/metadata/annotations", true),
          new FieldSpec("batch", "", "Job", "spec/template/metadata/annotations", true),
          new FieldSpec("batch", "", "CronJob", "spec/jobTemplate/metadata/annotations", true),
          new FieldSpec(
              "batch", "", "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", true));

  /** Where annotations were set: file, index, field path. */
  private record Key(String file, int index, String field) {}

  @Override
  public void process(ResourceList rl) {
    ObjectNode fc = rl.functionConfig();
    Map<String, String> annotations;
    List<FieldSpec> specs = new ArrayList<>();
    if (fc != null
        && "v1".equals(fc.path("apiVersion").asText())
        && "ConfigMap".equals(Krm.kind(fc))) {
      annotations = Krm.stringMap(fc.get("data"));
    } else if (fc != null
        && Krm.FN_API_VERSION.equals(fc.path("apiVersion").asText())
        && (KIND.equals(Krm.kind(fc)) || LEGACY_KIND.equals(Krm.kind(fc)))) {
      JsonNode a = fc.get("annotations");
      if (a != null && !a.isNull() && !a.isObject()) {
        throw failure("`annotations` must be a map of strings");
      }
      annotations = Krm.stringMap(a);
      boolean additional = fc.hasNonNull("additionalAnnotationFields");
      boolean legacy = fc.hasNonNull("fieldSpecs");
      if (additional && legacy) {
        throw failure(
            "`fieldSpecs` has been deprecated, please rename it to `additionalAnnotationFields`");
      }
      specs.addAll(
          FieldSpec.list(
              fc.get(additional ? "additionalAnnotationFields" : "fieldSpecs"),
              "additionalAnnotationFields"));
    } else {
      throw failure("`functionConfig` must be a `ConfigMap` or `" + KIND + "`");
    }
    if (annotations.isEmpty()) {
      throw failure("input annotation list cannot be empty");
    }
    specs.addAll(DEFAULTS);
    Map<Key, Map<String, String>> results =
        new TreeMap<>(
            java.util.Comparator.comparing(Key::file)
                .thenComparingInt(Key::index)
                .thenComparing(Key::field));
    for (ObjectNode item : rl.items()) {
      String file = ResourceList.path(item);
      int index = index(item);
      for (FieldSpec fs : specs) {
        if (!fs.selects(item)) {
          continue;
        }
        fs.visit(
            item,
            (parent, name) -> {
              JsonNode target = parent.get(name);
              if (target != null && !target.isNull() && !target.isObject()) {
                throw new FunctionException(
                    "failed to run function: failed to run transformer: "
                        + fs.path()
                        + " of "
                        + Krm.kind(item)
                        + " "
                        + Krm.name(item)
                        + " is not a map");
              }
              ObjectNode map = target instanceof ObjectNode o ? o : parent.putObject(name);
              String field = fs.path().replace("[]", "").replace('/', '.');
              for (var e : annotations.entrySet()) {
                map.put(e.getKey(), e.getValue());
                results
                    .computeIfAbsent(new Key(file, index, field), k -> new TreeMap<>())
                    .put(e.getKey(), e.getValue());
              }
            });
      }
    }
    if (results.isEmpty()) {
      rl.addResult(null, "no annotations applied", null, null, null);
    }
    for (var e : results.entrySet()) {
      rl.addResult(
          null,
          "set annotations: " + json(e.getValue()),
          null,
          e.getKey().field(),
          e.getKey().file());
      if (e.getKey().index() != 0) {
        ObjectNode last = rl.lastResult();
        ((ObjectNode) last.withObject("/file")).put("index", e.getKey().index());
      }
    }
  }

  private static int index(ObjectNode item) {
    String v = Krm.annotation(item, "internal.config.kubernetes.io/index");
    if (v == null) {
      v = Krm.annotation(item, "config.kubernetes.io/index");
    }
    try {
      return v == null ? 0 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String json(Map<String, String> values) {
    try {
      return io.jporch.core.util.Json.MAPPER.writeValueAsString(values);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new FunctionException(e.getMessage(), e);
    }
  }

  private static FunctionException failure(String message) {
    return new FunctionException("failed to configure function: " + message);
  }
}
