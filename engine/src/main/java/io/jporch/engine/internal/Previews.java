package io.jporch.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageMetadata;
import io.jporch.core.api.PackageRevision;
import io.jporch.core.api.PackageRevisionSpec;
import io.jporch.core.api.PackageRevisionStatus;
import io.jporch.core.api.Task;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.util.Json;
import io.jporch.core.util.Timestamps;
import io.jporch.core.util.Uids;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API objects a create or update would answer with, built for a dry run from a draft that is
 * discarded: identity from the key, spec and conditions from the draft's Kptfile, Kubernetes
 * metadata from the request. Nothing here reads or writes storage.
 */
public final class Previews {
  private Previews() {}

  /** The object a create of {@code key} would return (no resourceVersion: nothing committed). */
  public static PackageRevision created(
      PackageRevisionKey key,
      Lifecycle lifecycle,
      List<Task> tasks,
      Map<String, String> resources,
      ObjectMeta requested) {
    String ns = key.repository().namespace();
    String name = key.objectName();
    ObjectMeta r = requested == null ? ObjectMeta.named(ns, name) : requested;
    ObjectMeta meta =
        ObjectMeta.named(ns, name)
            .withUid(Uids.packageRevision(ns, name))
            .withCreationTimestamp(Timestamps.now())
            .withLabels(withoutLatest(r.labels()))
            .withAnnotations(emptyToNull(r.annotations()))
            .withFinalizers(emptyToNull(r.finalizers()))
            .withOwnerReferences(emptyToNull(r.ownerReferences()))
            .withManagedFields(emptyToNull(r.managedFields()));
    Kptfile kptfile = Kptfile.of(resources);
    PackageRevisionSpec spec =
        new PackageRevisionSpec(
            key.packageKey().path(),
            key.repository().name(),
            key.workspace(),
            0,
            null,
            lifecycle,
            tasks,
            kptfile.readinessGates(),
            kptfile.packageMetadata());
    PackageRevisionStatus status =
        new PackageRevisionStatus(null, null, null, null, false, kptfile.conditions());
    return PackageRevision.of(meta, spec, status);
  }

  /**
   * {@code current} as an update would leave it: the requested Kubernetes metadata, the new
   * lifecycle and, when the draft was re-rendered, spec and conditions from its Kptfile.
   *
   * @param resources the draft's files after the update's mutations, or null if unchanged
   */
  public static PackageRevision updated(
      PackageRevision current,
      ObjectMeta requested,
      Lifecycle lifecycle,
      Map<String, String> resources) {
    ObjectMeta old = current.metadata();
    ObjectMeta r = requested == null ? ObjectMeta.named(null, null) : requested;
    Map<String, String> labels = new LinkedHashMap<>();
    String latest = old.labelsOrEmpty().get(ApiGroups.LATEST_REVISION_LABEL);
    labels.putAll(r.labelsOrEmpty());
    labels.remove(ApiGroups.LATEST_REVISION_LABEL);
    if (latest != null) {
      labels.put(ApiGroups.LATEST_REVISION_LABEL, latest);
    }
    ObjectMeta meta =
        old.withLabels(labels.isEmpty() ? null : labels)
            .withAnnotations(emptyToNull(r.annotations()))
            .withFinalizers(emptyToNull(r.finalizers()))
            .withOwnerReferences(emptyToNull(r.ownerReferences()))
            .withManagedFields(emptyToNull(r.managedFields()));
    PackageRevisionSpec spec = current.spec().withLifecycle(lifecycle);
    PackageRevisionStatus status = current.status();
    if (resources != null) {
      Kptfile kptfile = Kptfile.of(resources);
      spec =
          new PackageRevisionSpec(
              spec.packageName(),
              spec.repository(),
              spec.workspaceName(),
              spec.revision(),
              spec.parent(),
              spec.lifecycle(),
              spec.tasks(),
              kptfile.readinessGates(),
              kptfile.packageMetadata());
      status =
          status == null
              ? new PackageRevisionStatus(null, null, null, null, false, kptfile.conditions())
              : new PackageRevisionStatus(
                  status.upstreamLock(),
                  status.selfLock(),
                  status.publishedBy(),
                  status.publishTimestamp(),
                  status.deployment(),
                  kptfile.conditions());
    }
    return current.withMetadata(meta).withSpec(spec).withStatus(status);
  }

  /** {@code object} as publishing it as {@code revision} by {@code publisher} would show it. */
  public static PackageRevision published(PackageRevision object, int revision, String publisher) {
    PackageRevisionStatus s = object.status();
    PackageRevisionStatus status =
        new PackageRevisionStatus(
            s == null ? null : s.upstreamLock(),
            s == null ? null : s.selfLock(),
            publisher,
            Timestamps.now(),
            s != null && s.deployment(),
            s == null ? null : s.conditions());
    return object.withSpec(object.spec().withRevision(revision)).withStatus(status);
  }

  private static Map<String, String> withoutLatest(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>(labels);
    out.remove(ApiGroups.LATEST_REVISION_LABEL);
    return out.isEmpty() ? null : out;
  }

  private static <K, V> Map<K, V> emptyToNull(Map<K, V> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  private static <T> List<T> emptyToNull(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }

  /** The parts of a root Kptfile the API object mirrors. */
  private record Kptfile(
      List<PackageRevisionSpec.ReadinessGate> readinessGates,
      PackageMetadata packageMetadata,
      List<PackageRevisionStatus.Condition> conditions) {

    static Kptfile of(Map<String, String> resources) {
      String text = resources == null ? null : resources.get("Kptfile");
      JsonNode root;
      try {
        root = text == null ? null : Json.YAML.readTree(text);
      } catch (IOException e) {
        root = null;
      }
      if (root == null || !root.isObject()) {
        return new Kptfile(null, new PackageMetadata(null, null), null);
      }
      List<PackageRevisionSpec.ReadinessGate> gates = new ArrayList<>();
      root.path("info")
          .path("readinessGates")
          .forEach(g -> gates.add(new PackageRevisionSpec.ReadinessGate(text(g, "conditionType"))));
      List<PackageRevisionStatus.Condition> conditions = new ArrayList<>();
      root.path("status")
          .path("conditions")
          .forEach(
              c ->
                  conditions.add(
                      new PackageRevisionStatus.Condition(
                          text(c, "type"),
                          text(c, "status"),
                          text(c, "reason"),
                          text(c, "message"))));
      JsonNode meta = root.path("metadata");
      return new Kptfile(
          gates.isEmpty() ? null : List.copyOf(gates),
          new PackageMetadata(stringMap(meta.get("labels")), stringMap(meta.get("annotations"))),
          conditions.isEmpty() ? null : List.copyOf(conditions));
    }

    private static Map<String, String> stringMap(JsonNode node) {
      if (node == null || !node.isObject() || node.isEmpty()) {
        return null;
      }
      Map<String, String> out = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
      return out;
    }

    private static String text(JsonNode node, String field) {
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }
  }
}
