package io.jporch.task.internal.update;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The associative lists of the built-in Kubernetes types, as kpt's resource merge finds them in
 * kyaml's OpenAPI schema (Kubernetes v1.21.2): a list is merged element by element when its schema
 * has {@code x-kubernetes-patch-strategy} containing {@code merge}, keyed by {@code
 * x-kubernetes-list-map-keys} when present (e.g. container ports by {@code containerPort} and
 * {@code protocol}) and by {@code x-kubernetes-patch-merge-key} otherwise; a merge list without a
 * key is a set of scalars ({@code finalizers}, {@code podCIDRs}).
 *
 * <p>Types are looked up by {@code apiVersion} and {@code kind}, as kyaml does: a kind the v1.21
 * schema does not have (e.g. {@code extensions/v1beta1} Deployment, removed in 1.16) and custom
 * resources have no schema at all, so every list in them, {@code metadata.finalizers} included, is
 * replaced as a whole (checked against {@code kpt pkg update}). Of the schema only the part that
 * leads to a merge list is kept here: every other list is replaced as a whole, as kpt does for
 * lists without a merge strategy.
 */
final class KubernetesSchema implements Merge3.Schema {
  private static final String META = "meta.v1.ObjectMeta";
  private static final String POD_TEMPLATE = "core.v1.PodTemplateSpec";
  private static final String POD_SPEC = "core.v1.PodSpec";
  private static final String CONTAINER = "core.v1.Container";
  private static final String OBJECT = "object";

  /** One field of a definition: a nested object ({@link #ref}) or a list. */
  private record Field(String ref, boolean list, List<String> keys, String element) {
    static Field object(String ref) {
      return new Field(ref, false, null, null);
    }

    /** A merge list keyed by {@code keys} whose elements are {@code element} (or null). */
    static Field merge(String element, String... keys) {
      return new Field(null, true, List.of(keys), element);
    }

    /** A merge list of scalars (a set). */
    static Field set() {
      return new Field(null, true, List.of(""), null);
    }
  }

  /** Definition name (without {@code io.k8s.api.}) → field name → field. */
  private static final Map<String, Map<String, Field>> DEFINITIONS = new HashMap<>();

  /** {@code apiVersion|kind} → root definition. */
  private static final Map<String, String> ROOTS = new HashMap<>();

