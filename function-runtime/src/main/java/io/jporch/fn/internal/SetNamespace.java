package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code set-namespace} catalog function (krm-functions-catalog {@code
 * functions/go/set-namespace}, v0.4): sets {@code metadata.namespace} on namespaced resources,
 * renames Namespace objects, and updates the namespace references that follow the namespace
 * (ClusterRoleBinding subjects, CRD conversion webhook and APIService services, {@code
 * config.kubernetes.io/depends-on}). Local-config objects (Kptfile, package context) are left
 * alone. Configuration problems are reported as error results, not as a failed run, as the catalog
 * function does.
 *
 * <p>Deliberate difference: a CRD or APIService without a service namespace is left unchanged (the
 * reference commit creates the field).
 */
public final class SetNamespace implements KrmFunction {
  static final String LOCAL_CONFIG = "config.kubernetes.io/local-config";
  static final String UPSTREAM_IDENTIFIER = "internal.kpt.dev/upstream-identifier";
  static final String DEPENDS_ON = "config.kubernetes.io/depends-on";
  static final String CLUSTER_SCOPED_ORIGIN = "~C";
  private static final String PACKAGE_CONTEXT = "kptfile.kpt.dev";
  private static final Pattern DEPENDS_ON_ID =
      Pattern.compile("([^/]*)/namespaces/([^/]+)/([^/]+)/([^/]+)");

  /** Scope of built-in Kubernetes kinds, keyed {@code <group>|<Kind>} (core group is empty). */
  private static final Map<String, Boolean> NAMESPACED = scopes();

  @Override
  public void process(ResourceList rl) {
    Config config;
    try {
      config = Config.from(rl.functionConfig());
    } catch (IllegalArgumentException e) {
      rl.addResult("error", e.getMessage(), rl.functionConfig());
      return;
    }
    List<ObjectNode> targets = new ArrayList<>();
    for (ObjectNode item : rl.items()) {
      if (!"true".equals(annotation(item, LOCAL_CONFIG))) {
        targets.add(item);
      }
    }
    Set<String> origins = new TreeSet<>();
    for (ObjectNode item : targets) {
      String origin = originNamespace(item);
      if (namespaced(item) && origin != null && !CLUSTER_SCOPED_ORIGIN.equals(origin)) {
        origins.add(origin);
      }
    }
    if (config.matcher() == null && origins.size() > 1) {
      rl.addResult(
          "error",
          "unable to use origin namespace to match: found more than one origin namespace "
              + list(origins)
              + "; please switch to use namespaceMatcher",
          null);
      return;
    }
    Set<String> ids = new HashSet<>();
    for (ObjectNode item : targets) {
      if (namespaced(item)) {
        ids.add(id(item));
      }
    }
    var changes = new Changes(config);
    for (ObjectNode item : targets) {
      visit(item, changes);
    }
    int dependsOn = 0;
    for (ObjectNode item : targets) {
      dependsOn += updateDependsOn(item, ids, config);
    }
    rl.addResult("info", changes.summary(), null);
    if (dependsOn > 0) {
      rl.addResult(
          "info",
          "updated the namespace of "
              + dependsOn
              + " `depends-on` annotation(s) to \""
              + config.namespace()
              + "\"",
          null);
    }
  }

  private static void visit(ObjectNode item, Changes changes) {
    String group = group(item);
    String kind = item.path("kind").asText();
    ObjectNode metadata = item.get("metadata") instanceof ObjectNode m ? m : null;
    if (group.isEmpty() && "Namespace".equals(kind) && metadata != null) {
      String current = metadata.path("name").asText("");
      String origin = originName(item);
      changes.update(metadata, "name", current, origin == null ? current : origin);
    } else if ("apiextensions.k8s.io".equals(group) && "CustomResourceDefinition".equals(kind)) {
      updateIfPresent(
          object(item, "spec", "conversion", "webhook", "clientConfig", "service"), changes);
    } else if ("apiregistration.k8s.io".equals(group) && "APIService".equals(kind)) {
      updateIfPresent(object(item, "spec", "service"), changes);
    }
    if (!namespaced(item)
        && ("ClusterRoleBinding".equals(kind) || "RoleBinding".equals(kind))
        && item.path("subjects").isArray()) {
      for (JsonNode subject : item.path("subjects")) {
        if (subject instanceof ObjectNode s) {
          updateIfPresent(s, changes);
        }
      }
    }
    if (namespaced(item)) {
      if (metadata == null) {
        metadata = item.putObject("metadata");
      }
      String origin = originNamespace(item);
      changes.update(metadata, "namespace", metadata.path("namespace").asText(""), origin);
    }
  }

