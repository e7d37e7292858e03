package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import java.util.List;
import java.util.Map;

/**
 * The catalog's {@code set-labels} (kptdev/krm-functions-catalog {@code
 * functions/go/set-labels/setlabels}): adds or updates labels on every object that is not
 * local-config, and in the selectors and templates that must carry the same labels.
 *
 * <p>Config: a ConfigMap whose {@code data} is the labels, or {@code fn.kpt.dev/v1alpha1 SetLabels}
 * with {@code labels}. Keys are applied in sorted order; on "create" paths a missing key is added,
 * elsewhere only keys that exist with another value change:
 *
 * <ul>
 *   <li>{@code metadata.labels} of every object (create);
 *   <li>{@code spec.selector} of {@code v1} Service and ReplicationController (create);
 *   <li>{@code spec.selector.matchLabels} of Deployment, ReplicaSet, DaemonSet, {@code apps}
 *       StatefulSet (create) and {@code batch} Job, {@code policy} PodDisruptionBudget (update);
 *   <li>the pod template's {@code metadata.labels} (create, when {@code spec.template} exists) and
 *       its {@code topologySpreadConstraints[].labelSelector.matchLabels} (update);
 *   <li>CronJob job templates, StatefulSet {@code volumeClaimTemplates}, NetworkPolicy pod
 *       selectors (update).
 * </ul>
 *
 * <p>No config (with objects to label) fails the function; empty labels give a warning. Result:
 * {@code set <n> labels in total}, counting every key at every visited path as the catalog does.
 */
public final class SetLabels implements KrmFunction {
  static final String KIND = "SetLabels";

  @Override
  public void process(ResourceList rl) {
    new Run().process(rl);
  }

  /** One invocation; counts the labels set. */
  private static final class Run {
    private int count;

    void process(ResourceList rl) {
      List<ObjectNode> objects = rl.items().stream().filter(i -> !Krm.isLocalConfig(i)).toList();
      if (objects.isEmpty()) {
        rl.addResult("info", "no input resources", null);
        return;
      }
      Map<String, String> labels = config(rl.functionConfig());
      if (labels.isEmpty()) {
        rl.addResult("warning", "no `labels` arguments are given in FunctionConfig", null);
        return;
      }
      count = 0;
      for (ObjectNode o : objects) {
        update(o, labels, true, "metadata", "labels");
        selectors(o, labels);
        ObjectNode spec = Krm.map(o, "spec");
        if (spec == null) {
          continue;
        }
        if (containsPodTemplate(o)) {
          pod(Krm.map(spec, "template"), labels);
        }
        if (Krm.isGvk(o, "batch", "", "CronJob")) {
          ObjectNode job = Krm.map(spec, "jobTemplate");
          if (job != null) {
            update(job, labels, true, "metadata", "labels");
            ObjectNode jobSpec = Krm.map(job, "spec");
            update(jobSpec, labels, false, "selector", "matchLabels");
            pod(jobSpec == null ? null : Krm.map(jobSpec, "template"), labels);
          }
        }
        if (Krm.isGvk(o, "apps", "", "StatefulSet")) {
          for (ObjectNode volume : Krm.mapsIn(spec, "volumeClaimTemplates")) {
            update(volume, labels, true, "metadata", "labels");
            update(volume, labels, false, "selector", "matchLabels");
          }
        }
        if (Krm.isGvk(o, "networking.k8s.io", "", "NetworkPolicy")) {
          for (ObjectNode rule : Krm.mapsIn(spec, "ingress")) {
            for (ObjectNode peer : Krm.mapsIn(rule, "from")) {
              update(peer, labels, false, "podSelector", "matchLabels");
            }
          }
          for (ObjectNode rule : Krm.mapsIn(spec, "egress")) {
            for (ObjectNode peer : Krm.mapsIn(rule, "to")) {
              update(peer, labels, false, "podSelector", "matchLabels");
            }
          }
        }
      }
      rl.addResult("info", "set " + count + " labels in total", null);
    }

