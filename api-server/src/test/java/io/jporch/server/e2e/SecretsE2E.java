package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.testing.http.GitHttpServer;
import io.jporch.testing.http.HttpAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Git credentials from Secrets made with plain {@code kubectl create secret}, against {@code git
 * http-backend} demanding HTTP Basic: registration and a draft pushed with the credentials; a wrong
 * password makes the Repository not ready with a clear reason that does not show the password;
 * fixing the Secret makes it ready again without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsE2E extends E2EBase {
  private static final String PASSWORD = "Right-Horse-42";
  private static final String WRONG = "Wrong-Horse-17";

  private Path work;
  private GitHttpServer git;
  private JporchProcess server;
  private Kubectl kubectl;

  @BeforeAll
  void start() {
    work = workDir("secrets");
    Path root = work.resolve("git");
    GitCli.createSeededBareRepository(root, "good.git");
    GitCli.createSeededBareRepository(root, "denied.git");
    git = GitHttpServer.start(root, HttpAuth.basic("alice", PASSWORD));
    server = JporchProcess.start(work.resolve("data"), work);
    kubectl = server.kubectl();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (git != null) {
      git.close();
    }
  }

  private static String repository(String name, String url, String secret) {
    return """
        apiVersion: config.porch.kpt.dev/v1alpha1
        kind: Repository
        metadata:
          name: %s
          namespace: default
        spec:
          type: git
          git:
            repo: %s
            branch: main
            secretRef:
              name: %s
        """
        .formatted(name, url, secret);
  }

  private JsonNode ready(String name) {
    JsonNode repository = kubectl.json("get", "repository", name, "-o", "json");
    return StreamSupport.stream(repository.at("/status/conditions").spliterator(), false)
        .filter(c -> "Ready".equals(c.path("type").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Ready condition yet: " + repository));
  }

  @Test
  void credentialsFromKubectlCreatedSecrets() throws IOException {
    kubectl
        .run(
            "create",
            "secret",
            "generic",
            "git-auth",
            "--type=kubernetes.io/basic-auth",
            "--from-literal=username=alice",
            "--from-literal=password=" + PASSWORD)
        .assertSuccess();
    kubectl.withFile(repository("good", git.url("good.git"), "git-auth"), "apply").assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, "good");
    kubectl
        .withFile(Manifests.initPackageRevision("good", "hello", "v1"), "create")
        .assertSuccess();
    assertThat(GitCli.refs(work.resolve("git/good.git"))).containsKey("refs/heads/drafts/hello/v1");

    kubectl
        .run(
            "create",
            "secret",
            "generic",
            "wrong-auth",
            "--type=kubernetes.io/basic-auth",
            "--from-literal=username=alice",
            "--from-literal=password=" + WRONG)
        .assertSuccess();
    kubectl
        .withFile(repository("denied", git.url("denied.git"), "wrong-auth"), "apply")
        .assertSuccess();
    await("Repository denied reports the refused credentials")
        .untilAsserted(
            () -> {
              JsonNode condition = ready("denied");
              assertThat(condition.path("status").asText()).isEqualTo("False");
              assertThat(condition.path("reason").asText()).isEqualTo("Error");
              assertThat(condition.path("message").asText())
                  .contains("authentication to " + git.url("denied.git") + " failed")
                  .contains("Secret default/wrong-auth")
                  .doesNotContain(WRONG);
            });

    kubectl
        .run(
            "patch",
            "secret",
            "wrong-auth",
            "-p",
            "{\"stringData\":{\"password\":\"" + PASSWORD + "\"}}")
        .assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, "denied");

    JsonNode secrets = kubectl.json("get", "secrets", "-o", "json");
    assertThat(secrets.at("/items").findValuesAsText("name")).contains("git-auth", "wrong-auth");
    assertThat(kubectl.run("get", "secrets").assertSuccess().stdout())
        .contains("kubernetes.io/basic-auth");
    String log = Files.readString(logFile(), StandardCharsets.UTF_8);
    assertThat(log).doesNotContain(PASSWORD).doesNotContain(WRONG);
    kubectl.run("delete", "secret", "git-auth").assertSuccess();
    assertThat(kubectl.run("get", "secret", "git-auth").assertFailure().stderr())
        .contains("secrets \"git-auth\" not found");
  }

  private Path logFile() {
    try (var files = Files.list(work)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("server-"))
          .findFirst()
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
