package io.jporch.server.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.meta.ManagedFieldsEntry;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.util.Json;
import io.jporch.core.util.Timestamps;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Server-side field management for one resource (and subresource): records which manager owns which
 * fields in {@code metadata.managedFields} on every create, update and patch, and performs
 * server-side apply (merge, prune of fields the applier dropped, conflict detection, {@code
 * force}). Port of kube-apiserver's default field manager chain (k8s.io/apimachinery
 * pkg/util/managedfields/internal: version check, managed-fields updater, manager info, cap of ten
 * update managers, strip of identity metadata, and kubectl's upgrade from client-side apply through
 * the {@code kubectl.kubernetes.io/last-applied-configuration} annotation) over
 * structured-merge-diff's {@code merge.Updater}.
 */
public final class FieldManager {
  /** Managers beyond this many update entries are merged into {@code ancient-changes}. */
  static final int MAX_UPDATE_MANAGERS = 10;

  /** The manager kubectl uses for server-side apply; it alone upgrades client-side apply. */
  static final String KUBECTL = "kubectl";

  /** kubectl's client-side apply annotation. */
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private static final ManagerKey CURRENT_OPERATION =
      new ManagerKey("\u0000current-operation", ManagerKey.UPDATE, null, null);
  private static final FieldSet STRIPPED = strippedFields();

  private final SchemaNode schema;
  private final String group;
  private final String version;
  private final String kind;
  private final String subresource;
  private final FieldSet reset;
  private final Clock clock;

  /**
   * @param schema the kind's schema (untyped if unknown)
   * @param subresource the subresource written through ({@code approval}, {@code status}) or null
   * @param reset fields this endpoint never sets (e.g. {@code status} on a main resource with a
   *     status subresource); they are never owned through it
   */
  public FieldManager(
      SchemaNode schema,
      String group,
      String version,
      String kind,
      String subresource,
      FieldSet reset,
      Clock clock) {
    this.schema = schema == null ? SchemaNode.untyped() : schema;
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.subresource = subresource == null || subresource.isEmpty() ? null : subresource;
    this.reset = reset == null ? FieldSet.empty() : reset;
    this.clock = clock;
  }

  private String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  // ------------------------------------------------------------------ update

  /**
   * The object a create, update or non-apply patch stores: {@code newObject} with managed fields
   * that record {@code manager}'s changes from {@code live} (null or empty for a create).
   */
  public ObjectNode update(JsonNode live, ObjectNode newObject, String manager) {
    ManagedFields managed = decodeLiveOrNew(live, newObject);
    ObjectNode target = withoutManagedFields(newObject);
    JsonNode before = live == null ? Json.MAPPER.createObjectNode() : withoutManagedFields(live);
    ManagerKey key = new ManagerKey(nameOr(manager), ManagerKey.UPDATE, apiVersion(), subresource);

    Typed.Comparison changes = Typed.compare(before, target, schema).excluding(reset);
    resolve(managed, changes, CURRENT_OPERATION, true);
    FieldSet own =
        changes.added().union(changes.modified()).recursiveDifference(reset).difference(STRIPPED);
    if (!own.isEmpty()) {
      ManagedFields.Owned previous = managed.fields.get(key);
      FieldSet set = previous == null ? own : own.union(previous.set());
      managed.fields.put(key, new ManagedFields.Owned(set, apiVersion(), false));
      managed.times.put(key, Timestamps.format(clock.instant()));
    }
    capUpdateManagers(managed);
    return encode(target, managed);
  }

  private ManagedFields decodeLiveOrNew(JsonNode live, JsonNode newObject) {
    if (subresource == null) {
      JsonNode requested = newObject.path("metadata").get("managedFields");
      if (isReset(requested)) {
        return ManagedFields.empty();
      }
      try {
        ManagedFields fromRequest = ManagedFields.decode(newObject);
        if (!fromRequest.fields.isEmpty()) {
          return fromRequest;
        }
      } catch (IllegalArgumentException e) {
        // Fall back to the live object, as kube-apiserver does.
      }
    }
    try {
      return ManagedFields.decode(live);
    } catch (IllegalArgumentException e) {
      return ManagedFields.empty();
    }
  }

