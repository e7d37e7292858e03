package io.jporch.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.server.support.ServerFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PorchServerTest {
  @TempDir Path dir;

  @Test
  void writesAPrivateKubeconfigForTheServer() throws Exception {
    try (ServerFixture fixture = ServerFixture.start(dir)) {
      PorchServer server = fixture.server();
      Path file = dir.resolve("kubeconfig");
      assertThat(Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      JsonNode kubeconfig = Json.YAML.readTree(file.toFile());
      assertThat(kubeconfig.path("current-context").asText()).isEqualTo("jporch");
      assertThat(kubeconfig.at("/clusters/0/cluster/server").asText())
          .isEqualTo("https://127.0.0.1:" + server.port())
          .isEqualTo(server.url());
      String ca =
          new String(
              Base64.getDecoder()
                  .decode(kubeconfig.at("/clusters/0/cluster/certificate-authority-data").asText()),
              StandardCharsets.US_ASCII);
      assertThat(ca).isEqualTo(server.tls().certificatePem());
      assertThat(kubeconfig.at("/users/0/user/token").asText()).isEqualTo(server.token().reveal());
      assertThat(kubeconfig.at("/contexts/0/context/namespace").asText()).isEqualTo("default");
      assertThat(server.token().toString()).doesNotContain(server.token().reveal());
    }
  }

  @Test
  void legacyWatchPathsWatchOneObjectByName() {
    try (ServerFixture fixture = ServerFixture.start(dir)) {
      ApiClient client = fixture.client();
      client.post(
          Manifests.CONFIG + "repositories",
          Manifests.repository("blueprints", "https://example.com/b.git"));
      client.post(
          Manifests.PORCH + "packagerevisions",
          Manifests.packageRevision("blueprints", "one", "ws1"));
      client.post(
          Manifests.PORCH + "packagerevisions",
          Manifests.packageRevision("blueprints", "two", "ws1"));
      String path =
          "/apis/porch.kpt.dev/v1alpha1/watch/namespaces/default/packagerevisions/blueprints.two.ws1?timeoutSeconds=1";
      try (ApiClient.Watch watch = client.watch(path, null)) {
        JsonNode event = watch.next();
        assertThat(event.at("/object/metadata/name").asText()).isEqualTo("blueprints.two.ws1");
        assertThat(watch.next())
            .as("only the named object, then the timeout ends the stream")
            .isNull();
      }
    }
  }
}