  private static void updateIfPresent(ObjectNode node, Changes changes) {
    if (node != null && node.hasNonNull("namespace")) {
      changes.update(node, "namespace", node.path("namespace").asText(""), null);
    }
  }

  private static int updateDependsOn(ObjectNode item, Set<String> ids, Config config) {
    String value = annotation(item, DEPENDS_ON);
    if (value == null) {
      return 0;
    }
    Matcher m = DEPENDS_ON_ID.matcher(value);
    if (!m.matches() || !ids.contains(value)) {
      return 0;
    }
    String ns = m.group(2);
    if (ns.equals(config.namespace())
        || (config.matcher() != null && !config.matcher().equals(ns))) {
      return 0;
    }
    String updated =
        m.group(1) + "/namespaces/" + config.namespace() + "/" + m.group(3) + "/" + m.group(4);
    ((ObjectNode) item.path("metadata").path("annotations")).put(DEPENDS_ON, updated);
    return 1;
  }

  /** True for the built-in kinds Kubernetes serves cluster-scoped (Namespace, ClusterRole, …). */
  static boolean knownClusterScoped(ObjectNode item) {
    return Boolean.FALSE.equals(NAMESPACED.get(group(item) + "|" + item.path("kind").asText()));
  }

  static boolean namespaced(ObjectNode item) {
    Boolean known = NAMESPACED.get(group(item) + "|" + item.path("kind").asText());
    if (known != null) {
      return known;
    }
    return item.path("metadata").has("namespace");
  }

  private static String id(ObjectNode item) {
    String ns = item.path("metadata").path("namespace").asText("");
    return group(item)
        + "/namespaces/"
        + (ns.isEmpty() ? "default" : ns)
        + "/"
        + item.path("kind").asText()
        + "/"
        + item.path("metadata").path("name").asText();
  }

