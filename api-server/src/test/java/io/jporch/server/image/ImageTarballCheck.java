package io.jporch.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.testing.image.OciImageRoot;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server image tarball ({@code ./porch image}, system property {@code jporch.image.tar}), run
 * as a container runtime would run it ({@link OciImageRoot}: unpacked layer by layer, the
 * entrypoint run in a chroot of the image's root), so nothing of the host — its Java, its libraries
 * — is visible. Run only by the {@code image} Maven profile.
 */
class ImageTarballCheck {
  @TempDir static Path work;
  private static OciImageRoot image;
  private static Path root;
  private static JsonNode config;

  @BeforeAll
  static void unpack() throws Exception {
    image =
        OciImageRoot.unpack(
            Path.of(System.getProperty("jporch.image.tar", "target/jporch-server-image.tar")),
            work);
    root = image.root();
    config = image.config();
  }

  @Test
  void isALinuxAmd64ImageRunningTheServerAsNonRoot() {
    assertThat(config.path("os").asText()).isEqualTo("linux");
    assertThat(config.path("architecture").asText()).isEqualTo("amd64");
    assertThat(config.at("/config/User").asText()).isEqualTo("10001:10001");
    assertThat(entrypoint()).first().isEqualTo("/opt/java/bin/java");
    assertThat(entrypoint()).last().isEqualTo("io.jporch.server.Main");
    assertThat(config.at("/config/ExposedPorts").has("4443/tcp")).isTrue();
    assertThat(root.resolve("opt/java/bin/java")).isExecutable();
    assertThat(root.resolve("app/jib-classpath-file")).exists();
  }

  @Test
  void helpRunsWithTheImagesJava() throws Exception {
    List<String> command = new ArrayList<>(entrypoint());
    command.add("--help");
    OciImageRoot.Result help = inImage(command, 120);
    assertThat(help.code()).as(help.output()).isZero();
    assertThat(help.output()).contains("Usage: jporch", "serve");

    List<String> serveHelp = new ArrayList<>(entrypoint());
    serveHelp.addAll(List.of("serve", "--help"));
    OciImageRoot.Result serve = inImage(serveHelp, 120);
    assertThat(serve.code()).as(serve.output()).isZero();
    assertThat(serve.output()).contains("--standalone", "--port");

    OciImageRoot.Result version =
        inImage(List.of("/opt/java/bin/java", "-XshowSettings:properties", "-version"), 60);
    assertThat(version.output()).contains("java.home = /opt/java");
  }

  @Test
  void theServerStartsAndAnswersItsProbes() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>(entrypoint());
    command.addAll(
        List.of("serve", "--bind-address=127.0.0.1", "--port=" + port, "--data-dir=/tmp/jporch"));
    try (OciImageRoot.Running server =
        image.start(command, "jporch: serving on ", Duration.ofSeconds(120))) {
      assertThat(server.ready())
          .as("the server in the image starts; its output:\n" + server.output())
          .isTrue();
      String cert = Files.readString(root.resolve("tmp/jporch/tls/tls.crt"));
      for (String probe : List.of("/livez", "/readyz")) {
        HttpResponse<String> response =
            trusting(cert)
                .send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + probe))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(probe).isEqualTo(200);
      }
    }
  }

  // --- helpers

  private static List<String> entrypoint() {
    return image.entrypoint();
  }

  private static OciImageRoot.Result inImage(List<String> command, int timeoutSeconds)
      throws Exception {
    return image.run(command, timeoutSeconds);
  }

  private static HttpClient trusting(String certificatePem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(
        "server",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).build();
  }
}
