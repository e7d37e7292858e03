package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Authentication and authorization of the standalone server, driven with real kubectl: users from a
 * {@code --token-auth-file}, a client certificate verified against {@code --client-ca-file} (user =
 * CN, groups = O), the {@code --authorization-policy-file} allowing a reader to read, an author to
 * create, edit and propose but not approve, and an approver to approve (the approval commit is
 * authored by the approver); no credentials give 401, and {@code --anonymous-auth} makes such
 * requests {@code system:anonymous}, subject to the policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthE2E extends E2EBase {
  static final String TOKENS =
      """
      # jporch e2e users: token,user,uid,"groups"
      reader-token-0001,reader,uid-1,"readers"
      author-token-0002,alice,uid-2,"authors,porch-users"

      approver-token-0003,bob,uid-3,approvers
      """;
  static final String POLICY =
      """
      rules:
      - groups: [readers, authors, approvers, repo-admins]
        verbs: [get, list, watch]
        apiGroups: [porch.kpt.dev, config.porch.kpt.dev]
        resources: ["*"]
      - groups: [authors]
        verbs: [create, update, patch, delete]
        apiGroups: [porch.kpt.dev]
        resources: [packagerevisions, packagerevisionresources]
        namespaces: [default]
      - groups: [approvers]
        verbs: [update]
        apiGroups: [porch.kpt.dev]
        resources: [packagerevisions/approval]
      - groups: [repo-admins]
        verbs: ["*"]
        apiGroups: [config.porch.kpt.dev]
        resources: [repositories]
      - groups: ["system:unauthenticated"]
        verbs: [get]
        nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/openapi/*", "/version"]
      - groups: ["system:unauthenticated"]
        verbs: [get, list]
        apiGroups: [config.porch.kpt.dev]
        resources: [repositories]
      """;
  static final String PR_API = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions/";

  private Path work;
  private Path tokenFile;
  private Path policyFile;
  private Path caFile;
  private TestPki.Issued carol;
  private TestPki.Issued mallory;
  private TestPki.Issued expired;
  private JporchProcess server;

  @BeforeAll
  void startServer() throws IOException {
    work = workDir("auth");
    tokenFile = Files.writeString(work.resolve("tokens.csv"), TOKENS);
    policyFile = Files.writeString(work.resolve("policy.yaml"), POLICY);
    TestPki.Issued ca = TestPki.authority("jporch-e2e-clients");
    caFile = ca.write(work.resolve("pki"), "client-ca");
    carol = TestPki.client(ca, "carol", List.of("repo-admins", "cert-users"));
    carol.write(work.resolve("pki"), "carol");
    mallory = TestPki.client(TestPki.authority("unknown-ca"), "mallory", List.of("system:masters"));
    mallory.write(work.resolve("pki"), "mallory");
    expired =
        TestPki.client(
            ca,
            "expired",
            List.of("repo-admins"),
            KeyPurposeId.id_kp_clientAuth,
            Duration.ofDays(-1));
    server =
        JporchProcess.start(
            work.resolve("data"),
            work,
            0,
            List.of(
                "--token-auth-file",
                tokenFile.toString(),
                "--authorization-policy-file",
                policyFile.toString(),
                "--client-ca-file",
                caFile.toString()));
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** A kubectl with a kubeconfig holding only {@code token} (or no credentials when null). */
  private Kubectl withToken(JporchProcess on, String name, String token) {
    String user = token == null ? "    {}\n" : "    token: " + token + "\n";
    return on.kubectl(kubeconfig(on, name, user));
  }

  /** A kubectl with a kubeconfig holding only a client certificate and its key. */
  private Kubectl withCertificate(JporchProcess on, String name, TestPki.Issued cert) {
    String user =
        "    client-certificate-data: "
            + base64(cert.certificatePem())
            + "\n    client-key-data: "
            + base64(cert.privateKeyPem())
            + "\n";
    return on.kubectl(kubeconfig(on, name, user));
  }

  private Path kubeconfig(JporchProcess on, String name, String userYaml) {
    try {
      String serverCa = Files.readString(on.dataDir().resolve("tls").resolve("tls.crt"));
      String yaml =
          """
          apiVersion: v1
          kind: Config
          clusters:
          - name: jporch
            cluster:
              server: https://127.0.0.1:%d
              certificate-authority-data: %s
          users:
          - name: %s
            user:
          %scontexts:
          - name: jporch
            context:
              cluster: jporch
              user: %s
              namespace: default
          current-context: jporch
          """
              .formatted(on.port(), base64(serverCa), name, userYaml, name);
      return Files.writeString(
          on.dataDir().resolveSibling(name + "-" + on.port() + ".kubeconfig"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String forbidden(
      String resource, String name, String user, String verb, String key, String group) {
    return resource
        + "."
        + group
        + (name == null ? "" : " \"" + name + "\"")
        + " is forbidden: User \""
        + user
        + "\" cannot "
        + verb
        + " resource \""
        + key
        + "\" in API group \""
        + group
        + "\" in the namespace \"default\"";
  }

  /** A repository registered by the client-certificate user (group repo-admins from O). */
  private Path repository(String name) {
    Path bare = GitCli.createSeededBareRepository(work.resolve("git"), name + ".git");
    Kubectl cert = withCertificate(server, "carol", carol);
    cert.withFile(Manifests.gitRepository(name, "file://" + bare, false), "apply").assertSuccess();
    RepositoryAssertions.awaitReady(cert, name);
    return bare;
  }

  /** A JDK client presenting no credentials, or {@code certificate} whatever the server asks. */
  private ApiClient client(JporchProcess on, TestPki.Issued certificate) {
    X509Certificate serverCa;
    try (InputStream in = Files.newInputStream(on.dataDir().resolve("tls").resolve("tls.crt"))) {
      serverCa = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
    String url = "https://127.0.0.1:" + on.port();
    return certificate == null
        ? new ApiClient(url, serverCa, null)
        : new ApiClient(url, certificate.clientContext(serverCa), null);
  }

  @Test
  void requestsWithoutValidCredentialsGet401() {
    String path = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";
    ApiClient.Response none =
        client(server, null).send("GET", path, null, null, null, (String) null);
    assertThat(none.code()).isEqualTo(401);
    assertThat(none.json().path("reason").asText()).isEqualTo("Unauthorized");
    assertThat(none.json().path("kind").asText()).isEqualTo("Status");
    ApiClient.Response foreign =
        client(server, mallory).send("GET", path, null, null, null, (String) null);
    assertThat(foreign.code())
        .as("a certificate from an unknown CA is presented, and refused with 401")
        .isEqualTo(401);
    ApiClient.Response cert =
        client(server, carol).send("GET", path, null, null, null, (String) null);
    assertThat(cert.code()).as(cert.body()).isEqualTo(200);

    for (Kubectl kubectl :
        List.of(
            withToken(server, "wrong-token", "not-a-known-token"),
            withCertificate(server, "expired", expired),
            withCertificate(server, "mallory", mallory))) {
      Kubectl.Result result =
          kubectl.run("get", "--raw", "/apis/porch.kpt.dev/v1alpha1", "-v=6").assertFailure();
      assertThat(result.httpStatuses()).as(result.describe("statuses")).contains(401);
      assertThat(result.errorText()).contains("Unauthorized");
      kubectl.run("get", "repositories").assertFailure();
    }
  }

  @Test
  void clientCertificateAuthenticatesAsCommonNameInOrganizationGroups() {
    repository("cert-repo");
    Kubectl cert = withCertificate(server, "carol", carol);
    JsonNode repo = cert.json("get", "repository", "cert-repo", "-o", "json");
    assertThat(repo.at("/metadata/name").asText()).isEqualTo("cert-repo");
    Kubectl.Result denied =
        cert.withFile(Manifests.initPackageRevision("cert-repo", "p", "v1"), "create")
            .assertFailure();
    assertThat(denied.errorText())
        .contains("Forbidden")
        .contains(
            forbidden(
                "packagerevisions", null, "carol", "create", "packagerevisions", "porch.kpt.dev"));
  }

  @Test
  void readerReadsAndWatchesButCannotWrite() {
    repository("read-repo");
    Kubectl reader = withToken(server, "reader", "reader-token-0001");
    Kubectl author = withToken(server, "alice", "author-token-0002");
    String name = Manifests.objectName("read-repo", "readable", "v1");
    try (Kubectl.Watch watch =
        reader.watch("get", "packagerevisions", "-w", "--output-watch-events", "-o", "json")) {
      author
          .withFile(Manifests.initPackageRevision("read-repo", "readable", "v1"), "create")
          .assertSuccess();
      await("the reader's watch sees " + name)
          .untilAsserted(
              () ->
                  assertThat(watch.documents())
                      .as(watch.describe())
                      .anyMatch(e -> name.equals(e.at("/object/metadata/name").asText())));
    }
    assertThat(
            reader
                .json("get", "packagerevision", name, "-o", "json")
                .at("/spec/lifecycle")
                .asText())
        .isEqualTo("Draft");
    assertThat(reader.run("get", "packagerevisions").assertSuccess().stdout()).contains(name);
    assertThat(reader.run("get", "repositories").assertSuccess().stdout()).contains("read-repo");

    Kubectl.Result create =
        reader
            .withFile(Manifests.initPackageRevision("read-repo", "other", "v1"), "create")
            .assertFailure();
    assertThat(create.errorText())
        .contains("Error from server (Forbidden)")
        .contains(
            forbidden(
                "packagerevisions", null, "reader", "create", "packagerevisions", "porch.kpt.dev"));
    Kubectl.Result delete = reader.run("delete", "packagerevision", name).assertFailure();
    assertThat(delete.errorText())
        .contains(
            forbidden(
                "packagerevisions", name, "reader", "delete", "packagerevisions", "porch.kpt.dev"));
    Kubectl.Result deleteRepo = reader.run("delete", "repository", "read-repo").assertFailure();
    assertThat(deleteRepo.errorText())
        .contains(
            forbidden(
                "repositories",
                "read-repo",
                "reader",
                "delete",
                "repositories",
                "config.porch.kpt.dev"));
    assertThat(reader.run("get", "packagerevision", name).assertSuccess().stdout()).contains(name);
  }

  @Test
  void authorProposesButOnlyTheApproverApproves() {
    Path bare = repository("flow-repo");
    Kubectl author = withToken(server, "alice", "author-token-0002");
    Kubectl approver = withToken(server, "bob", "approver-token-0003");
    String name = Manifests.objectName("flow-repo", "demo", "v1");

    author
        .withFile(Manifests.initPackageRevision("flow-repo", "demo", "v1"), "create")
        .assertSuccess();
    JsonNode resources = author.json("get", "packagerevisionresources", name, "-o", "json");
    ((ObjectNode) resources.at("/spec/resources"))
        .put("configmap.yaml", PackageLifecycleE2E.CONFIGMAP);
    author.withFile(resources.toString(), "replace").assertSuccess();
    author
        .run(
            "patch",
            "packagerevision",
            name,
            "--type=merge",
            "-p",
            "{\"spec\":{\"lifecycle\":\"Proposed\"}}")
        .assertSuccess();
    JsonNode proposed = author.json("get", "packagerevision", name, "-o", "json");
    assertThat(proposed.at("/spec/lifecycle").asText()).isEqualTo("Proposed");
    assertThat(GitCli.gitDir(bare, "log", "-1", "--format=%an <%ae>", "proposed/demo/v1").strip())
        .as("the draft's commits are authored by the token user")
        .isEqualTo("alice <alice>");

    // The author may not approve: 403 through the approval subresource, and Git is unchanged.
    Map<String, String> before = GitCli.refs(bare);
    ((ObjectNode) proposed.get("spec")).put("lifecycle", "Published");
    Kubectl.Result denied =
        author
            .withFile(proposed.toString(), "replace", "--raw", PR_API + name + "/approval", "-v=6")
            .assertFailure();
    assertThat(denied.httpStatuses()).as(denied.describe("statuses")).contains(403);
    assertThat(denied.errorText())
        .contains(
            forbidden(
                "packagerevisions",
                name,
                "alice",
                "update",
                "packagerevisions/approval",
                "porch.kpt.dev"));
    assertThat(GitCli.refs(bare)).isEqualTo(before);
    assertThat(
            author
                .json("get", "packagerevision", name, "-o", "json")
                .at("/spec/lifecycle")
                .asText())
        .isEqualTo("Proposed");

    // The approver may not update the revision itself, but may approve.
    Kubectl.Result edit =
        approver
            .run(
                "patch",
                "packagerevision",
                name,
                "--type=merge",
                "-p",
                "{\"spec\":{\"lifecycle\":\"Draft\"}}")
            .assertFailure();
    assertThat(edit.errorText())
        .contains(
            forbidden(
                "packagerevisions", name, "bob", "patch", "packagerevisions", "porch.kpt.dev"));
    JsonNode approved =
        approver
            .withFile(proposed.toString(), "replace", "--raw", PR_API + name + "/approval")
            .assertSuccess()
            .json();
    assertThat(approved.at("/spec/lifecycle").asText()).isEqualTo("Published");
    JsonNode published = approver.json("get", "packagerevision", name, "-o", "json");
    assertThat(published.at("/status/publishedBy").asText()).isEqualTo("bob");
    assertThat(GitCli.refs(bare)).containsKey("refs/tags/demo/v1");
    assertThat(GitCli.gitDir(bare, "log", "-1", "--format=%an <%ae>%n%s", "main"))
        .startsWith("bob <bob>\nApproving package revision demo/1");
  }

  @Test
  void kubectlAuthCanIAnswersFromThePolicy() {
    Kubectl reader = withToken(server, "reader", "reader-token-0001");
    Kubectl author = withToken(server, "alice", "author-token-0002");
    Kubectl approver = withToken(server, "bob", "approver-token-0003");
    assertThat(reader.run("auth", "can-i", "list", "packagerevisions").assertSuccess().stdout())
        .isEqualTo("yes\n");
    assertThat(reader.run("auth", "can-i", "create", "packagerevisions").assertFailure().stdout())
        .startsWith("no");
    assertThat(
            author
                .run("auth", "can-i", "update", "packagerevisions", "--subresource=approval")
                .assertFailure()
                .stdout())
        .startsWith("no");
    assertThat(author.run("auth", "can-i", "update", "packagerevisions").assertSuccess().stdout())
        .isEqualTo("yes\n");
    assertThat(
            author
                .run("auth", "can-i", "create", "packagerevisions", "-n", "other")
                .assertFailure()
                .stdout())
        .startsWith("no");
    assertThat(
            approver
                .run("auth", "can-i", "update", "packagerevisions", "--subresource=approval")
                .assertSuccess()
                .stdout())
        .isEqualTo("yes\n");
    assertThat(reader.run("auth", "can-i", "get", "/apis").assertSuccess().stdout())
        .isEqualTo("yes\n");
    assertThat(
            withCertificate(server, "carol", carol)
                .run("auth", "can-i", "delete", "repositories.config.porch.kpt.dev")
                .assertSuccess()
                .stdout())
        .isEqualTo("yes\n");
  }

  @Test
  void anonymousRequestsAreSubjectToThePolicy() {
    try (JporchProcess anonymous =
        JporchProcess.start(
            work.resolve("anonymous-data"),
            work,
            0,
            List.of(
                "--token-auth-file",
                tokenFile.toString(),
                "--authorization-policy-file",
                policyFile.toString(),
                "--anonymous-auth"))) {
      String path = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";
      ApiClient.Response direct =
          client(anonymous, null).send("GET", path, null, null, null, (String) null);
      assertThat(direct.code()).isEqualTo(403);
      assertThat(direct.json().path("message").asText())
          .isEqualTo(
              "packagerevisions.porch.kpt.dev is forbidden: User \"system:anonymous\" cannot list"
                  + " resource \"packagerevisions\" in API group \"porch.kpt.dev\" in the"
                  + " namespace \"default\"");
      assertThat(
              client(anonymous, null)
                  .send(
                      "GET",
                      "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories",
                      null,
                      null,
                      null,
                      (String) null)
                  .code())
          .isEqualTo(200);
      // kubectl prompts for a user name when its kubeconfig has no credentials at all; a Basic
      // header, which is no credential for jporch (nor for kube-apiserver), stands in for none.
      Kubectl nobody =
          anonymous.kubectl(
              kubeconfig(anonymous, "anonymous", "    username: nobody\n    password: none\n"));
      assertThat(nobody.run("get", "repositories", "-o", "name").assertSuccess().stdout())
          .isEmpty();
      Kubectl.Result denied = nobody.run("get", "packagerevisions").assertFailure();
      assertThat(denied.errorText())
          .contains(
              "packagerevisions.porch.kpt.dev is forbidden: User \"system:anonymous\" cannot list"
                  + " resource \"packagerevisions\" in API group \"porch.kpt.dev\" in the"
                  + " namespace \"default\"");
      Kubectl.Result wrongToken =
          withToken(anonymous, "wrong", "not-a-known-token")
              .run("get", "--raw", "/apis", "-v=6")
              .assertFailure();
      assertThat(wrongToken.httpStatuses()).contains(401);
      assertThat(
              withToken(anonymous, "reader", "reader-token-0001")
                  .run("get", "packagerevisions")
                  .assertSuccess()
                  .stdout())
          .doesNotContain("Forbidden");
    }
  }
}
