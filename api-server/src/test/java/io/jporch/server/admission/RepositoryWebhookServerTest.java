package io.jporch.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.util.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Repository webhook over real HTTPS, as kube-apiserver calls it: a client that trusts only the
 * generated CA (the caBundle) and checks that the certificate names the Service.
 */
class RepositoryWebhookServerTest {
  private static final String SERVICE_HOST = "api.porch-system.svc";

  @TempDir Path dir;
  private final List<Repository> registered = new CopyOnWriteArrayList<>();
  private RepositoryWebhookServer server;

  @BeforeEach
  void start() {
    server =
        RepositoryWebhookServer.start(
            new WebhookOptions(0, "127.0.0.1", dir, null, null, false),
            new RepositoryAdmission(() -> registered));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void allowsARepositoryThatConflictsWithNothing() throws Exception {
    registered.add(repo("ns1", "other", "https://git.example/other.git", ""));
    Reply reply = post(review("uid-1", "CREATE", repo("ns1", "blueprints", URL, "")));
    assertThat(reply.code()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(body.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(body.at("/response/uid").asText()).isEqualTo("uid-1");
    assertThat(body.at("/response/allowed").asBoolean()).isTrue();
    assertThat(body.at("/response/status/message").asText())
        .isEqualTo("Repository validated successfully");
  }

  @Test
  void deniesTheSameUrlBranchAndDirectoryTwiceInANamespace() throws Exception {
    registered.add(repo("ns1", "first", URL, "pkgs"));
    Reply reply = post(review("uid-2", "CREATE", repo("ns1", "second", URL, "/pkgs/")));
    assertThat(reply.code()).isEqualTo(200);
    JsonNode response = reply.json().path("response");
    assertThat(response.path("uid").asText()).isEqualTo("uid-2");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/status").asText()).isEqualTo("Failure");
    assertThat(response.at("/status/reason").asText()).isEqualTo("RepositoryConflict");
    assertThat(response.at("/status/message").asText())
        .isEqualTo("Repository conflict with existing repository: ns1/first");
  }

  @Test
  void deniesNestedDirectoriesAcrossNamespacesButNotTheSameDirectory() throws Exception {
    registered.add(repo("ns1", "base", URL, "base"));
    assertThat(post(review("u", "CREATE", repo("ns2", "sub", URL, "base/sub"))).allowed())
        .isFalse();
    assertThat(post(review("u", "CREATE", repo("ns2", "same", URL, "base"))).allowed()).isTrue();
  }

  @Test
  void anUpdateDoesNotConflictWithItself() throws Exception {
    Repository existing = repo("ns1", "blueprints", URL, "");
    registered.add(existing);
    assertThat(post(review("u", "UPDATE", existing)).allowed()).isTrue();
  }

  @Test
  void theNamespaceComesFromTheRequestWhenTheObjectHasNone() throws Exception {
    registered.add(repo("ns1", "first", URL, ""));
    ObjectNode review = review("u", "CREATE", repo(null, "second", URL, ""));
    ((ObjectNode) review.path("request")).put("namespace", "ns1");
    assertThat(post(review).allowed()).isFalse();
  }

  @Test
  void aDeleteHasNoObjectAndIsAllowed() throws Exception {
    ObjectNode review = review("u", "DELETE", repo("ns1", "first", URL, ""));
    ((ObjectNode) review.path("request")).remove("object");
    assertThat(post(review).allowed()).isTrue();
  }

  @Test
  void refusesWhatIsNotARepositoryAdmissionReview() throws Exception {
    Reply malformed = post("{not json".getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(malformed.code()).isEqualTo(400);
    assertThat(malformed.json().path("kind").asText()).isEqualTo("Status");
    assertThat(malformed.json().path("message").asText()).startsWith("error decoding admission");

    ObjectNode noRequest = review("u", "CREATE", repo("ns1", "a", URL, ""));
    noRequest.remove("request");
    assertThat(post(noRequest).json().path("message").asText())
        .isEqualTo("admission review request is empty");

    ObjectNode secrets = review("u", "CREATE", repo("ns1", "a", URL, ""));
    ((ObjectNode) secrets.at("/request/resource")).put("resource", "secrets");
    Reply wrongResource = post(secrets);
    assertThat(wrongResource.code()).isEqualTo(400);
    assertThat(wrongResource.json().path("message").asText())
        .isEqualTo("unexpected resource: secrets");

    ObjectNode v1beta1 = review("u", "CREATE", repo("ns1", "a", URL, ""));
    v1beta1.put("apiVersion", "admission.k8s.io/v1beta1");
    assertThat(post(v1beta1).code()).isEqualTo(400);

    Reply yaml = post(Json.MAPPER.writeValueAsBytes(review("u", "CREATE", null)), "text/yaml");
    assertThat(yaml.code()).isEqualTo(415);
  }

  @Test
  void servesOnlyPostOnItsPath() throws Exception {
    assertThat(request("GET", "/validate-repository", null, null).code()).isEqualTo(405);
    assertThat(request("POST", "/validate-packagerevision", new byte[0], "application/json").code())
        .isEqualTo(404);
  }

  @Test
  void refusesBodiesLargerThanSixMebibytes() throws Exception {
    byte[] body = new byte[6 * 1024 * 1024 + 1];
    java.util.Arrays.fill(body, (byte) ' ');
    assertThat(post(body, "application/json").code()).isEqualTo(413);
  }

  @Test
  void writesTheGeneratedCertificateForTheService() throws Exception {
    assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo(server.caBundlePem());
    X509Certificate cert = certificate(Files.readString(dir.resolve("tls.crt")));
    assertThat(cert.getSubjectAlternativeNames())
        .extracting(san -> (Object) san.get(1))
        .containsExactly(
            "api.porch-system.svc",
            "api",
            "api.porch-system",
            "api.porch-system.svc.cluster.local");
    cert.verify(certificate(server.caBundlePem()).getPublicKey());
    assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void usesACertificateFromFilesWithoutPublishingACa() throws Exception {
    Path other = Files.createDirectories(dir.resolve("cert-manager"));
    WebhookCertificate issued = WebhookCertificate.generate(other, List.of(SERVICE_HOST));
    Files.delete(other.resolve("ca.crt"));
    try (RepositoryWebhookServer fromFiles =
        RepositoryWebhookServer.start(
            new WebhookOptions(0, "127.0.0.1", other, null, null, true),
            new RepositoryAdmission(List::of))) {
      assertThat(fromFiles.caBundlePem()).isNull();
      Reply reply =
          request(
              fromFiles.port(),
              issued.caPem(),
              "POST",
              RepositoryWebhookServer.PATH,
              Json.MAPPER.writeValueAsBytes(review("u", "CREATE", repo("a", "b", URL, ""))),
              "application/json");
      assertThat(reply.json().at("/response/allowed").asBoolean()).isTrue();
    }
  }

  @Test
  void failsToStartWithoutCertificateFiles() {
    assertThatThrownBy(
            () ->
                RepositoryWebhookServer.start(
                    new WebhookOptions(0, "127.0.0.1", dir.resolve("missing"), null, null, true),
                    new RepositoryAdmission(List::of)))
        .hasMessageContaining("tls.crt");
  }

  @Test
  void readsPorchsEnvironmentVariables() {
    assertThat(WebhookOptions.fromEnvironment(Map.of())).isEmpty();
    WebhookOptions options =
        WebhookOptions.fromEnvironment(
                Map.of(
                    "CERT_STORAGE_DIR", "/etc/webhook/certs",
                    "WEBHOOK_PORT", "9443",
                    "WEBHOOK_SERVICE_NAME", "porch-webhook",
                    "CERT_NAMESPACE", "porch",
                    "USE_CERT_MAN_FOR_WEBHOOK", "true"))
            .orElseThrow();
    assertThat(options.port()).isEqualTo(9443);
    assertThat(options.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(options.certDir()).isEqualTo(Path.of("/etc/webhook/certs"));
    assertThat(options.dnsNames()).first().isEqualTo("porch-webhook.porch.svc");
    assertThat(options.certificateFromFiles()).isTrue();
    assertThatThrownBy(
            () ->
                WebhookOptions.fromEnvironment(
                    Map.of("CERT_STORAGE_DIR", "/x", "WEBHOOK_PORT", "eighty")))
        .hasMessageContaining("WEBHOOK_PORT");
    assertThatThrownBy(
            () ->
                WebhookOptions.fromEnvironment(
                    Map.of("CERT_STORAGE_DIR", "/x", "USE_CERT_MAN_FOR_WEBHOOK", "yes")))
        .hasMessageContaining("USE_CERT_MAN_FOR_WEBHOOK");
  }

  // --- helpers

  private static final String URL = "https://git.example/blueprints.git";

  static Repository repo(String ns, String name, String url, String dir) {
    return Repository.of(
        ObjectMeta.named(ns, name),
        new Repository.Spec(
            null,
            false,
            "git",
            "Package",
            null,
            new Repository.Git(url, "main", false, dir, null, null, null),
            null),
        null);
  }

  /** An AdmissionReview as kube-apiserver sends it for a Repository. */
  static ObjectNode review(String uid, String operation, Repository repository) {
    ObjectNode review = Json.MAPPER.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", uid);
    request
        .putObject("kind")
        .put("group", "config.porch.kpt.dev")
        .put("version", "v1alpha1")
        .put("kind", "Repository");
    request
        .putObject("resource")
        .put("group", "config.porch.kpt.dev")
        .put("version", "v1alpha1")
        .put("resource", "repositories");
    if (repository != null) {
      if (repository.namespace() != null) {
        request.put("namespace", repository.namespace());
      }
      request.put("name", repository.name());
      ObjectNode object = Json.MAPPER.valueToTree(repository);
      object.put("apiVersion", "config.porch.kpt.dev/v1alpha1").put("kind", "Repository");
      request.set("object", object);
    }
    request.put("operation", operation);
    request.putObject("userInfo").put("username", "kubernetes-admin");
    request.put("dryRun", false);
    return review;
  }

  record Reply(int code, byte[] body) {
    JsonNode json() throws IOException {
      return Json.MAPPER.readTree(body);
    }

    boolean allowed() throws IOException {
      assertThat(code).isEqualTo(200);
      return json().at("/response/allowed").asBoolean();
    }
  }

  private Reply post(JsonNode review) throws Exception {
    return post(Json.MAPPER.writeValueAsBytes(review), "application/json");
  }

  private Reply post(byte[] body, String contentType) throws Exception {
    return request("POST", RepositoryWebhookServer.PATH, body, contentType);
  }

  private Reply request(String method, String path, byte[] body, String contentType)
      throws Exception {
    return request(server.port(), server.caBundlePem(), method, path, body, contentType);
  }

  /**
   * One HTTPS request as kube-apiserver makes it: the chain must lead to {@code caPem} and the
   * certificate must name the Service ({@value #SERVICE_HOST}), whatever address it is reached at.
   */
  private static Reply request(
      int port, String caPem, String method, String path, byte[] body, String contentType)
      throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", certificate(caPem));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    HttpsURLConnection connection =
        (HttpsURLConnection)
            URI.create("https://127.0.0.1:" + port + path).toURL().openConnection();
    connection.setSSLSocketFactory(ssl.getSocketFactory());
    connection.setHostnameVerifier(
        (host, session) -> {
          try {
            X509Certificate peer = (X509Certificate) session.getPeerCertificates()[0];
            return peer.getSubjectAlternativeNames().stream()
                .anyMatch(san -> SERVICE_HOST.equals(san.get(1)));
          } catch (SSLPeerUnverifiedException | java.security.cert.CertificateParsingException e) {
            return false;
          }
        });
    connection.setRequestMethod(method);
    if (contentType != null) {
      connection.setRequestProperty("Content-Type", contentType);
    }
    if (body != null) {
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      } catch (IOException e) {
        // The server may answer (413) and close before the whole body is sent.
      }
    }
    int code = connection.getResponseCode();
    try (InputStream in = code >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      return new Reply(code, in == null ? new byte[0] : in.readAllBytes());
    }
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }
}
