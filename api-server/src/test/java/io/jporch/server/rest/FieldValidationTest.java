package io.jporch.server.rest;

import static io.jporch.server.rest.BadInputTest.assertStatus;
import static io.jporch.server.support.Manifests.CONFIG;
import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.server.support.ApiClient;
import io.jporch.server.support.ServerFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fieldValidation}: Strict refuses unknown and duplicate fields, Warn (the default) accepts
 * them with one {@code Warning: 299} header each, Ignore accepts them silently. Duplicates keep the
 * last value, as Go's decoder does.
 */
class FieldValidationTest {
  private static final String REPOS = CONFIG + "repositories";
  private static final String BODY =
      "{\"apiVersion\":\"config.porch.kpt.dev/v1alpha1\",\"kind\":\"Repository\","
          + "\"metadata\":{\"name\":\"%s\"},\"spec\":{\"type\":\"git\",\"description\":\"first\","
          + "\"description\":\"second\",\"git\":{\"repo\":\"https://example.com/x.git\"},\"extra\":1}}";

  @TempDir Path dir;
  ServerFixture fixture;
  ApiClient client;

  @BeforeEach
  void start() {
    fixture = ServerFixture.start(dir);
    client = fixture.client();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void strictRefusesUnknownAndDuplicateFields() {
    assertThat(
            assertStatus(
                    client.post(REPOS + "?fieldValidation=Strict", BODY.formatted("s")),
                    400,
                    "BadRequest")
                .path("message")
                .asText())
        .isEqualTo(
            "strict decoding error: unknown field \"spec.extra\", duplicate field \"spec.description\"");
    assertThat(client.get(REPOS + "/s").code()).isEqualTo(404);
  }

  @Test
  void warnAcceptsWithWarnings() {
    ApiClient.Response r = client.post(REPOS, BODY.formatted("w"));
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().allValues("Warning"))
        .containsExactly(
            "299 - \"unknown field \\\"spec.extra\\\"\"",
            "299 - \"duplicate field \\\"spec.description\\\"\"");
    assertThat(r.json().at("/spec/description").asText())
        .as("the last value wins")
        .isEqualTo("second");
    ApiClient.Response patched =
        client.patch(REPOS + "/w", "{\"spec\":{\"bogus\":true}}", Patches.MERGE_PATCH);
    assertThat(patched.code()).isEqualTo(200);
    assertThat(patched.headers().allValues("Warning"))
        .containsExactly("299 - \"unknown field \\\"spec.bogus\\\"\"");
  }

  @Test
  void ignoreAcceptsSilently() {
    ApiClient.Response r = client.post(REPOS + "?fieldValidation=Ignore", BODY.formatted("i"));
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().allValues("Warning")).isEmpty();
  }
}
