package io.jporch.testing.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageMetadata;
import io.jporch.core.api.PackageRevisionSpec;
import io.jporch.core.api.PackageRevisionStatus;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.util.Json;
import io.jporch.core.util.Timestamps;
import io.jporch.core.util.Uids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A revision read from a {@link FakeRepository}: an immutable view of what was stored, plus
 * metadata held in memory only (as the Git adapter does).
 */
final class FakePackageRevision implements PackageRevision {
  private final FakeRepository.Stored stored;
  private volatile ObjectMeta metadata;

  FakePackageRevision(FakeRepository.Stored stored) {
    this.stored = stored;
    this.metadata = ObjectMeta.named(namespace(), stored.key().objectName());
  }

  @Override
  public PackageRevisionKey key() {
    return stored.key();
  }

  @Override
  public Lifecycle lifecycle() {
    return stored.lifecycle();
  }

  @Override
  public String resourceVersion() {
    return stored.commit();
  }

  @Override
  public Map<String, String> resources() {
    return stored.resources();
  }

  @Override
  public ObjectMeta metadata() {
    return metadata;
  }

  @Override
  public void setMetadata(RequestContext ctx, ObjectMeta value) {
    metadata = value;
  }

  @Override
  public io.jporch.core.api.PackageRevision toApiObject() {
    PackageRevisionKey k = stored.key();
    String name = k.objectName();
    ObjectMeta m = metadata;
    ObjectMeta meta =
        new ObjectMeta(
            name,
            null,
            namespace(),
            Uids.packageRevision(namespace(), name),
            stored.commit(),
            null,
            Timestamps.format(stored.created()),
            m.deletionTimestamp(),
            m.labels(),
            m.annotations(),
            m.finalizers(),
            m.ownerReferences(),
            m.managedFields());
    JsonNode kptfile = kptfile();
    var spec =
        new PackageRevisionSpec(
            k.packageKey().path(),
            k.repository().name(),
            k.workspace(),
            k.revision(),
            null,
            stored.lifecycle(),
            stored.tasks(),
            readinessGates(kptfile),
            new PackageMetadata(
                stringMap(kptfile.path("metadata").path("labels")),
                stringMap(kptfile.path("metadata").path("annotations"))));
    var status =
        new PackageRevisionStatus(
            PackageRevisionStatus.Locator.EMPTY,
            PackageRevisionStatus.Locator.git(
                "fake://" + k.repository().name(), k.packageKey().path(), ref(k), stored.commit()),
            stored.publishedBy(),
            Timestamps.format(stored.published()),
            false,
            conditions(kptfile));
    return io.jporch.core.api.PackageRevision.of(meta, spec, status);
  }

  private String namespace() {
    return stored.key().repository().namespace();
  }

  private static String ref(PackageRevisionKey k) {
    String path = k.packageKey().fullPath();
    if (k.revision() > 0) {
      return path + "/v" + k.revision();
    }
    if (k.revision() == PackageRevisionKey.PLACEHOLDER_REVISION) {
      return k.workspace();
    }
    return "drafts/" + path + "/" + k.workspace();
  }

  private JsonNode kptfile() {
    String text = stored.resources().get("Kptfile");
    if (text == null) {
      return Json.YAML.createObjectNode();
    }
    try {
      JsonNode node = Json.YAML.readTree(text);
      return node == null ? Json.YAML.createObjectNode() : node;
    } catch (Exception e) {
      return Json.YAML.createObjectNode();
    }
  }

  private static Map<String, String> stringMap(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    Map<String, String> map = new LinkedHashMap<>();
    node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static List<PackageRevisionSpec.ReadinessGate> readinessGates(JsonNode kptfile) {
    JsonNode gates = kptfile.path("info").path("readinessGates");
    if (!gates.isArray()) {
      return null;
    }
    List<PackageRevisionSpec.ReadinessGate> result = new ArrayList<>();
    gates.forEach(
        g -> result.add(new PackageRevisionSpec.ReadinessGate(g.path("conditionType").asText())));
    return result;
  }

  private static List<PackageRevisionStatus.Condition> conditions(JsonNode kptfile) {
    JsonNode conditions = kptfile.path("status").path("conditions");
    if (!conditions.isArray()) {
      return null;
    }
    List<PackageRevisionStatus.Condition> result = new ArrayList<>();
    conditions.forEach(
        c ->
            result.add(
                new PackageRevisionStatus.Condition(
                    c.path("type").asText(null),
                    c.path("status").asText(null),
                    c.path("reason").asText(null),
                    c.path("message").asText(null))));
    return result;
  }
}