  /** A non-null empty list, or one empty entry, resets the managed fields. */
  private static boolean isReset(JsonNode requested) {
    if (requested == null || !requested.isArray()) {
      return false;
    }
    return requested.isEmpty() || (requested.size() == 1 && requested.get(0).isEmpty());
  }

  // ------------------------------------------------------------------ apply

  /**
   * Result of an apply: the object to store (or the unchanged live object) and whether it changed.
   */
  public record Applied(ObjectNode object, boolean changed) {}

  /**
   * Server-side apply of {@code config} by {@code manager} to {@code live} (an empty object when
   * the apply creates).
   *
   * @throws BadRequestException for a configuration of the wrong kind or with unknown fields
   * @throws ConflictException listing the conflicting fields, unless {@code force}
   */
  public Applied apply(
      JsonNode live, JsonNode config, String manager, boolean force, ResourceRef ref) {
    checkConfig(config);
    Applied applied;
    try {
      applied = applyOnce(live, config, manager, force);
    } catch (Conflicts c) {
      Map<ManagerKey, FieldSet> remaining = c.conflicts;
      FieldSet allowed = KUBECTL.equals(manager) ? allowedByLastApplied(live) : null;
      if (allowed != null) {
        remaining = new TreeMap<>();
        for (Map.Entry<ManagerKey, FieldSet> e : c.conflicts.entrySet()) {
          FieldSet rest = e.getValue().difference(allowed);
          if (!rest.isEmpty()) {
            remaining.put(e.getKey(), rest);
          }
        }
      }
      if (!remaining.isEmpty()) {
        throw conflictError(remaining, ref);
      }
      // Every conflict is a field kubectl set by client-side apply: take it over (kube's
      // lastAppliedManager).
      applied = applyOnce(live, config, manager, true);
    }
    return KUBECTL.equals(manager) ? syncLastApplied(applied, config) : applied;
  }

  /** Conflicts of one apply attempt, before kubectl's client-side-apply upgrade is considered. */
  private static final class Conflicts extends RuntimeException {
    private final Map<ManagerKey, FieldSet> conflicts;

    Conflicts(Map<ManagerKey, FieldSet> conflicts) {
      super(null, null, false, false);
      this.conflicts = conflicts;
    }
  }

  private Applied applyOnce(JsonNode live, JsonNode config, String manager, boolean force) {
    ManagedFields managed;
    try {
      managed = ManagedFields.decode(live);
    } catch (IllegalArgumentException e) {
      managed = ManagedFields.empty();
    }
    ObjectNode before = withoutManagedFields(live);
    ManagerKey key = new ManagerKey(nameOr(manager), ManagerKey.APPLY, null, subresource);

    JsonNode merged = Typed.merge(before, config, schema);
    ManagedFields.Owned last = managed.fields.get(key);
    FieldSet applied =
        Typed.toFieldSet(config, schema).recursiveDifference(reset).difference(STRIPPED);
    managed.fields.put(key, new ManagedFields.Owned(applied, apiVersion(), true));
    if (last != null && !last.set().isEmpty()) {
      merged = prune(merged, managed, last.set());
    }
    Typed.Comparison changes = Typed.compare(before, merged, schema).excluding(reset);
    Map<ManagerKey, FieldSet> conflicts = resolve(managed, changes, key, force);
    if (!conflicts.isEmpty()) {
      throw new Conflicts(conflicts);
    }
    if (managed.fields.containsKey(key) && managed.fields.get(key).set().isEmpty()) {
      managed.fields.remove(key);
    }
    boolean changed = !JsonValues.equal(before, merged);
    ObjectNode result = changed ? (ObjectNode) merged : before;
    if (changed) {
      managed.times.put(key, Timestamps.format(clock.instant()));
    }
    return new Applied(encode(result, managed), changed);
  }

