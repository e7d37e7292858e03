package io.jporch.server.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jporch.core.api.meta.ManagedFieldsEntry;
import io.jporch.core.util.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The managed fields of one object in working form: each manager's field set, the API version it
 * was recorded at, whether it came from an apply, and its time. Converts from and to {@code
 * metadata.managedFields}. Port of {@code managedfields/internal/managedfields.go}.
 */
final class ManagedFields {
  /** One manager's fields. */
  record Owned(FieldSet set, String apiVersion, boolean applied) {}

  private static final Comparator<ManagedFieldsEntry> ENTRY_ORDER =
      Comparator.comparing(ManagedFieldsEntry::operation)
          .thenComparing(e -> seconds(e.time()))
          .thenComparing(e -> Objects.requireNonNullElse(e.manager(), ""))
          .thenComparing(e -> Objects.requireNonNullElse(e.apiVersion(), ""))
          .thenComparing(e -> Objects.requireNonNullElse(e.subresource(), ""));

  final TreeMap<ManagerKey, Owned> fields = new TreeMap<>();
  final Map<ManagerKey, String> times = new HashMap<>();

  static ManagedFields empty() {
    return new ManagedFields();
  }

  /**
   * Reads {@code metadata.managedFields} of {@code object}.
   *
   * @throws IllegalArgumentException if an entry is malformed
   */
  static ManagedFields decode(JsonNode object) {
    ManagedFields out = new ManagedFields();
    for (ManagedFieldsEntry entry : entries(object)) {
      String operation = entry.operation();
      if (!ManagerKey.APPLY.equals(operation) && !ManagerKey.UPDATE.equals(operation)) {
        throw new IllegalArgumentException("operation must be `Apply` or `Update`");
      }
      if (entry.apiVersion() == null || entry.apiVersion().isEmpty()) {
        throw new IllegalArgumentException("apiVersion must not be empty");
      }
      if (!ManagedFieldsEntry.FIELDS_V1.equals(entry.fieldsType())) {
        throw new IllegalArgumentException(
            "invalid fieldsType \"" + entry.fieldsType() + "\" in managed fields entry");
      }
      ManagerKey key =
          new ManagerKey(entry.manager(), operation, entry.apiVersion(), entry.subresource());
      out.fields.put(
          key,
          new Owned(
              FieldSet.fromJson(entry.fieldsV1()),
              entry.apiVersion(),
              ManagerKey.APPLY.equals(operation)));
      if (entry.time() != null) {
        out.times.put(key, entry.time());
      } else {
        out.times.remove(key);
      }
    }
    return out;
  }

  /** The entries of {@code metadata.managedFields}; empty if absent. */
  static List<ManagedFieldsEntry> entries(JsonNode object) {
    JsonNode list = object == null ? null : object.path("metadata").get("managedFields");
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("metadata.managedFields must be a list");
    }
    List<ManagedFieldsEntry> out = new ArrayList<>();
    for (JsonNode item : list) {
      try {
        out.add(Json.MAPPER.treeToValue(item, ManagedFieldsEntry.class));
      } catch (Exception e) {
        throw new IllegalArgumentException("malformed managed fields entry: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The {@code metadata.managedFields} list, sorted as kube-apiserver sorts it; null if empty. */
  ArrayNode encode() {
    if (fields.isEmpty()) {
      return null;
    }
    List<ManagedFieldsEntry> entries = new ArrayList<>();
    fields.forEach(
        (key, owned) ->
            entries.add(
                new ManagedFieldsEntry(
                    key.manager(),
                    owned.applied() ? ManagerKey.APPLY : key.operation(),
                    owned.apiVersion(),
                    times.get(key),
                    ManagedFieldsEntry.FIELDS_V1,
                    owned.set().toJson(),
                    key.subresource())));
    entries.sort(ENTRY_ORDER);
    return Json.MAPPER.valueToTree(entries);
  }

  private static long seconds(String time) {
    if (time == null) {
      return 0;
    }
    try {
      return Instant.parse(time).getEpochSecond();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
