package io.jporch.server.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server image tarball ({@code ./porch image}, system property {@code jporch.image.tar}), run
 * as a container runtime would run it: the OCI layout is read (index → manifest → config and
 * layers), the layers are unpacked in order into an empty root, and the image's entrypoint runs in
 * a chroot of that root (with /dev and /proc mounted in a private mount namespace), so nothing of
 * the host — its Java, its libraries — is visible. Run only by the {@code image} Maven profile.
 */
class ImageTarballCheck {
  @TempDir static Path work;
  private static Path root;
  private static JsonNode config;

  @BeforeAll
  static void unpack() throws Exception {
    Path tar = Path.of(System.getProperty("jporch.image.tar", "target/jporch-server-image.tar"));
    assertThat(tar).as("the image tarball (./porch image builds it)").exists();
    Path layout = Files.createDirectories(work.resolve("layout"));
    run(List.of("tar", "-xf", tar.toString(), "-C", layout.toString()), 120);
    JsonNode index = Json.MAPPER.readTree(layout.resolve("index.json").toFile());
    assertThat(layout.resolve("oci-layout")).exists();
    JsonNode manifest =
        Json.MAPPER.readTree(blob(layout, index.at("/manifests/0/digest")).toFile());
    assertThat(manifest.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    config = Json.MAPPER.readTree(blob(layout, manifest.at("/config/digest")).toFile());
    root = Files.createDirectories(work.resolve("root"));
    for (JsonNode layer : manifest.path("layers")) {
      assertThat(layer.path("mediaType").asText()).endsWith("tar+gzip");
      run(
          List.of(
              "tar",
              "--warning=no-unknown-keyword",
              "-xzf",
              blob(layout, layer.path("digest")).toString(),
              "-C",
              root.toString(),
              "--no-same-owner"),
          120);
    }
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
    Result help = inImage(command, 120);
    assertThat(help.code()).as(help.output()).isZero();
    assertThat(help.output()).contains("Usage: jporch", "serve");

    List<String> serveHelp = new ArrayList<>(entrypoint());
    serveHelp.addAll(List.of("serve", "--help"));
    Result serve = inImage(serveHelp, 120);
    assertThat(serve.code()).as(serve.output()).isZero();
    assertThat(serve.output()).contains("--standalone", "--port");

    Result version =
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
    Process server = new ProcessBuilder(chroot(command)).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    CountDownLatch serving = new CountDownLatch(1);
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                      synchronizedAppend(output, line);
                      if (line.startsWith("jporch: serving on ")) {
                        serving.countDown();
                      }
                    }
                  } catch (IOException e) {
                    // the process ended
                  } finally {
                    serving.countDown(); // also when the server exits without serving
                  }
                });
    try {
      assertThat(serving.await(120, TimeUnit.SECONDS) && server.isAlive())
          .as("the server in the image starts; its output:\n" + snapshot(output))
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
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
      reader.join(Duration.ofSeconds(10));
    }
  }

  private static final ReentrantLock OUTPUT_LOCK = new ReentrantLock();

  private static void synchronizedAppend(StringBuilder output, String line) {
    OUTPUT_LOCK.lock();
    try {
      output.append(line).append('\n');
    } finally {
      OUTPUT_LOCK.unlock();
    }
  }

  private static String snapshot(StringBuilder output) {
    OUTPUT_LOCK.lock();
    try {
      return output.toString();
    } finally {
      OUTPUT_LOCK.unlock();
    }
  }

  // --- helpers

  private record Result(int code, String output) {}

  private static List<String> entrypoint() {
    List<String> values = new ArrayList<>();
    config.at("/config/Entrypoint").forEach(v -> values.add(v.asText()));
    return values;
  }

  /**
   * {@code command} inside the image's root: a private mount namespace (so the mounts vanish with
   * the process) in which the root is a mount point of its own (as a container's root file system
   * is: the JDK looks paths' file stores up in /proc/self/mounts) with /dev and /proc, then chroot
   * as the image's user.
   */
  private static List<String> chroot(List<String> command) {
    StringBuilder script =
        new StringBuilder(
            "set -e; mount --bind \"$0\" \"$0\"; mkdir -p \"$0/dev\" \"$0/proc\";"
                + " mount --rbind /dev \"$0/dev\";"
                + " mount -t proc proc \"$0/proc\"; exec chroot --userspec=10001:10001 \"$0\"");
    for (int i = 0; i < command.size(); i++) {
      script.append(" \"${").append(i + 1).append("}\"");
    }
    List<String> full =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "--kill-child",
                "--fork",
                "sh",
                "-c",
                script.toString(),
                root.toString()));
    full.addAll(command);
    return full;
  }

  private static Result inImage(List<String> command, int timeoutSeconds) throws Exception {
    return run(chroot(command), timeoutSeconds);
  }

  private static Result run(List<String> command, int timeoutSeconds) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    Result result = new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    if (command.get(0).equals("tar")) {
      assertThat(result.code()).as(command + ": " + result.output()).isZero();
    }
    return result;
  }

  private static Path blob(Path layout, JsonNode digest) {
    String[] parts = digest.asText().split(":", 2);
    assertThat(parts).hasSize(2);
    return layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
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