  private void checkConfig(JsonNode config) {
    if (config == null || !config.isObject()) {
      throw new BadRequestException(null, "the applied configuration must be an object");
    }
    String apiVersion = config.path("apiVersion").asText("");
    String configKind = config.path("kind").asText("");
    if (!apiVersion.equals(apiVersion()) || !configKind.equals(kind)) {
      throw new BadRequestException(null, "invalid object type: " + gvk(apiVersion, configKind));
    }
    JsonNode managedFields = config.path("metadata").get("managedFields");
    if (managedFields != null && !managedFields.isNull()) {
      throw new BadRequestException(null, "metadata.managedFields must be nil");
    }
    List<String> errors = Typed.validate(config, schema);
    if (!errors.isEmpty()) {
      JsonNode meta = config.path("metadata");
      throw new BadRequestException(
          null,
          "failed to create typed patch object ("
              + meta.path("namespace").asText("")
              + "/"
              + meta.path("name").asText("")
              + "; "
              + gvk(apiVersion, configKind)
              + "): "
              + String.join(", ", errors));
    }
  }

  /**
   * Go's {@code GroupVersionKind.String()}: {@code porch.kpt.dev/v1alpha1, Kind=PackageRevision}.
   */
  private static String gvk(String apiVersion, String kind) {
    String gv = apiVersion.contains("/") ? apiVersion : "/" + apiVersion;
    return gv + ", Kind=" + kind;
  }

  /**
   * Removes what {@code last} (the applier's previous set) held and nobody owns any more, keeping
   * items other managers own and items the applier never owned. Port of {@code Updater.prune}.
   */
  private JsonNode prune(JsonNode merged, ManagedFields managed, FieldSet last) {
    JsonNode pruned = Typed.removeItems(merged, last.ensureNamedFieldsAreMembers(schema), schema);
    pruned = addBackOwnedItems(merged, pruned, managed);
    return addBackDanglingItems(merged, pruned, last);
  }

  private JsonNode addBackOwnedItems(JsonNode merged, JsonNode pruned, ManagedFields managed) {
    FieldSet owned = FieldSet.empty();
    for (ManagedFields.Owned o : managed.fields.values()) {
      owned = owned.union(o.set());
    }
    FieldSet mergedSet = named(merged);
    FieldSet keep = named(pruned).union(owned.ensureNamedFieldsAreMembers(schema));
    return orEmpty(Typed.removeItems(merged, mergedSet.difference(keep), schema));
  }

  private JsonNode addBackDanglingItems(JsonNode merged, JsonNode pruned, FieldSet last) {
    FieldSet removedByPrune = named(merged).difference(named(pruned));
    FieldSet lastNamed = last.ensureNamedFieldsAreMembers(schema);
    return orEmpty(Typed.removeItems(merged, removedByPrune.intersection(lastNamed), schema));
  }

  private FieldSet named(JsonNode value) {
    return Typed.toFieldSet(value, schema).ensureNamedFieldsAreMembers(schema);
  }

  private static JsonNode orEmpty(JsonNode value) {
    return value == null ? Json.MAPPER.createObjectNode() : value;
  }

  // ------------------------------------------------------------------ shared

