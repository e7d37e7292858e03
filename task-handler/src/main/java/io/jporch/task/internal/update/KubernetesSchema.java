package io.jporch.task.internal.update;

import java.util.List;
import java.util.Map;

/**
 * The associative lists of the built-in Kubernetes types, as kyaml's OpenAPI schema (Kubernetes
 * v1.21) marks them with {@code x-kubernetes-patch-strategy: merge} and a patch merge key: pod
 * templates (containers, volumes, ports, env, ...), Service ports and object metadata (finalizers,
 * ownerReferences). Lists of other objects, including custom resources, are replaced as a whole.
 */
final class KubernetesSchema implements Merge3.Schema {
  private static final Map<String, List<String>> POD_SPEC =
      Map.of(
          "containers", List.of("name"),
          "initContainers", List.of("name"),
          "ephemeralContainers", List.of("name"),
          "volumes", List.of("name"),
          "imagePullSecrets", List.of("name"),
          "hostAliases", List.of("ip"));
  private static final Map<String, List<String>> CONTAINER =
      Map.of(
          "ports", List.of("containerPort"),
          "env", List.of("name"),
          "volumeMounts", List.of("mountPath"),
          "volumeDevices", List.of("devicePath"));
  private static final Map<String, List<String>> METADATA =
      Map.of("finalizers", List.of(""), "ownerReferences", List.of("uid"));
  private static final Map<String, List<String>> POD_SPEC_LOCATIONS =
      Map.ofEntries(
          Map.entry("|Pod", List.of("spec")),
          Map.entry("|PodTemplate", List.of("template", "spec")),
          Map.entry("|ReplicationController", List.of("spec", "template", "spec")),
          Map.entry("apps|Deployment", List.of("spec", "template", "spec")),
          Map.entry("apps|ReplicaSet", List.of("spec", "template", "spec")),
          Map.entry("apps|StatefulSet", List.of("spec", "template", "spec")),
          Map.entry("apps|DaemonSet", List.of("spec", "template", "spec")),
          Map.entry("extensions|Deployment", List.of("spec", "template", "spec")),
          Map.entry("extensions|DaemonSet", List.of("spec", "template", "spec")),
          Map.entry("batch|Job", List.of("spec", "template", "spec")),
          Map.entry("batch|CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec")));

  private final String groupKind;

  private KubernetesSchema(String groupKind) {
    this.groupKind = groupKind;
  }

  /** The schema of objects of {@code group}/{@code kind}. */
  static KubernetesSchema of(String group, String kind) {
    return new KubernetesSchema(group + "|" + kind);
  }

  @Override
  public List<String> listKeys(List<String> path) {
    if (path.isEmpty()) {
      return null;
    }
    String last = path.getLast();
    List<String> parent = path.subList(0, path.size() - 1);
    if (isMetadata(parent)) {
      return METADATA.get(last);
    }
    List<String> podSpec = POD_SPEC_LOCATIONS.get(groupKind);
    if (podSpec == null) {
      if (groupKind.equals("|Service") && path.equals(List.of("spec", "ports"))) {
        return List.of("port");
      }
      return null;
    }
    if (parent.equals(podSpec)) {
      return POD_SPEC.get(last);
    }
    // <podSpec>.<containers|initContainers|ephemeralContainers>.[].<field>
    if (parent.size() == podSpec.size() + 2
        && parent.subList(0, podSpec.size()).equals(podSpec)
        && List.of("containers", "initContainers", "ephemeralContainers")
            .contains(parent.get(podSpec.size()))
        && parent.getLast().equals("[]")) {
      return CONTAINER.get(last);
    }
    return null;
  }

  private boolean isMetadata(List<String> parent) {
    if (parent.equals(List.of("metadata"))) {
      return true;
    }
    List<String> podSpec = POD_SPEC_LOCATIONS.get(groupKind);
    if (podSpec != null && podSpec.size() >= 1) {
      List<String> template = podSpec.subList(0, podSpec.size() - 1);
      return parent.size() == template.size() + 1
          && parent.subList(0, template.size()).equals(template)
          && parent.getLast().equals("metadata");
    }
    return false;
  }
}
