package io.jporch.server;

import static io.jporch.server.support.Manifests.CONFIG;
import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jporch.server.support.ApiClient;
import io.jporch.server.support.OutsideChanges;
import io.jporch.server.webhook.GitWebhook;
import io.jporch.testing.git.GitFixtures;
import io.jporch.testing.git.OutsideGit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push trigger through the whole server, with background sync every hour so that only the
 * webhook can explain a change becoming visible: signatures (GitHub, Gitea, GitLab) and the bearer
 * token are accepted, everything else is refused with the right Status and changes nothing.
 */
class GitWebhookTest {
  private static final String PRS = PORCH + "packagerevisions";
  private static final String HOOK = "/webhooks/git/namespaces/default/repositories/";
  private static final String SECRET = "s3cret-Webhook";
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final byte[] PAYLOAD =
      "{\"ref\":\"refs/tags/outside/v1\",\"after\":\"0000\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private static String repository(String name, String url, String secretName) {
    String annotations =
        secretName == null
            ? ""
            : ",\"annotations\":{\"" + GitWebhook.SECRET_ANNOTATION + "\":\"" + secretName + "\"}";
    return """
        {"apiVersion":"config.porch.kpt.dev/v1alpha1","kind":"Repository",
         "metadata":{"name":"%s","namespace":"default"%s},
         "spec":{"type":"git","git":{"repo":"%s","branch":"main"}}}"""
        .formatted(name, annotations, url);
  }

  @Test
  void signedPushesSyncAtOnceAndEverythingElseIsRefused() throws Exception {
    String url = GitFixtures.porchRepository("simple-repository", dir.resolve("remote"));
    Path gitDir = GitFixtures.gitDir(url);
    try (PorchServer server = OutsideChanges.start(dir, Duration.ofHours(1))) {
      ApiClient client = new ApiClient(server);
      String secret =
          """
          {"apiVersion":"v1","kind":"Secret","metadata":{"name":"hook","namespace":"default"},
           "stringData":{"secret":"%s"}}"""
              .formatted(SECRET);
      assertThat(client.post("/api/v1/namespaces/default/secrets", secret).code()).isEqualTo(201);
      assertThat(client.post(CONFIG + "repositories", repository("simple", url, "hook")).code())
          .isEqualTo(201);
      // "plain" reaches the same remote through another path: one URL and branch registered
      // twice in a namespace is a conflicting registration (Porch's webhook rules).
      Path alias = Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("remote"));
      String aliasUrl = url.replace(dir.resolve("remote").toString(), alias.toString());
      assertThat(aliasUrl).isNotEqualTo(url);
      assertThat(client.post(CONFIG + "repositories", repository("plain", aliasUrl, null)).code())
          .isEqualTo(201);
      for (String name : List.of("simple", "plain")) {
        await()
            .atMost(WITHIN)
            .until(
                () ->
                    client
                        .get(CONFIG + "repositories/" + name)
                        .json()
                        .at("/status/conditions/0/status")
                        .asText()
                        .equals("True"));
      }
      List<String> events = new CopyOnWriteArrayList<>();
      Thread.ofVirtual().start(() -> OutsideChanges.collect(client, 120, events));
      await().atMost(WITHIN).until(() -> events.contains("ADDED simple.basens.v2"));

      pushTag(gitDir, "outside/v1");

      // Refusals first: none of them may sync.
      ApiClient.Response anonymous = client.sendRaw("POST", HOOK + "simple", PAYLOAD, Map.of());
      assertThat(anonymous.code()).isEqualTo(401);
      assertThat(anonymous.json().path("reason").asText()).isEqualTo("Unauthorized");
      ApiClient.Response forged =
          hook(client, "simple", Map.of("X-Hub-Signature-256", sign("guess")));
      assertThat(forged.code()).isEqualTo(401);
      assertThat(forged.json().path("message").asText())
          .contains("x-hub-signature-256")
          .doesNotContain(SECRET);
      ApiClient.Response wrongToken = hook(client, "simple", Map.of("X-Gitlab-Token", "guess"));
      assertThat(wrongToken.code()).isEqualTo(401);
      ApiClient.Response noSecret =
          hook(client, "plain", Map.of("X-Hub-Signature-256", sign(SECRET)));
      assertThat(noSecret.code()).isEqualTo(403);
      assertThat(noSecret.json().path("message").asText()).contains(GitWebhook.SECRET_ANNOTATION);
      ApiClient.Response unknown =
          client.sendRaw(
              "POST",
              HOOK + "nope",
              PAYLOAD,
              Map.of("Authorization", "Bearer " + server.token().reveal()));
      assertThat(unknown.code()).isEqualTo(404);
      assertThat(unknown.json().at("/details/name").asText()).isEqualTo("nope");
      ApiClient.Response get =
          client.sendRaw(
              "GET",
              HOOK + "simple",
              null,
              Map.of("Authorization", "Bearer " + server.token().reveal()));
      assertThat(get.code()).isEqualTo(405);
      assertThat(
              client
                  .sendRaw(
                      "POST", "/webhooks/git/simple", PAYLOAD, Map.of("X-Gitlab-Token", SECRET))
                  .code())
          .isEqualTo(404);
      assertThat(events).doesNotContain("ADDED simple.outside.v1");

      long started = System.nanoTime();
      ApiClient.Response accepted =
          hook(client, "simple", Map.of("X-Hub-Signature-256", sign(SECRET)));
      assertThat(accepted.code()).isEqualTo(202);
      assertThat(accepted.json().path("kind").asText()).isEqualTo("Status");
      assertThat(accepted.json().path("status").asText()).isEqualTo("Success");
      assertThat(accepted.json().path("code").asInt()).isEqualTo(202);
      assertThat(accepted.json().path("message").asText())
          .isEqualTo("sync of repository default/simple queued");
      await().atMost(WITHIN).until(() -> events.contains("ADDED simple.outside.v1"));
      System.out.printf(
          "push trigger: revision in the watch %d ms after the webhook call%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      // The other repository on the same remote was not synced by that call.
      assertThat(events).doesNotContain("ADDED plain.outside.v1");

      pushTag(gitDir, "outside/v2");
      String giteaSignature = sign(SECRET).substring("sha256=".length());
      assertThat(hook(client, "simple", Map.of("X-Gitea-Signature", giteaSignature)).code())
          .isEqualTo(202);
      await().atMost(WITHIN).until(() -> events.contains("ADDED simple.outside.v2"));

      pushTag(gitDir, "outside/v3");
      assertThat(hook(client, "simple", Map.of("X-Gitlab-Token", SECRET)).code()).isEqualTo(202);
      await().atMost(WITHIN).until(() -> events.contains("ADDED simple.outside.v3"));

      assertThat(
              client
                  .sendRaw(
                      "POST",
                      HOOK + "plain",
                      new byte[0],
                      Map.of("Authorization", "Bearer " + server.token().reveal()))
                  .code())
          .isEqualTo(202);
      await().atMost(WITHIN).until(() -> events.contains("ADDED plain.outside.v3"));
      assertThat(OutsideChanges.names(client.get(PRS).json()))
          .contains("simple.outside.v1", "simple.outside.v2", "simple.outside.v3");
    }
  }

  @Test
  void aRepositoryThatIsNotOpenIsOpenedAgain() throws Exception {
    Path remote = dir.resolve("later");
    String url = GitFixtures.fileUrl(remote.resolve(".git"));
    try (PorchServer server = OutsideChanges.start(dir, Duration.ofHours(1))) {
      ApiClient client = new ApiClient(server);
      assertThat(client.post(CONFIG + "repositories", repository("later", url, null)).code())
          .isEqualTo(201);
      await()
          .atMost(WITHIN)
          .until(
              () ->
                  client
                      .get(CONFIG + "repositories/later")
                      .json()
                      .at("/status/conditions/0/reason")
                      .asText()
                      .equals("Error"));
      GitFixtures.porchRepository("simple-repository", remote);
      ApiClient.Response accepted =
          client.sendRaw(
              "POST",
              HOOK + "later",
              new byte[0],
              Map.of("Authorization", "Bearer " + server.token().reveal()));
      assertThat(accepted.code()).isEqualTo(202);
      assertThat(accepted.json().path("message").asText()).contains("being opened");
      await()
          .atMost(WITHIN)
          .until(
              () ->
                  client
                      .get(CONFIG + "repositories/later")
                      .json()
                      .at("/status/conditions/0/status")
                      .asText()
                      .equals("True"));
    }
  }

  private static ApiClient.Response hook(
      ApiClient client, String repository, Map<String, String> headers) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("X-GitHub-Event", "push");
    all.put("Content-Type", "application/json");
    return client.sendRaw("POST", HOOK + repository, PAYLOAD, all);
  }

  private static String sign(String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(PAYLOAD));
  }

  private void pushTag(Path gitDir, String tag) throws IOException, InterruptedException {
    Path work = dir.resolve("work-" + tag.replace('/', '-'));
    OutsideGit.git(dir, "clone", "-q", gitDir.toString(), work.toString());
    String pkg = tag.substring(0, tag.indexOf('/'));
    Files.createDirectories(work.resolve(pkg));
    Files.writeString(
        work.resolve(pkg + "/Kptfile"),
        "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: " + pkg + "\n");
    Files.writeString(work.resolve(pkg + "/tag.txt"), tag + "\n");
    OutsideGit.git(work, "add", ".");
    OutsideGit.git(work, "commit", "-q", "-m", "pushed outside the server: " + tag);
    OutsideGit.git(work, "push", "-q", "origin", "HEAD:refs/tags/" + tag);
  }
}