  /**
   * Takes changed fields away from the other managers: a field another manager owns and this
   * operation changed is a conflict (an error unless {@code force}); removed fields leave every
   * other manager. Port of {@code Updater.update}.
   */
  private static Map<ManagerKey, FieldSet> resolve(
      ManagedFields managed, Typed.Comparison changes, ManagerKey self, boolean force) {
    FieldSet changed = changes.modified().union(changes.added());
    Map<ManagerKey, FieldSet> conflicts = new TreeMap<>();
    for (Map.Entry<ManagerKey, ManagedFields.Owned> e : managed.fields.entrySet()) {
      if (e.getKey().equals(self)) {
        continue;
      }
      FieldSet conflict = e.getValue().set().intersection(changed);
      if (!conflict.isEmpty()) {
        conflicts.put(e.getKey(), conflict);
      }
    }
    if (!force && !conflicts.isEmpty()) {
      return conflicts;
    }
    for (Map.Entry<ManagerKey, ManagedFields.Owned> e : List.copyOf(managed.fields.entrySet())) {
      if (e.getKey().equals(self)) {
        continue;
      }
      ManagedFields.Owned owned = e.getValue();
      FieldSet rest = owned.set();
      FieldSet conflict = conflicts.get(e.getKey());
      if (conflict != null) {
        rest = rest.difference(conflict);
      }
      rest = rest.difference(changes.removed());
      if (rest.isEmpty()) {
        managed.fields.remove(e.getKey());
        managed.times.remove(e.getKey());
      } else {
        managed.fields.put(
            e.getKey(), new ManagedFields.Owned(rest, owned.apiVersion(), owned.applied()));
      }
    }
    return Map.of();
  }

  // ------------------------------------------------------------------ client-side apply upgrade

  /**
   * The fields kubectl's client-side apply set and that still hold the values it set: conflicts on
   * them do not stop {@code kubectl apply --server-side} (kube's lastAppliedManager). Null when the
   * live object has no usable last-applied annotation.
   */
  private FieldSet allowedByLastApplied(JsonNode live) {
    String text =
        live == null ? "" : live.path("metadata").path("annotations").path(LAST_APPLIED).asText("");
    if (text.isEmpty()) {
      return null;
    }
    JsonNode lastApplied;
    try {
      lastApplied = Json.MAPPER.readTree(text);
    } catch (IOException e) {
      return null;
    }
    if (lastApplied == null
        || !lastApplied.isObject()
        || !apiVersion().equals(lastApplied.path("apiVersion").asText(""))
        || !Typed.validate(lastApplied, schema).isEmpty()) {
      return null;
    }
    Typed.Comparison c = Typed.compare(lastApplied, withoutManagedFields(live), schema);
    return Typed.toFieldSet(lastApplied, schema)
        .difference(c.modified())
        .difference(c.added())
        .difference(c.removed());
  }

  /**
   * After a kubectl server-side apply, a last-applied annotation the object carries is rewritten to
   * the applied configuration, so that a later client-side apply computes the right patch (kube's
   * lastAppliedUpdater).
   */
  private static Applied syncLastApplied(Applied applied, JsonNode config) {
    JsonNode annotations = applied.object().path("metadata").get("annotations");
    if (!(annotations instanceof ObjectNode a) || a.path(LAST_APPLIED).asText("").isEmpty()) {
      return applied;
    }
    ObjectNode lastApplied = config.deepCopy();
    if (lastApplied.get("metadata") instanceof ObjectNode meta
        && meta.get("annotations") instanceof ObjectNode configAnnotations) {
      configAnnotations.remove(LAST_APPLIED);
      if (configAnnotations.isEmpty()) {
        meta.remove("annotations");
      }
    }
    String value = JsonValues.compact(lastApplied);
    if (value.equals(a.path(LAST_APPLIED).asText())) {
      return applied;
    }
    a.put(LAST_APPLIED, value);
    return new Applied(applied.object(), true);
  }

