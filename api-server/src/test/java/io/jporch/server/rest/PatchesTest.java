package io.jporch.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.util.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PatchesTest {
  private static final JsonNode DOC = json("{\"a\":1,\"b\":{\"c\":[1,2,3],\"d\":\"x\"}}");

  @Test
  void mergePatchFollowsRfc7386() {
    JsonNode result = apply("{\"a\":null,\"b\":{\"c\":[9],\"e\":true}}", Patches.MERGE_PATCH);
    assertThat(result).isEqualTo(json("{\"b\":{\"c\":[9],\"d\":\"x\",\"e\":true}}"));
    assertThat(DOC.has("a")).as("the input is not modified").isTrue();
  }

  @Test
  void strategicMergePatchReplacesLists() {
    assertThat(apply("{\"b\":{\"c\":[7]}}", Patches.STRATEGIC_MERGE_PATCH).at("/b/c"))
        .isEqualTo(json("[7]"));
  }

  @Test
  void applyPatchIsYaml() {
    assertThat(apply("b:\n  d: y\n", Patches.APPLY_PATCH).at("/b/d").asText()).isEqualTo("y");
  }

  @Test
  void jsonPatchOperations() {
    String ops =
        "[{\"op\":\"add\",\"path\":\"/b/c/1\",\"value\":5},"
            + "{\"op\":\"remove\",\"path\":\"/a\"},"
            + "{\"op\":\"replace\",\"path\":\"/b/d\",\"value\":\"y\"},"
            + "{\"op\":\"copy\",\"from\":\"/b/d\",\"path\":\"/e\"},"
            + "{\"op\":\"move\",\"from\":\"/e\",\"path\":\"/f~1g\"},"
            + "{\"op\":\"add\",\"path\":\"/b/c/-\",\"value\":4},"
            + "{\"op\":\"test\",\"path\":\"/f~1g\",\"value\":\"y\"}]";
    assertThat(apply(ops, Patches.JSON_PATCH))
        .isEqualTo(json("{\"b\":{\"c\":[1,5,2,3,4],\"d\":\"y\"},\"f/g\":\"y\"}"));
  }

  @Test
  void badPatchesAreBadRequests() {
    assertThatThrownBy(() -> apply("[{\"op\":\"remove\",\"path\":\"/zz\"}]", Patches.JSON_PATCH))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(
            () -> apply("[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]", Patches.JSON_PATCH))
        .hasMessageContaining("test operation failed");
    assertThatThrownBy(() -> apply("{}", Patches.JSON_PATCH))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> apply("{}", "text/plain")).isInstanceOf(WireFailure.class);
  }

  private static JsonNode apply(String patch, String type) {
    return Patches.apply(DOC, patch.getBytes(StandardCharsets.UTF_8), type);
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
