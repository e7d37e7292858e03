package io.jporch.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.ServerFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationTest {
  private static final String LIST =
      "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";

  Path dir;
  ServerFixture fixture;
  ApiClient client;

  @BeforeAll
  void start(@TempDir Path dir) {
    this.dir = dir;
    fixture = ServerFixture.start(dir);
    client = fixture.client();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void requestWithoutTokenIsUnauthorized() {
    ApiClient.Response r = client.send("GET", LIST, null, null, null, (String) null);
    assertUnauthorized(r);
  }

  @Test
  void requestWithWrongTokenIsUnauthorized() {
    assertUnauthorized(client.send("GET", LIST, null, null, null, "Bearer not-the-token"));
    assertUnauthorized(client.send("GET", "/apis", null, null, null, "Basic YWRtaW46YWRtaW4="));
    String token = fixture.server().token().reveal();
    assertUnauthorized(client.send("GET", "/apis", null, null, null, "Bearer " + token + "x"));
  }

  @Test
  void healthEndpointsNeedNoToken() {
    for (String path : new String[] {"/healthz", "/readyz", "/livez"}) {
      ApiClient.Response r = client.send("GET", path, null, null, null, (String) null);
      assertThat(r.code()).as(path).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok");
    }
  }

  @Test
  void validTokenIsAcceptedAndRequestIdEchoed() {
    ApiClient.Response r =
        client.send(
            "GET", "/version", null, null, null, "bearer " + fixture.server().token().reveal());
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void tokenFileIsPrivateAndReusedAcrossRestarts() throws Exception {
    Path tokenFile = dir.resolve("token");
    assertThat(java.nio.file.Files.getPosixFilePermissions(tokenFile))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    String before = fixture.server().token().reveal();
    assertThat(before.length()).isGreaterThanOrEqualTo(43);
    String certificate = fixture.server().tls().certificatePem();
    fixture.restart();
    client = fixture.client();
    assertThat(fixture.server().token().reveal()).isEqualTo(before);
    assertThat(fixture.server().tls().certificatePem()).isEqualTo(certificate);
    assertThat(client.get("/version").code()).isEqualTo(200);
  }

  private static void assertUnauthorized(ApiClient.Response r) {
    assertThat(r.code()).isEqualTo(401);
    JsonNode status = r.json();
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(status.path("status").asText()).isEqualTo("Failure");
    assertThat(status.path("reason").asText()).isEqualTo("Unauthorized");
    assertThat(status.path("code").asInt()).isEqualTo(401);
  }
}