  /** kube-apiserver's {@code NewConflictError}: one cause per field, managers sorted. */
  static ConflictException conflictError(Map<ManagerKey, FieldSet> conflicts, ResourceRef ref) {
    List<FieldError> causes = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    String single = null;
    int count = 0;
    for (Map.Entry<ManagerKey, FieldSet> e : conflicts.entrySet()) {
      String who = e.getKey().describe();
      lines.add("conflicts with " + who + ":");
      for (var path : e.getValue().paths()) {
        String field = FieldSet.display(path);
        causes.add(new FieldError(field, "FieldManagerConflict", "conflict with " + who));
        lines.add("- " + field);
        single = "conflict with " + who + ": " + field;
        count++;
      }
    }
    String message =
        count == 1
            ? "Apply failed with 1 conflict: " + single
            : "Apply failed with " + count + " conflicts: " + String.join("\n", lines);
    return new ConflictException(ref, message, causes);
  }

  /** Merges the oldest update managers into versioned {@code ancient-changes} buckets. */
  private static void capUpdateManagers(ManagedFields managed) {
    List<ManagerKey> updaters = new ArrayList<>();
    managed.fields.forEach(
        (k, v) -> {
          if (!v.applied()) {
            updaters.add(k);
          }
        });
    if (updaters.size() <= MAX_UPDATE_MANAGERS) {
      return;
    }
    updaters.sort(
        Comparator.comparing((ManagerKey k) -> Objects.requireNonNullElse(managed.times.get(k), ""))
            .thenComparing(k -> k));
    Map<String, ManagerKey> firstOfVersion = new TreeMap<>();
    int length = updaters.size();
    for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
      ManagerKey key = updaters.get(i);
      ManagedFields.Owned owned = managed.fields.get(key);
      String time = managed.times.get(key);
      ManagerKey bucket =
          new ManagerKey("ancient-changes", ManagerKey.UPDATE, owned.apiVersion(), null);
      ManagerKey first = firstOfVersion.get(owned.apiVersion());
      if (first == null) {
        firstOfVersion.put(owned.apiVersion(), key);
        continue;
      }
      if (!managed.fields.containsKey(bucket)) {
        managed.fields.put(bucket, managed.fields.remove(first));
        managed.times.remove(first);
      }
      ManagedFields.Owned merged =
          new ManagedFields.Owned(
              owned.set().union(managed.fields.get(bucket).set()), owned.apiVersion(), false);
      managed.fields.put(bucket, merged);
      managed.fields.remove(key);
      managed.times.remove(key);
      managed.times.put(bucket, time);
      length--;
    }
  }

  private static ObjectNode encode(ObjectNode object, ManagedFields managed) {
    ObjectNode result = object.deepCopy();
    ArrayNode entries = managed.encode();
    JsonNode meta = result.get("metadata");
    ObjectNode metadata = meta instanceof ObjectNode o ? o : result.putObject("metadata");
    if (entries == null) {
      metadata.remove("managedFields");
    } else {
      metadata.set("managedFields", entries);
    }
    return result;
  }

  private static ObjectNode withoutManagedFields(JsonNode object) {
    ObjectNode copy =
        object instanceof ObjectNode o ? o.deepCopy() : Json.MAPPER.createObjectNode();
    if (copy.get("metadata") instanceof ObjectNode meta) {
      meta.remove("managedFields");
    }
    return copy;
  }

  private static String nameOr(String manager) {
    return manager == null || manager.isEmpty() ? "unknown" : manager;
  }

  private static FieldSet strippedFields() {
    FieldSet set = FieldSet.empty();
    set.insert(List.of(PathElement.field("apiVersion")));
    set.insert(List.of(PathElement.field("kind")));
    set.insert(List.of(PathElement.field("metadata")));
    for (String f :
        List.of(
            "name",
            "namespace",
            "creationTimestamp",
            "selfLink",
            "uid",
            "clusterName",
            "generation",
            "managedFields",
            "resourceVersion")) {
      set.insert(List.of(PathElement.field("metadata"), PathElement.field(f)));
    }
    return set;
  }

  /** The entries recorded in {@code object}'s metadata (for tests and logging). */
  public static List<ManagedFieldsEntry> entriesOf(JsonNode object) {
    return ManagedFields.entries(object);
  }
}
