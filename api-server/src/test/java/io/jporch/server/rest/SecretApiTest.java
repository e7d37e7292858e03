package io.jporch.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.ServerFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** core/v1 Secrets served in standalone mode: discovery, CRUD, validation, storage on disk. */
class SecretApiTest {
  private static final String SECRETS = "/api/v1/namespaces/default/secrets";
  private static final String PASSWORD = "p4ssw0rd-value";

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

  private static String basicAuth(String name, String password) {
    return """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s"},
         "type":"kubernetes.io/basic-auth",
         "stringData":{"username":"alice","password":"%s"}}"""
        .formatted(name, password);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void discoveryServesTheCoreGroup() {
    assertThat(client.get("/api").json().at("/versions/0").asText()).isEqualTo("v1");
    JsonNode resources = client.get("/api/v1").json();
    assertThat(resources.at("/groupVersion").asText()).isEqualTo("v1");
    assertThat(resources.at("/resources/0/name").asText()).isEqualTo("secrets");
    assertThat(resources.at("/resources/0/kind").asText()).isEqualTo("Secret");
    assertThat(client.get("/apis").json().findValuesAsText("name"))
        .doesNotContain("")
        .contains("porch.kpt.dev", "config.porch.kpt.dev");
  }

  @Test
  void createGetListUpdateDelete() throws Exception {
    ApiClient.Response created = client.post(SECRETS, basicAuth("git", PASSWORD));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    JsonNode secret = created.json();
    assertThat(secret.at("/apiVersion").asText()).isEqualTo("v1");
    assertThat(secret.at("/data/password").asText()).isEqualTo(b64(PASSWORD));
    assertThat(secret.has("stringData")).isFalse();
    assertThat(secret.at("/metadata/uid").asText()).isNotEmpty();

    Path file = dir.resolve("secrets/default/git.json");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(dir.resolve("secrets")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));

    assertThat(client.get(SECRETS + "/git").json().at("/data/username").asText())
        .isEqualTo(b64("alice"));
    assertThat(client.get(SECRETS).json().at("/items/0/metadata/name").asText()).isEqualTo("git");
    assertThat(client.get(SECRETS + "?fieldSelector=type%3DOpaque").json().at("/items").size())
        .isZero();

    ApiClient.Response patched =
        client.patch(
            SECRETS + "/git",
            "{\"stringData\":{\"password\":\"changed\"}}",
            "application/merge-patch+json");
    assertThat(patched.code()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().at("/data/password").asText()).isEqualTo(b64("changed"));

    String stale = secret.deepCopy().toString().replace(b64(PASSWORD), b64("other"));
    ApiClient.Response conflict = client.put(SECRETS + "/git", stale);
    assertThat(conflict.code()).isEqualTo(409);

    ApiClient.Response deleted = client.delete(SECRETS + "/git");
    assertThat(deleted.code()).isEqualTo(200);
    assertThat(deleted.json().at("/status").asText()).isEqualTo("Success");
    assertThat(deleted.body()).doesNotContain(b64("changed"));
    assertThat(file).doesNotExist();
    ApiClient.Response missing = client.get(SECRETS + "/git");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.json().at("/message").asText()).isEqualTo("secrets \"git\" not found");
  }

  @Test
  void dryRunsChangeNothing() {
    ApiClient.Response dry = client.post(SECRETS + "?dryRun=All", basicAuth("dry", PASSWORD));
    assertThat(dry.code()).as(dry.body()).isEqualTo(201);
    assertThat(dry.json().at("/metadata/resourceVersion").isMissingNode()).isTrue();
    assertThat(client.get(SECRETS + "/dry").code()).isEqualTo(404);
    assertThat(dir.resolve("secrets/default/dry.json")).doesNotExist();

    assertThat(client.post(SECRETS, basicAuth("kept", PASSWORD)).code()).isEqualTo(201);
    assertThat(client.delete(SECRETS + "/kept?dryRun=All").code()).isEqualTo(200);
    ApiClient.Response patched =
        client.patch(
            SECRETS + "/kept?dryRun=All",
            "{\"stringData\":{\"password\":\"other\"}}",
            "application/merge-patch+json");
    assertThat(patched.code()).isEqualTo(200);
    assertThat(patched.json().at("/data/password").asText()).isEqualTo(b64("other"));
    assertThat(client.get(SECRETS + "/kept").json().at("/data/password").asText())
        .isEqualTo(b64(PASSWORD));
  }

  @Test
  void secretsSurviveARestart() {
    assertThat(client.post(SECRETS, basicAuth("kept", PASSWORD)).code()).isEqualTo(201);
    fixture.restart();
    client = fixture.client();
    assertThat(fixture.client().get(SECRETS + "/kept").json().at("/data/password").asText())
        .isEqualTo(b64(PASSWORD));
    ApiClient.Response second = client.post(SECRETS, basicAuth("second", PASSWORD));
    assertThat(Long.parseLong(second.json().at("/metadata/resourceVersion").asText()))
        .isGreaterThan(1);
  }

  @Test
  void invalidSecretsAreRefusedWithoutShowingValues() {
    ApiClient.Response noKeys =
        client.post(
            SECRETS,
            """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"},
             "type":"kubernetes.io/basic-auth","stringData":{"token":"%s"}}"""
                .formatted(PASSWORD));
    assertThat(noKeys.code()).isEqualTo(422);
    assertThat(noKeys.json().at("/message").asText())
        .startsWith("Secret \"x\" is invalid: data[username]")
        .doesNotContain(PASSWORD);

    ApiClient.Response badBase64 =
        client.post(
            SECRETS,
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"y\"},"
                + "\"data\":{\"k\":\"%%%"
                + PASSWORD
                + "\"}}");
    assertThat(badBase64.code()).isEqualTo(400);
    assertThat(badBase64.body()).doesNotContain(PASSWORD);

    ApiClient.Response badKey =
        client.post(
            SECRETS,
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"z\"},"
                + "\"stringData\":{\"a/b\":\"v\"}}");
    assertThat(badKey.code()).isEqualTo(422);
    assertThat(badKey.json().at("/details/causes/0/field").asText()).isEqualTo("data[a/b]");

    ApiClient.Response badName =
        client.post(
            SECRETS,
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"Bad_Name\"}}");
    assertThat(badName.code()).isEqualTo(422);
    assertThat(client.get(SECRETS).json().at("/items").size()).isZero();
  }

  @Test
  void typeIsImmutableAndImmutableSecretsKeepTheirData() {
    assertThat(client.post(SECRETS, basicAuth("t", PASSWORD)).code()).isEqualTo(201);
    ApiClient.Response retype =
        client.patch(SECRETS + "/t", "{\"type\":\"Opaque\"}", "application/merge-patch+json");
    assertThat(retype.code()).isEqualTo(422);
    assertThat(retype.json().at("/details/causes/0/field").asText()).isEqualTo("type");

    assertThat(
            client
                .post(
                    SECRETS,
                    "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"frozen\"},"
                        + "\"immutable\":true,\"stringData\":{\"bearerToken\":\"a\"}}")
                .code())
        .isEqualTo(201);
    ApiClient.Response change =
        client.patch(
            SECRETS + "/frozen",
            "{\"stringData\":{\"bearerToken\":\"b\"}}",
            "application/merge-patch+json");
    assertThat(change.code()).isEqualTo(422);
    assertThat(client.get(SECRETS + "/frozen").json().at("/data/bearerToken").asText())
        .isEqualTo(b64("a"));
  }

  @Test
  void tableForKubectlGet() {
    assertThat(client.post(SECRETS, basicAuth("tbl", PASSWORD)).code()).isEqualTo(201);
    JsonNode table = client.get(SECRETS, "application/json;as=Table;v=v1;g=meta.k8s.io").json();
    assertThat(table.at("/kind").asText()).isEqualTo("Table");
    assertThat(table.at("/columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Type", "Data", "Age");
    assertThat(table.at("/rows/0/cells/1").asText()).isEqualTo("kubernetes.io/basic-auth");
    assertThat(table.at("/rows/0/cells/2").asInt()).isEqualTo(2);
  }
}