  private static String group(ObjectNode item) {
    String apiVersion = item.path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static String annotation(ObjectNode item, String key) {
    JsonNode value = item.path("metadata").path("annotations").get(key);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** The namespace recorded in the upstream identifier ({@code group|Kind|namespace|name}). */
  private static String originNamespace(ObjectNode item) {
    String[] parts = upstreamIdentifier(item);
    return parts == null ? null : parts[2];
  }

  private static String originName(ObjectNode item) {
    String[] parts = upstreamIdentifier(item);
    return parts == null ? null : parts[3];
  }

  private static String[] upstreamIdentifier(ObjectNode item) {
    String value = annotation(item, UPSTREAM_IDENTIFIER);
    if (value == null) {
      return null;
    }
    String[] parts = value.split("\\|", -1);
    return parts.length == 4 ? parts : null;
  }

  private static ObjectNode object(ObjectNode root, String... path) {
    JsonNode node = root;
    for (String p : path) {
      node = node.path(p);
    }
    return node instanceof ObjectNode o ? o : null;
  }

  private static String list(Set<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  /** The new namespace and the optional matcher. */
  record Config(String namespace, String matcher) {
    static Config from(ObjectNode fc) {
      if (fc == null) {
        throw new IllegalArgumentException(
            "functionConfig is missing; expect `ConfigMap` or `SetNamespace`");
      }
      String kind = fc.path("kind").asText();
      if ("ConfigMap".equals(kind)) {
        JsonNode data = fc.path("data");
        String ns = data.path("namespace").asText("");
        if (ns.isEmpty() && PACKAGE_CONTEXT.equals(fc.path("metadata").path("name").asText())) {
          ns = data.path("name").asText("");
          if (ns.isEmpty()) {
            throw new IllegalArgumentException("`data.name` should not be empty");
          }
        }
        if (ns.isEmpty()) {
          throw new IllegalArgumentException("`data.namespace` should not be empty");
        }
        return new Config(ns, emptyToNull(data.path("namespaceMatcher").asText("")));
      }
      if ("SetNamespace".equals(kind)) {
        String ns = fc.path("namespace").asText("");
        if (ns.isEmpty()) {
          throw new IllegalArgumentException("`namespace` should not be empty");
        }
        return new Config(ns, emptyToNull(fc.path("namespaceMatcher").asText("")));
      }
      throw new IllegalArgumentException(
          "unknown functionConfig Kind="
              + kind
              + " ApiVersion="
              + fc.path("apiVersion").asText()
              + ", expect `ConfigMap` or `SetNamespace`");
    }

    private static String emptyToNull(String s) {
      return s.isEmpty() ? null : s;
    }
  }

  /** Values changed so far. */
  private static final class Changes {
    private final Config config;
    private final Set<String> oldValues = new TreeSet<>();
    private int count;

    Changes(Config config) {
      this.config = config;
    }

    void update(ObjectNode node, String field, String current, String origin) {
      if (CLUSTER_SCOPED_ORIGIN.equals(origin)) {
        return;
      }
      String value = current.isEmpty() ? "default" : current;
      if (value.equals(config.namespace())) {
        return;
      }
      if (config.matcher() != null
          && !config.matcher().equals(value)
          && !config.matcher().equals(origin)) {
        return;
      }
      node.put(field, config.namespace());
      oldValues.add(value);
      count++;
    }

    String summary() {
      if (count == 0) {
        return "all matching namespaces are already \""
            + config.namespace()
            + "\". no value changed";
      }
      return "namespace "
          + list(oldValues)
          + " updated to \""
          + config.namespace()
          + "\", "
          + count
          + " value(s) changed";
    }
  }

  private static Map<String, Boolean> scopes() {
    Map<String, Boolean> m = new java.util.HashMap<>();
    String[] clusterScoped = {
      "|Namespace",
      "|Node",
      "|PersistentVolume",
      "|ComponentStatus",
      "apiextensions.k8s.io|CustomResourceDefinition",
      "apiregistration.k8s.io|APIService",
      "rbac.authorization.k8s.io|ClusterRole",
      "rbac.authorization.k8s.io|ClusterRoleBinding",
      "admissionregistration.k8s.io|MutatingWebhookConfiguration",
      "admissionregistration.k8s.io|ValidatingWebhookConfiguration",
      "admissionregistration.k8s.io|ValidatingAdmissionPolicy",
      "admissionregistration.k8s.io|ValidatingAdmissionPolicyBinding",
      "storage.k8s.io|StorageClass",
      "storage.k8s.io|CSIDriver",
      "storage.k8s.io|CSINode",
      "storage.k8s.io|VolumeAttachment",
      "scheduling.k8s.io|PriorityClass",
      "node.k8s.io|RuntimeClass",
      "networking.k8s.io|IngressClass",
      "policy|PodSecurityPolicy",
      "certificates.k8s.io|CertificateSigningRequest",
      "flowcontrol.apiserver.k8s.io|FlowSchema",
      "flowcontrol.apiserver.k8s.io|PriorityLevelConfiguration",
      "authentication.k8s.io|TokenReview",
      "authorization.k8s.io|SubjectAccessReview",
      "authorization.k8s.io|SelfSubjectAccessReview",
      "authorization.k8s.io|SelfSubjectRulesReview"
    };
    String[] namespaced = {
      "|Binding",
      "|ConfigMap",
      "|Endpoints",
      "|Event",
      "|LimitRange",
      "|PersistentVolumeClaim",
      "|Pod",
      "|PodTemplate",
      "|ReplicationController",
      "|ResourceQuota",
      "|Secret",
      "|ServiceAccount",
      "|Service",
      "apps|ControllerRevision",
      "apps|DaemonSet",
      "apps|Deployment",
      "apps|ReplicaSet",
      "apps|StatefulSet",
      "extensions|Deployment",
      "extensions|DaemonSet",
      "extensions|ReplicaSet",
      "extensions|Ingress",
      "autoscaling|HorizontalPodAutoscaler",
      "batch|CronJob",
      "batch|Job",
      "coordination.k8s.io|Lease",
      "discovery.k8s.io|EndpointSlice",
      "events.k8s.io|Event",
      "networking.k8s.io|Ingress",
      "networking.k8s.io|NetworkPolicy",
      "policy|PodDisruptionBudget",
      "rbac.authorization.k8s.io|Role",
      "rbac.authorization.k8s.io|RoleBinding",
      "storage.k8s.io|CSIStorageCapacity",
      "authorization.k8s.io|LocalSubjectAccessReview"
    };
    for (String k : clusterScoped) {
      m.put(k, false);
    }
    for (String k : namespaced) {
      m.put(k, true);
    }
    return Map.copyOf(m);
  }
}
