package io.jporch.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.util.Json;
import io.jporch.server.support.TestSchemas;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PatchesTest {
  private static final JsonNode DOC = json("{\"a\":1,\"b\":{\"c\":[1,2,3],\"d\":\"x\"}}");

  private static final JsonNode REVISION =
      json(
          """
          {"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision",
           "metadata":{"name":"r.p.ws","namespace":"default",
             "labels":{"a":"1","b":"2"},
             "finalizers":["f1","f2"],
             "ownerReferences":[
               {"apiVersion":"v1","kind":"ConfigMap","name":"one","uid":"u1"},
               {"apiVersion":"v1","kind":"ConfigMap","name":"two","uid":"u2"}]},
           "spec":{"packageName":"p","repository":"r","workspaceName":"ws","lifecycle":"Draft",
             "tasks":[{"type":"init","init":{"description":"d"}}],
             "readinessGates":[{"conditionType":"A"},{"conditionType":"B"}],
             "packageMetadata":{"labels":{"x":"1"},"annotations":{"y":"2"}}}}""");

  @Nested
  class MergePatch {
    @Test
    void followsRfc7386() {
      JsonNode result = merge("{\"a\":null,\"b\":{\"c\":[9],\"e\":true}}");
      assertThat(result).isEqualTo(json("{\"b\":{\"c\":[9],\"d\":\"x\",\"e\":true}}"));
      assertThat(DOC.has("a")).as("the input is not modified").isTrue();
    }

    @Test
    void mustBeAnObject() {
      assertThatThrownBy(() -> merge("[1]")).isInstanceOf(BadRequestException.class);
    }

    private JsonNode merge(String patch) {
      return Patches.apply(DOC, json(patch), Patches.MERGE_PATCH, null);
    }
  }

  @Nested
  class JsonPatchRfc6902 {
    @Test
    void everyOperation() {
      String ops =
          "[{\"op\":\"add\",\"path\":\"/b/c/1\",\"value\":5},"
              + "{\"op\":\"remove\",\"path\":\"/a\"},"
              + "{\"op\":\"replace\",\"path\":\"/b/d\",\"value\":\"y\"},"
              + "{\"op\":\"copy\",\"from\":\"/b/d\",\"path\":\"/e\"},"
              + "{\"op\":\"move\",\"from\":\"/e\",\"path\":\"/f~1g\"},"
              + "{\"op\":\"add\",\"path\":\"/b/c/-\",\"value\":4},"
              + "{\"op\":\"test\",\"path\":\"/f~1g\",\"value\":\"y\"}]";
      assertThat(patch(ops))
          .isEqualTo(json("{\"b\":{\"c\":[1,5,2,3,4],\"d\":\"y\"},\"f/g\":\"y\"}"));
    }

    @Test
    void testComparesNumbersByValue() {
      assertThat(patch("[{\"op\":\"test\",\"path\":\"/a\",\"value\":1.0}]")).isEqualTo(DOC);
    }

    @Test
    void failuresAreUnprocessableAndAllOrNothing() {
      assertThatThrownBy(() -> patch("[{\"op\":\"remove\",\"path\":\"/zz\"}]"))
          .isInstanceOf(PatchFailure.class)
          .satisfies(e -> assertThat(((PatchFailure) e).badRequest()).isFalse());
      assertThatThrownBy(
              () ->
                  patch(
                      "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":7},"
                          + "{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]"))
          .isInstanceOf(PatchFailure.class)
          .hasMessageContaining("test operation failed");
      assertThat(DOC.get("a").asInt()).as("the input is not modified").isEqualTo(1);
      assertThatThrownBy(() -> patch("[{\"op\":\"jump\",\"path\":\"/a\"}]"))
          .isInstanceOf(PatchFailure.class);
      assertThatThrownBy(() -> patch("[{\"op\":\"move\",\"from\":\"/b\",\"path\":\"/b/x\"}]"))
          .isInstanceOf(PatchFailure.class);
    }

    @Test
    void malformedPatchesAreBadRequests() {
      assertThatThrownBy(() -> patch("{}")).isInstanceOf(BadRequestException.class);
      assertThatThrownBy(() -> patch("[1]")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void atMostTenThousandOperations() {
      StringBuilder ops = new StringBuilder("[");
      for (int i = 0; i <= Patches.MAX_JSON_PATCH_OPERATIONS; i++) {
        ops.append(i == 0 ? "" : ",").append("{\"op\":\"test\",\"path\":\"/a\",\"value\":1}");
      }
      assertThatThrownBy(() -> patch(ops + "]"))
          .isInstanceOf(WireFailure.class)
          .hasMessageContaining("10000");
    }

    private JsonNode patch(String ops) {
      return Patches.apply(DOC, json(ops), Patches.JSON_PATCH, null);
    }
  }

  @Nested
  class StrategicMergePatch {
    @Test
    void listsWithoutMergeKeysAreReplaced() {
      JsonNode result = smp("{\"spec\":{\"tasks\":[{\"type\":\"edit\"}]}}");
      assertThat(result.at("/spec/tasks")).isEqualTo(json("[{\"type\":\"edit\"}]"));
      assertThat(
              smp("{\"spec\":{\"readinessGates\":[{\"conditionType\":\"C\"}]}}")
                  .at("/spec/readinessGates"))
          .isEqualTo(json("[{\"conditionType\":\"C\"}]"));
    }

    @Test
    void mapsMergeAndNullDeletes() {
      JsonNode result = smp("{\"metadata\":{\"labels\":{\"a\":null,\"c\":\"3\"}}}");
      assertThat(result.at("/metadata/labels")).isEqualTo(json("{\"b\":\"2\",\"c\":\"3\"}"));
      assertThat(result.at("/spec/packageName").asText()).isEqualTo("p");
    }

    @Test
    void finalizersMergeAsASet() {
      // Patch items in patch order, server-only items placed by the live order (as Kubernetes).
      assertThat(smp("{\"metadata\":{\"finalizers\":[\"f3\",\"f1\"]}}").at("/metadata/finalizers"))
          .isEqualTo(json("[\"f3\",\"f1\",\"f2\"]"));
      assertThat(
              smp("{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"f1\"]}}")
                  .at("/metadata/finalizers"))
          .isEqualTo(json("[\"f2\"]"));
    }

    @Test
    void setElementOrderOrdersAMergedList() {
      JsonNode result =
          smp(
              "{\"metadata\":{\"$setElementOrder/finalizers\":[\"f2\",\"f3\",\"f1\"],"
                  + "\"finalizers\":[\"f3\"]}}");
      assertThat(result.at("/metadata/finalizers")).isEqualTo(json("[\"f2\",\"f3\",\"f1\"]"));
    }

    @Test
    void ownerReferencesMergeByUid() {
      JsonNode result =
          smp(
              "{\"metadata\":{\"ownerReferences\":["
                  + "{\"uid\":\"u2\",\"name\":\"renamed\"},"
                  + "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"three\",\"uid\":\"u3\"}]}}");
      JsonNode owners = result.at("/metadata/ownerReferences");
      assertThat(owners).hasSize(3);
      assertThat(owners.get(0).path("uid").asText()).isEqualTo("u1");
      assertThat(owners.get(1).path("name").asText()).isEqualTo("renamed");
      assertThat(owners.get(1).path("kind").asText())
          .as("merged, not replaced")
          .isEqualTo("ConfigMap");
      assertThat(owners.get(2).path("uid").asText()).isEqualTo("u3");
    }

    @Test
    void patchDirectivesInLists() {
      JsonNode deleted =
          smp("{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":\"u1\"}]}}");
      assertThat(deleted.at("/metadata/ownerReferences")).hasSize(1);
      assertThat(deleted.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo("u2");
      JsonNode replaced =
          smp(
              "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"replace\"},"
                  + "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"only\",\"uid\":\"u9\"}]}}");
      assertThat(replaced.at("/metadata/ownerReferences"))
          .isEqualTo(
              json(
                  "[{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"only\",\"uid\":\"u9\"}]"));
      assertThatThrownBy(
              () ->
                  smp(
                      "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"merge\",\"uid\":\"u1\"}]}}"))
          .isInstanceOf(PatchFailure.class);
      assertThatThrownBy(
              () -> smp("{\"metadata\":{\"ownerReferences\":[{\"name\":\"no-merge-key\"}]}}"))
          .isInstanceOf(PatchFailure.class)
          .hasMessageContaining("merge key: uid");
    }

    @Test
    void patchDirectivesInMaps() {
      JsonNode replaced =
          smp("{\"metadata\":{\"labels\":{\"$patch\":\"replace\",\"only\":\"this\"}}}");
      assertThat(replaced.at("/metadata/labels")).isEqualTo(json("{\"only\":\"this\"}"));
      JsonNode deleted = smp("{\"spec\":{\"packageMetadata\":{\"$patch\":\"delete\"}}}");
      assertThat(deleted.at("/spec/packageMetadata")).isEqualTo(json("{}"));
      assertThatThrownBy(() -> smp("{\"metadata\":{\"labels\":{\"$patch\":\"explode\"}}}"))
          .isInstanceOf(PatchFailure.class)
          .hasMessageContaining("unknown patch type");
    }

    @Test
    void retainKeysClearsOtherKeys() {
      JsonNode result =
          smp(
              "{\"spec\":{\"packageMetadata\":{\"$retainKeys\":[\"labels\"],\"labels\":{\"z\":\"9\"}}}}");
      assertThat(result.at("/spec/packageMetadata"))
          .isEqualTo(json("{\"labels\":{\"x\":\"1\",\"z\":\"9\"}}"));
      assertThatThrownBy(
              () ->
                  smp(
                      "{\"spec\":{\"packageMetadata\":{\"$retainKeys\":[\"labels\"],"
                          + "\"annotations\":{\"q\":\"1\"}}}}"))
          .isInstanceOf(PatchFailure.class)
          .satisfies(e -> assertThat(((PatchFailure) e).badRequest()).isTrue());
    }

    @Test
    void directivesNeverReachTheObject() {
      // A directive map for a field the object lacks is dropped, as Kubernetes drops it.
      JsonNode result =
          smp("{\"metadata\":{\"annotations\":{\"$patch\":\"replace\",\"new\":\"yes\"}}}");
      assertThat(result.at("/metadata").has("annotations")).isFalse();
      JsonNode nested =
          smp("{\"spec\":{\"parent\":{\"name\":\"p\",\"extra\":{\"$patch\":\"delete\"}}}}");
      assertThat(nested.at("/spec/parent")).isEqualTo(json("{\"name\":\"p\"}"));
      assertThat(nested.toString()).doesNotContain("$patch");
    }

    private JsonNode smp(String patch) {
      return Patches.apply(
          REVISION, json(patch), Patches.STRATEGIC_MERGE_PATCH, TestSchemas.packageRevision());
    }
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
