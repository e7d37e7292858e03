package io.jporch.server.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.meta.ManagedFieldsEntry;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.util.Json;
import io.jporch.server.support.TestSchemas;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldManagerTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final ResourceRef REF = ResourceRef.packageRevision("r.p.ws");
  private final FieldManager manager = manager(null);

  private static FieldManager manager(String subresource) {
    return new FieldManager(
        TestSchemas.packageRevision(),
        "porch.kpt.dev",
        "v1alpha1",
        "PackageRevision",
        subresource,
        FieldSet.empty(),
        CLOCK);
  }

  private static final String LIVE =
      """
      {"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision",
       "metadata":{"name":"r.p.ws","namespace":"default","uid":"u","resourceVersion":"abc"},
       "spec":{"packageName":"p","repository":"r","workspaceName":"ws","lifecycle":"Draft"}}""";

  @Test
  void createRecordsAnUpdateEntryInFieldsV1() {
    ObjectNode created = manager.update(null, obj(LIVE), "kubectl-create");
    List<ManagedFieldsEntry> entries = FieldManager.entriesOf(created);
    assertThat(entries).hasSize(1);
    ManagedFieldsEntry e = entries.get(0);
    assertThat(e.manager()).isEqualTo("kubectl-create");
    assertThat(e.operation()).isEqualTo("Update");
    assertThat(e.apiVersion()).isEqualTo("porch.kpt.dev/v1alpha1");
    assertThat(e.time()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(e.fieldsType()).isEqualTo("FieldsV1");
    assertThat(e.subresource()).isNull();
    assertThat(e.fieldsV1())
        .as("identity metadata is never owned")
        .isEqualTo(
            json(
                "{\"f:spec\":{\".\":{},\"f:lifecycle\":{},\"f:packageName\":{},"
                    + "\"f:repository\":{},\"f:workspaceName\":{}}}"));
  }

  @Test
  void updatesAddToTheManagersFieldsAndNoOpsChangeNothing() {
    ObjectNode live = manager.update(null, obj(LIVE), "kubectl-create");
    ObjectNode next = live.deepCopy();
    ((ObjectNode) next.get("metadata")).putObject("labels").put("team", "a");
    ObjectNode updated = manager.update(live, next, "kubectl-edit");
    List<ManagedFieldsEntry> entries = FieldManager.entriesOf(updated);
    assertThat(entries)
        .extracting(ManagedFieldsEntry::manager)
        .containsExactly("kubectl-create", "kubectl-edit");
    assertThat(entries.get(1).fieldsV1())
        .isEqualTo(json("{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:team\":{}}}}"));

    ObjectNode again = manager.update(updated, updated.deepCopy(), "someone-else");
    assertThat(FieldManager.entriesOf(again)).isEqualTo(entries);
  }

  @Test
  void applyRecordsAnApplyEntryWithoutDotsForStructFields() {
    FieldManager.Applied applied =
        manager.apply(obj(LIVE), obj(config("{\"team\":\"a\"}", "Draft")), "alice", false, REF);
    assertThat(applied.changed()).isTrue();
    ManagedFieldsEntry e = FieldManager.entriesOf(applied.object()).get(0);
    assertThat(e.operation()).isEqualTo("Apply");
    assertThat(e.manager()).isEqualTo("alice");
    assertThat(e.fieldsV1())
        .isEqualTo(
            json(
                "{\"f:metadata\":{\"f:labels\":{\"f:team\":{}}},"
                    + "\"f:spec\":{\"f:lifecycle\":{},\"f:packageName\":{},"
                    + "\"f:repository\":{},\"f:workspaceName\":{}}}"));
    assertThat(applied.object().at("/metadata/labels/team").asText()).isEqualTo("a");
    assertThat(applied.object().at("/metadata/uid").asText()).as("live fields kept").isEqualTo("u");
  }

  @Test
  void twoAppliersConflictOnAFieldTheyBothSet() {
    ObjectNode live = applied(obj(LIVE), "alice", config("{\"team\":\"a\"}", "Draft"));
    assertThatThrownBy(
            () -> manager.apply(live, obj(config("{\"team\":\"b\"}", "Draft")), "bob", false, REF))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Apply failed with 1 conflict: conflict with \"alice\": .metadata.labels.team");
              assertThat(e.causes())
                  .containsExactly(
                      new FieldError(
                          ".metadata.labels.team",
                          "FieldManagerConflict",
                          "conflict with \"alice\""));
            });
    // The same value is shared ownership, not a conflict.
    ObjectNode shared = applied(live, "bob", config("{\"team\":\"a\"}", "Draft"));
    assertThat(FieldManager.entriesOf(shared))
        .extracting(ManagedFieldsEntry::manager)
        .containsExactlyInAnyOrder("alice", "bob");
  }

  @Test
  void forceTakesOwnershipAway() {
    ObjectNode live =
        applied(obj(LIVE), "alice", config("{\"team\":\"a\",\"tier\":\"1\"}", "Draft"));
    ObjectNode forced =
        manager.apply(live, obj(config("{\"team\":\"b\"}", "Draft")), "bob", true, REF).object();
    assertThat(forced.at("/metadata/labels/team").asText()).isEqualTo("b");
    ManagedFieldsEntry alice = entry(forced, "alice");
    assertThat(alice.fieldsV1().at("/f:metadata/f:labels").has("f:team")).isFalse();
    assertThat(alice.fieldsV1().at("/f:metadata/f:labels").has("f:tier")).isTrue();
    assertThat(entry(forced, "bob").fieldsV1().at("/f:metadata/f:labels").has("f:team")).isTrue();
  }

  @Test
  void updatersConflictWithAppliersAndAreNamedWithTheirVersion() {
    ObjectNode live = manager.update(null, obj(LIVE), "kubectl-create");
    assertThatThrownBy(
            () -> manager.apply(live, obj(config(null, "Proposed")), "alice", false, REF))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "Apply failed with 1 conflict: conflict with \"kubectl-create\" using"
                + " porch.kpt.dev/v1alpha1: .spec.lifecycle");
  }

  @Test
  void severalConflictsAreListedPerManager() {
    ObjectNode live = applied(obj(LIVE), "alice", config("{\"a\":\"1\",\"b\":\"2\"}", "Draft"));
    assertThatThrownBy(
            () ->
                manager.apply(
                    live, obj(config("{\"a\":\"9\",\"b\":\"9\"}", "Draft")), "bob", false, REF))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Apply failed with 2 conflicts: conflicts with \"alice\":\n"
                          + "- .metadata.labels.a\n- .metadata.labels.b");
              assertThat(e.causes()).hasSize(2);
            });
  }

  @Test
  void updatesNeverConflictAndTakeTheFieldsTheyChange() {
    ObjectNode live = applied(obj(LIVE), "alice", config("{\"team\":\"a\"}", "Draft"));
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.at("/metadata/labels")).put("team", "z");
    ObjectNode updated = manager.update(live, edited, "kubectl-edit");
    assertThat(entry(updated, "alice").fieldsV1().at("/f:metadata/f:labels").has("f:team"))
        .isFalse();
    assertThat(entry(updated, "kubectl-edit").fieldsV1().at("/f:metadata/f:labels").has("f:team"))
        .isTrue();
  }

  @Test
  void fieldsAnApplierDropsArePrunedUnlessSomeoneElseOwnsThem() {
    ObjectNode live = applied(obj(LIVE), "alice", config("{\"a\":\"1\",\"b\":\"2\"}", "Draft"));
    ObjectNode withBob = applied(live, "bob", config("{\"b\":\"2\"}", "Draft"));
    ObjectNode pruned = applied(withBob, "alice", config("{}", "Draft"));
    assertThat(pruned.at("/metadata/labels").has("a")).as("only alice owned it").isFalse();
    assertThat(pruned.at("/metadata/labels/b").asText()).as("bob still owns it").isEqualTo("2");
  }

  @Test
  void unchangedApplyKeepsTheTime() {
    ObjectNode live = applied(obj(LIVE), "alice", config("{\"team\":\"a\"}", "Draft"));
    FieldManager later =
        new FieldManager(
            TestSchemas.packageRevision(),
            "porch.kpt.dev",
            "v1alpha1",
            "PackageRevision",
            null,
            FieldSet.empty(),
            Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
    FieldManager.Applied again =
        later.apply(live, obj(config("{\"team\":\"a\"}", "Draft")), "alice", false, REF);
    assertThat(again.changed()).isFalse();
    assertThat(entry(again.object(), "alice").time()).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void associativeListsAreOwnedPerItem() {
    String withOwner =
        "{\"apiVersion\":\"porch.kpt.dev/v1alpha1\",\"kind\":\"PackageRevision\","
            + "\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
            + "\"name\":\"%s\",\"uid\":\"%s\"}]}}";
    ObjectNode live = applied(obj(LIVE), "alice", withOwner.formatted("one", "u1"));
    ObjectNode both = applied(live, "bob", withOwner.formatted("two", "u2"));
    assertThat(both.at("/metadata/ownerReferences")).hasSize(2);
    // OwnerReference is an atomic struct: the item is owned as a whole, as in Kubernetes.
    assertThat(entry(both, "bob").fieldsV1().at("/f:metadata/f:ownerReferences"))
        .isEqualTo(json("{\"k:{\\\"uid\\\":\\\"u2\\\"}\":{}}"));
    ObjectNode aliceLeaves =
        applied(
            both,
            "alice",
            "{\"apiVersion\":\"porch.kpt.dev/v1alpha1\"," + "\"kind\":\"PackageRevision\"}");
    assertThat(aliceLeaves.at("/metadata/ownerReferences")).hasSize(1);
    assertThat(aliceLeaves.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo("u2");
  }

  @Test
  void badConfigurationsAreBadRequests() {
    assertThatThrownBy(
            () ->
                manager.apply(
                    obj(LIVE),
                    obj("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"}"),
                    "a",
                    false,
                    REF))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("invalid object type: /v1, Kind=ConfigMap");
    assertThatThrownBy(
            () ->
                manager.apply(
                    obj(LIVE),
                    obj(
                        "{\"apiVersion\":\"porch.kpt.dev/v1alpha1\",\"kind\":\"PackageRevision\","
                            + "\"metadata\":{\"managedFields\":[]}}"),
                    "a",
                    false,
                    REF))
        .hasMessage("metadata.managedFields must be nil");
    assertThatThrownBy(
            () ->
                manager.apply(
                    obj(LIVE),
                    obj(
                        "{\"apiVersion\":\"porch.kpt.dev/v1alpha1\",\"kind\":\"PackageRevision\","
                            + "\"metadata\":{\"name\":\"r.p.ws\"},\"spec\":{\"foo\":1}}"),
                    "a",
                    false,
                    REF))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining(".spec.foo: field not declared in schema");
  }

  @Test
  void subresourceManagersAreDistinct() {
    ObjectNode live = manager.update(null, obj(LIVE), "kubectl-create");
    ObjectNode next = live.deepCopy();
    ((ObjectNode) next.get("spec")).put("lifecycle", "Published");
    ObjectNode approved = manager("approval").update(live, next, "porchctl");
    ManagedFieldsEntry e = entry(approved, "porchctl");
    assertThat(e.subresource()).isEqualTo("approval");
    assertThat(e.fieldsV1()).isEqualTo(json("{\"f:spec\":{\"f:lifecycle\":{}}}"));
  }

  @Test
  void moreThanTenUpdateManagersAreMergedIntoAncientChanges() {
    ObjectNode live = obj(LIVE);
    for (int i = 0; i < 12; i++) {
      ObjectNode next = live.deepCopy();
      ObjectNode meta = (ObjectNode) next.get("metadata");
      (meta.has("labels") ? (ObjectNode) meta.get("labels") : meta.putObject("labels"))
          .put("l" + i, "v");
      live = manager.update(live, next, "writer-" + i);
    }
    List<ManagedFieldsEntry> entries = FieldManager.entriesOf(live);
    assertThat(entries).hasSize(FieldManager.MAX_UPDATE_MANAGERS);
    assertThat(entries).extracting(ManagedFieldsEntry::manager).contains("ancient-changes");
  }

  @Test
  void kubectlTakesOverFieldsItSetByClientSideApply() {
    String lastApplied = config("{\"team\":\"a\"}", "Draft");
    ObjectNode createdByCsa = obj(lastApplied);
    ((ObjectNode) createdByCsa.get("metadata"))
        .putObject("annotations")
        .put(FieldManager.LAST_APPLIED, lastApplied);
    ObjectNode live = manager.update(null, createdByCsa, "kubectl-client-side-apply");
    String changed = config("{\"team\":\"b\"}", "Draft");

    assertThatThrownBy(() -> manager.apply(live, obj(changed), "alice", false, REF))
        .as("other managers still conflict")
        .isInstanceOf(ConflictException.class);
    ObjectNode upgraded = manager.apply(live, obj(changed), "kubectl", false, REF).object();
    assertThat(upgraded.at("/metadata/labels/team").asText()).isEqualTo("b");
    assertThat(entry(upgraded, "kubectl").fieldsV1().at("/f:metadata/f:labels").has("f:team"))
        .isTrue();
    assertThat(json(upgraded.at("/metadata/annotations").path(FieldManager.LAST_APPLIED).asText()))
        .as("the annotation follows the applied configuration")
        .isEqualTo(json(changed));

    ObjectNode drifted = live.deepCopy();
    ((ObjectNode) drifted.at("/metadata/labels")).put("team", "edited");
    ObjectNode edited = manager.update(live, drifted, "kubectl-edit");
    assertThatThrownBy(() -> manager.apply(edited, obj(changed), "kubectl", false, REF))
        .as("a field changed since the client-side apply is a real conflict")
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("kubectl-edit");
  }

  @Test
  void fieldSetsRoundTripThroughFieldsV1() {
    JsonNode fields =
        json(
            "{\"f:metadata\":{\"f:finalizers\":{\".\":{},\"v:\\\"a\\\"\":{}},"
                + "\"f:ownerReferences\":{\"k:{\\\"uid\\\":\\\"x\\\"}\":{\".\":{},\"f:name\":{}}}},"
                + "\"f:spec\":{\"f:tasks\":{}}}");
    assertThat(FieldSet.fromJson(fields).toJson()).isEqualTo(fields);
    assertThat(FieldSet.fromJson(fields).toString())
        .contains(".metadata.ownerReferences[uid=\"x\"].name", ".metadata.finalizers[=\"a\"]");
  }

  private ObjectNode applied(ObjectNode live, String who, String config) {
    return manager.apply(live, obj(config), who, false, REF).object();
  }

  private static String config(String labels, String lifecycle) {
    return "{\"apiVersion\":\"porch.kpt.dev/v1alpha1\",\"kind\":\"PackageRevision\","
        + "\"metadata\":{\"name\":\"r.p.ws\",\"namespace\":\"default\""
        + (labels == null ? "" : ",\"labels\":" + labels)
        + "},\"spec\":{\"packageName\":\"p\",\"repository\":\"r\",\"workspaceName\":\"ws\","
        + "\"lifecycle\":\""
        + lifecycle
        + "\"}}";
  }

  private static ManagedFieldsEntry entry(JsonNode object, String manager) {
    return FieldManager.entriesOf(object).stream()
        .filter(e -> e.manager().equals(manager))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry for " + manager + " in " + object));
  }

  private static ObjectNode obj(String text) {
    return (ObjectNode) json(text);
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
