package io.jporch.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.util.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  @Test
  void serialisesLikeTheGoServer() throws Exception {
    var pr =
        PackageRevision.of(
            ObjectMeta.named("default", "repo.pkg.ws"),
            new PackageRevisionSpec(
                "pkg",
                "repo",
                "ws",
                0,
                null,
                Lifecycle.DRAFT,
                List.of(Task.init(new Task.InitTaskSpec(null, "d", null, null))),
                null,
                null),
            new PackageRevisionStatus(null, null, null, null, false, null));
    JsonNode json = Json.MAPPER.valueToTree(pr);
    assertThat(json.at("/spec/revision").isMissingNode()).isTrue();
    assertThat(json.at("/spec/lifecycle").asText()).isEqualTo("Draft");
    assertThat(json.at("/spec/tasks/0/init/description").asText()).isEqualTo("d");
    assertThat(json.at("/status").has("publishTimestamp")).isTrue();
    assertThat(json.at("/status/publishTimestamp").isNull()).isTrue();
    assertThat(json.at("/status").has("deployment")).isFalse();
  }

  @Test
  void readsTheCloneTaskShape() throws Exception {
    String body =
        """
        {"type":"clone","clone":{"upstreamRef":{"upstreamRef":{"name":"blueprints.istio.v3"}}}}
        """;
    Task task = Json.MAPPER.readValue(body, Task.class);
    assertThat(task.cloneSpec().upstreamRef().upstreamRef().name())
        .isEqualTo("blueprints.istio.v3");
    assertThat(Json.MAPPER.writeValueAsString(task)).contains("\"clone\":{");
  }

  @Test
  void refusesUnknownLifecycles() {
    assertThatThrownBy(
            () -> Json.MAPPER.readValue("{\"lifecycle\":\"Final\"}", PackageRevisionSpec.class))
        .hasMessageContaining("unsupported lifecycle value: Final");
  }
}