  static {
    define(META, "finalizers", Field.set(), "ownerReferences", Field.merge(null, "uid"));
    define(
        POD_SPEC,
        "containers",
        Field.merge(CONTAINER, "name"),
        "initContainers",
        Field.merge(CONTAINER, "name"),
        "ephemeralContainers",
        Field.merge("core.v1.EphemeralContainer", "name"),
        "hostAliases",
        Field.merge(null, "ip"),
        "imagePullSecrets",
        Field.merge(null, "name"),
        "topologySpreadConstraints",
        Field.merge(null, "topologyKey", "whenUnsatisfiable"),
        "volumes",
        Field.merge("core.v1.Volume", "name"));
    define(
        CONTAINER,
        "env",
        Field.merge(null, "name"),
        "ports",
        Field.merge(null, "containerPort", "protocol"),
        "volumeDevices",
        Field.merge(null, "devicePath"),
        "volumeMounts",
        Field.merge(null, "mountPath"));
    define(
        "core.v1.EphemeralContainer",
        "env",
        Field.merge(null, "name"),
        "volumeDevices",
        Field.merge(null, "devicePath"),
        "volumeMounts",
        Field.merge(null, "mountPath"));
    define("core.v1.Volume", "ephemeral", Field.object("core.v1.EphemeralVolumeSource"));
    define(
        "core.v1.EphemeralVolumeSource",
        "volumeClaimTemplate",
        Field.object("core.v1.PersistentVolumeClaimTemplate"));
    define("core.v1.PersistentVolumeClaimTemplate", "metadata", Field.object(META));
    define(POD_TEMPLATE, "metadata", Field.object(META), "spec", Field.object(POD_SPEC));
    define("conditions", "conditions", Field.merge(null, "type"));

    // Workloads: spec.template is a pod template; status.conditions merge by type.
    define("workload", "spec", Field.object("workloadSpec"), "status", Field.object("conditions"));
    define("workloadSpec", "template", Field.object(POD_TEMPLATE));
    for (String kind : List.of("DaemonSet", "Deployment", "ReplicaSet", "StatefulSet")) {
      root("apps/v1", kind, "workload");
    }
    root("v1", "ReplicationController", "workload");
    root("batch/v1", "Job", "workload");
    define("batch.CronJob", "spec", Field.object("batch.CronJobSpec"));
    define("batch.CronJobSpec", "jobTemplate", Field.object("batch.JobTemplateSpec"));
    define(
        "batch.JobTemplateSpec",
        "metadata",
        Field.object(META),
        "spec",
        Field.object("workloadSpec"));
    root("batch/v1", "CronJob", "batch.CronJob");
    root("batch/v1beta1", "CronJob", "batch.CronJob");
    define(
        "core.v1.Pod", "spec", Field.object(POD_SPEC), "status", Field.object("core.v1.PodStatus"));
    define(
        "core.v1.PodStatus",
        "conditions",
        Field.merge(null, "type"),
        "podIPs",
        Field.merge(null, "ip"));
    root("v1", "Pod", "core.v1.Pod");
    define("core.v1.PodTemplate", "template", Field.object(POD_TEMPLATE));
    root("v1", "PodTemplate", "core.v1.PodTemplate");

    // Other built-in types with merge lists.
    define(
        "core.v1.Service",
        "spec",
        Field.object("core.v1.ServiceSpec"),
        "status",
        Field.object("conditions"));
    define("core.v1.ServiceSpec", "ports", Field.merge(null, "port", "protocol"));
    root("v1", "Service", "core.v1.Service");
    define("core.v1.ServiceAccount", "secrets", Field.merge(null, "name"));
    root("v1", "ServiceAccount", "core.v1.ServiceAccount");
    define("core.v1.ComponentStatus", "conditions", Field.merge(null, "type"));
    root("v1", "ComponentStatus", "core.v1.ComponentStatus");
    define("statusConditions", "status", Field.object("conditions"));
    root("v1", "Namespace", "statusConditions");
    root("v1", "PersistentVolumeClaim", "statusConditions");
    root("policy/v1", "PodDisruptionBudget", "statusConditions");
    root("policy/v1beta1", "PodDisruptionBudget", "statusConditions");
    root("apiregistration.k8s.io/v1", "APIService", "statusConditions");
    root("apiregistration.k8s.io/v1beta1", "APIService", "statusConditions");
    define(
        "core.v1.Node",
        "spec",
        Field.object("core.v1.NodeSpec"),
        "status",
        Field.object("nodeStatus"));
    define("core.v1.NodeSpec", "podCIDRs", Field.set());
    define(
        "nodeStatus",
        "addresses",
        Field.merge(null, "type"),
        "conditions",
        Field.merge(null, "type"));
    root("v1", "Node", "core.v1.Node");
    define("webhooks", "webhooks", Field.merge(null, "name"));
    for (String version : List.of("v1", "v1beta1")) {
      root("admissionregistration.k8s.io/" + version, "MutatingWebhookConfiguration", "webhooks");
      root("admissionregistration.k8s.io/" + version, "ValidatingWebhookConfiguration", "webhooks");
    }
    define("storage.CSINode", "spec", Field.object("storage.CSINodeSpec"));
    define("storage.CSINodeSpec", "drivers", Field.merge(null, "name"));
    root("storage.k8s.io/v1", "CSINode", "storage.CSINode");
    root("storage.k8s.io/v1beta1", "CSINode", "storage.CSINode");

    // The other kinds of the v1.21 schema: only their metadata has merge lists.
    define(OBJECT);
    plain(
        "v1", "Binding ConfigMap Endpoints Event LimitRange PersistentVolume ResourceQuota Secret");
    plain("apps/v1", "ControllerRevision");
    plain("apiextensions.k8s.io/v1", "CustomResourceDefinition");
    plain("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition");
    plain("authentication.k8s.io/v1", "TokenRequest TokenReview");
    plain("authentication.k8s.io/v1beta1", "TokenReview");
    for (String version : List.of("v1", "v1beta1")) {
      plain(
          "authorization.k8s.io/" + version,
          "LocalSubjectAccessReview SelfSubjectAccessReview SelfSubjectRulesReview"
              + " SubjectAccessReview");
      plain("certificates.k8s.io/" + version, "CertificateSigningRequest");
      plain("coordination.k8s.io/" + version, "Lease");
      plain("discovery.k8s.io/" + version, "EndpointSlice");
      plain("events.k8s.io/" + version, "Event");
      plain("networking.k8s.io/" + version, "Ingress IngressClass");
      plain("node.k8s.io/" + version, "RuntimeClass");
      plain(
          "rbac.authorization.k8s.io/" + version,
          "ClusterRole ClusterRoleBinding Role RoleBinding");
      plain("scheduling.k8s.io/" + version, "PriorityClass");
      plain("storage.k8s.io/" + version, "CSIDriver StorageClass VolumeAttachment");
    }
    plain("autoscaling/v1", "HorizontalPodAutoscaler Scale");
    plain("autoscaling/v2beta1", "HorizontalPodAutoscaler");
    plain("autoscaling/v2beta2", "HorizontalPodAutoscaler");
    plain("extensions/v1beta1", "Ingress");
    plain("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema PriorityLevelConfiguration");
    plain("networking.k8s.io/v1", "NetworkPolicy");
    plain("policy/v1beta1", "Eviction PodSecurityPolicy");
    plain("storage.k8s.io/v1beta1", "CSIStorageCapacity");
  }