    private static Map<String, String> config(ObjectNode fc) {
      if (Krm.isEmptyConfig(fc)
          || ("ConfigMap".equals(Krm.kind(fc))
              && "function-input".equals(Krm.name(fc))
              && Krm.stringMap(fc.get("data")).isEmpty())) {
        throw new FunctionException(
            "`FunctionConfig` is not given: expect a ConfigMap or " + KIND + " with the labels");
      }
      if (Krm.isGvk(fc, "", "v1", "ConfigMap")) {
        return Krm.stringMap(fc.get("data"));
      }
      if (Krm.FN_API_VERSION.equals(fc.path("apiVersion").asText()) && KIND.equals(Krm.kind(fc))) {
        JsonNode labels = fc.get("labels");
        if (labels != null && !labels.isNull() && !labels.isObject()) {
          throw new FunctionException("`labels` of " + KIND + " must be a map of strings");
        }
        return Krm.stringMap(labels);
      }
      throw new FunctionException(
          "unknown FunctionConfig `" + Krm.kind(fc) + "`, expect ConfigMap or " + KIND);
    }

    private void selectors(ObjectNode o, Map<String, String> labels) {
      if (Krm.isGvk(o, "", "v1", "Service") || Krm.isGvk(o, "", "v1", "ReplicationController")) {
        update(o, labels, true, "spec", "selector");
      }
      if (Krm.isGvk(o, "", "", "Deployment")
          || Krm.isGvk(o, "", "", "ReplicaSet")
          || Krm.isGvk(o, "", "", "DaemonSet")
          || Krm.isGvk(o, "apps", "", "StatefulSet")) {
        update(o, labels, true, "spec", "selector", "matchLabels");
      } else if (Krm.isGvk(o, "batch", "", "Job")
          || Krm.isGvk(o, "policy", "", "PodDisruptionBudget")) {
        update(o, labels, false, "spec", "selector", "matchLabels");
      }
      if (Krm.isGvk(o, "networking.k8s.io", "", "NetworkPolicy")) {
        update(o, labels, false, "spec", "podSelector", "matchLabels");
      }
    }

    private static boolean containsPodTemplate(ObjectNode o) {
      return Krm.isGvk(o, "", "v1", "ReplicationController")
          || Krm.isGvk(o, "", "", "Deployment")
          || Krm.isGvk(o, "", "", "ReplicaSet")
          || Krm.isGvk(o, "", "", "DaemonSet")
          || Krm.isGvk(o, "apps", "", "StatefulSet")
          || Krm.isGvk(o, "batch", "", "Job");
    }

    private void pod(ObjectNode template, Map<String, String> labels) {
      if (template == null) {
        return;
      }
      update(template, labels, true, "metadata", "labels");
      ObjectNode spec = Krm.map(template, "spec");
      for (ObjectNode constraint : Krm.mapsIn(spec, "topologySpreadConstraints")) {
        update(constraint, labels, false, "labelSelector", "matchLabels");
      }
    }

    /**
     * Sets each label at {@code path} (a map) where it differs, or where it is missing if {@code
     * create}; maps on the way are created only when a label is written.
     */
    private void update(
        ObjectNode node, Map<String, String> labels, boolean create, String... path) {
      if (node == null) {
        return;
      }
      for (var e : labels.entrySet()) {
        JsonNode current = Krm.map(node, path) == null ? null : Krm.map(node, path).get(e.getKey());
        if (current != null && !current.isNull() && !current.isTextual()) {
          throw new FunctionException(
              "label " + e.getKey() + " at " + String.join(".", path) + " is not a string");
        }
        boolean exists = current != null && !current.isNull();
        if ((exists && !current.asText().equals(e.getValue())) || (!exists && create)) {
          Krm.ensureMap(node, path).put(e.getKey(), e.getValue());
        }
        count++;
      }
    }
  }
}