  private static void plain(String apiVersion, String kinds) {
    for (String kind : kinds.split(" ")) {
      root(apiVersion, kind, OBJECT);
    }
  }

  private static void define(String name, Object... fields) {
    Map<String, Field> map = new HashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      map.put((String) fields[i], (Field) fields[i + 1]);
    }
    DEFINITIONS.put(name, Map.copyOf(map));
  }

  private static void root(String apiVersion, String kind, String definition) {
    ROOTS.put(apiVersion + "|" + kind, definition);
  }

  private final String root;

  private KubernetesSchema(String root) {
    this.root = root;
  }

  /** The schema of objects of {@code apiVersion} and {@code kind}. */
  static KubernetesSchema of(String apiVersion, String kind) {
    return new KubernetesSchema(ROOTS.get(apiVersion + "|" + kind));
  }

  @Override
  public List<String> listKeys(List<String> path) {
    if (path.isEmpty()) {
      return null;
    }
    Field field = field(path);
    return field == null || !field.list() ? null : field.keys();
  }

  /** The schema field at {@code path}, or null where the schema has nothing to say. */
  private Field field(List<String> path) {
    if (root == null) {
      // Not a type of the schema (e.g. a custom resource): no list is associative, not even
      // metadata.finalizers.
      return null;
    }
    String definition = root;
    if (path.getFirst().equals("metadata") && path.size() > 1) {
      definition = META;
      path = path.subList(1, path.size());
    }
    Field current = null;
    for (String segment : path) {
      if (segment.equals("[]")) {
        if (current == null || !current.list() || current.element() == null) {
          return null;
        }
        definition = current.element();
        current = null;
        continue;
      }
      if (current != null) {
        if (current.list() || current.ref() == null) {
          return null;
        }
        definition = current.ref();
      }
      Map<String, Field> fields = definition == null ? null : DEFINITIONS.get(definition);
      current = fields == null ? null : fields.get(segment);
      if (current == null) {
        return null;
      }
    }
    return current;
  }
}
