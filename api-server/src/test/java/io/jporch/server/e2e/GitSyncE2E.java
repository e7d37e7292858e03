package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Keeping the server in step with Git changes made elsewhere, on a server whose periodic sync runs
 * only every hour ({@code --repo-sync-frequency 1h}), so that only the push trigger can explain a
 * change seen by a running watch:
 *
 * <ul>
 *   <li>a tag pushed with plain {@code git}, then the webhook called with {@code curl} and a GitHub
 *       signature: the revision reaches a running {@code kubectl get -w} and the list;
 *   <li>deleting a Repository: DELETED events for each of its revisions (a label-selected watch
 *       only for the revisions it selects), its clone removed; registering the same name against a
 *       recreated remote shows only the new content, without the old labels.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitSyncE2E extends E2EBase {
  private static final String SECRET = "push-Trigger-9";

  private Path work;
  private JporchProcess server;
  private Kubectl kubectl;

  @BeforeAll
  void start() {
    work = workDir("gitsync");
    server =
        JporchProcess.start(work.resolve("data"), work, 0, List.of("--repo-sync-frequency", "1h"));
    kubectl = server.kubectl();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String repository(String name, String url, String webhookSecret) {
    String annotations =
        webhookSecret == null
            ? ""
            : "  annotations:\n    porch.kpt.dev/webhook-secret: " + webhookSecret + "\n";
    return """
        apiVersion: config.porch.kpt.dev/v1alpha1
        kind: Repository
        metadata:
          name: %s
          namespace: default
        %sspec:
          type: git
          git:
            repo: %s
            branch: main
        """
        .formatted(name, annotations, url);
  }

  @Test
  void aSignedWebhookMakesAPushedTagVisibleToRunningWatches() throws Exception {
    Path bare = GitCli.createSeededBareRepository(work.resolve("git"), "hooked.git");
    pushPackage(bare, "first", "first/v1", "one");
    kubectl
        .run("create", "secret", "generic", "hook", "--from-literal=secret=" + SECRET)
        .assertSuccess();
    kubectl
        .withFile(repository("hooked", bare.toUri().toString(), "hook"), "apply")
        .assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, "hooked");
    try (Kubectl.Watch watch =
        kubectl.watch(
            "get",
            "packagerevisions",
            "-w",
            "--output-watch-events",
            "-o",
            "json",
            "--field-selector",
            "spec.repository=hooked")) {
      await("the watch lists hooked.first.v1")
          .untilAsserted(
              () ->
                  assertThat(events(watch, "hooked.first.v1"))
                      .as(watch.describe())
                      .contains("ADDED"));
      pushPackage(bare, "second", "second/v1", "two");

      Path payload = work.resolve("payload.json");
      Files.writeString(payload, "{\"ref\":\"refs/tags/second/v1\"}");
      String hook =
          "https://127.0.0.1:"
              + server.port()
              + "/webhooks/git/namespaces/default/repositories/hooked";
      List<String> forged = curl(hook, payload, "X-Hub-Signature-256: sha256=" + "0".repeat(64));
      assertThat(forged.getLast()).isEqualTo("401");
      assertThat(String.join("\n", forged)).doesNotContain(SECRET);

      long started = System.nanoTime();
      List<String> accepted =
          curl(hook, payload, "X-Hub-Signature-256: " + sign(Files.readAllBytes(payload)));
      assertThat(accepted.getLast()).as(String.join("\n", accepted)).isEqualTo("202");
      await("the watch sees hooked.second.v1")
          .untilAsserted(
              () ->
                  assertThat(events(watch, "hooked.second.v1"))
                      .as(watch.describe())
                      .contains("ADDED"));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      System.out.println("GitSyncE2E: push trigger -> kubectl watch event in " + millis + " ms");
      assertThat(names(kubectl.json("get", "packagerevisions", "-o", "json")))
          .contains("hooked.first.v1", "hooked.second.v1");
    }
  }

  @Test
  void deletingARepositoryRemovesItsRevisionsAndReRegisteringShowsOnlyTheNewRemote()
      throws Exception {
    Path bare = GitCli.createSeededBareRepository(work.resolve("git"), "gone.git");
    pushPackage(bare, "a", "a/v1", "old-1");
    pushPackage(bare, "a", "a/v2", "old-2");
    pushPackage(bare, "c", "c/v1", "old-c");
    String url = bare.toUri().toString();
    kubectl.withFile(repository("gone", url, null), "apply").assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, "gone");
    assertThat(names(kubectl.json("get", "packagerevisions", "-o", "json")))
        .contains("gone.a.v1", "gone.a.v2", "gone.c.v1");
    kubectl.run("label", "packagerevision", "gone.a.v1", "stage=old").assertSuccess();
    Path clones = server.dataDir().resolve("git/git");
    assertThat(clonesOf(clones, "gone.git")).hasSize(1);

    try (Kubectl.Watch all =
            kubectl.watch(
                "get",
                "packagerevisions",
                "-w",
                "--output-watch-events",
                "-o",
                "json",
                "--field-selector",
                "spec.repository=gone");
        Kubectl.Watch latest =
            kubectl.watch(
                "get",
                "packagerevisions",
                "-w",
                "--output-watch-events",
                "-o",
                "json",
                "-l",
                "kpt.dev/latest-revision=true")) {
      await("both watches are listed")
          .untilAsserted(
              () -> {
                assertThat(events(all, "gone.c.v1")).as(all.describe()).contains("ADDED");
                assertThat(events(latest, "gone.c.v1")).as(latest.describe()).contains("ADDED");
              });
      kubectl.run("delete", "repository", "gone").assertSuccess();
      await("DELETED for every revision of gone")
          .untilAsserted(
              () -> {
                for (String name : List.of("gone.a.v1", "gone.a.v2", "gone.c.v1")) {
                  assertThat(events(all, name))
                      .as(all.describe())
                      .containsExactly("ADDED", "DELETED");
                }
                assertThat(events(latest, "gone.a.v2"))
                    .as(latest.describe())
                    .containsExactly("ADDED", "DELETED");
                assertThat(events(latest, "gone.c.v1"))
                    .as(latest.describe())
                    .containsExactly("ADDED", "DELETED");
              });
      assertThat(events(latest, "gone.a.v1")).as("not selected: not latest").isEmpty();
      assertThat(names(kubectl.json("get", "packagerevisions", "-o", "json")))
          .noneMatch(n -> n.startsWith("gone."));
      assertThat(clonesOf(clones, "gone.git")).as("the clone is removed").isEmpty();
      long deletedAt = maxResourceVersion(all);

      // The same remote path, recreated with other content.
      deleteRecursively(bare);
      GitCli.createSeededBareRepository(work.resolve("git"), "gone.git");
      pushPackage(bare, "a", "a/v1", "new-1");
      pushPackage(bare, "b", "b/v1", "new-b");
      kubectl.withFile(repository("gone", url, null), "apply").assertSuccess();
      RepositoryAssertions.awaitReady(kubectl, "gone");
      await("ADDED for the new content")
          .untilAsserted(
              () -> {
                assertThat(events(all, "gone.a.v1"))
                    .as(all.describe())
                    .containsExactly("ADDED", "DELETED", "ADDED");
                assertThat(events(all, "gone.b.v1")).as(all.describe()).containsExactly("ADDED");
              });
      assertThat(events(all, "gone.a.v2")).containsExactly("ADDED", "DELETED");
      assertThat(events(all, "gone.c.v1")).containsExactly("ADDED", "DELETED");
      assertThat(maxResourceVersion(all)).isGreaterThan(deletedAt);
      List<String> names = names(kubectl.json("get", "packagerevisions", "-o", "json"));
      assertThat(names.stream().filter(n -> n.startsWith("gone.")))
          .containsExactlyInAnyOrder("gone.a.v1", "gone.b.v1");
      JsonNode revision = kubectl.json("get", "packagerevision", "gone.a.v1", "-o", "json");
      assertThat(revision.at("/metadata/labels/stage").isMissingNode())
          .as("no label from the deleted registration: %s", revision.at("/metadata"))
          .isTrue();
      assertThat(Long.parseLong(revision.at("/metadata/resourceVersion").asText()))
          .isGreaterThan(deletedAt);
      JsonNode resources =
          kubectl.json("get", "packagerevisionresources", "gone.a.v1", "-o", "json");
      assertThat(resources.at("/spec/resources/content.txt").asText()).isEqualTo("new-1\n");
    }
  }

  /** Commits a package {@code pkg} with {@code content.txt} and pushes it as tag {@code tag}. */
  private void pushPackage(Path bare, String pkg, String tag, String content) throws IOException {
    Path clone = Files.createTempDirectory(work, "push-");
    GitCli.git(clone, "clone", "-q", bare.toString(), ".");
    Files.createDirectories(clone.resolve(pkg));
    Files.writeString(
        clone.resolve(pkg + "/Kptfile"),
        "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: " + pkg + "\n");
    Files.writeString(clone.resolve(pkg + "/content.txt"), content + "\n");
    GitCli.git(clone, "add", ".");
    GitCli.git(clone, "commit", "-q", "-m", "pushed outside jporch: " + tag);
    GitCli.git(clone, "push", "-q", "origin", "HEAD:refs/tags/" + tag);
  }

  private List<String> curl(String url, Path body, String header) {
    String out =
        GitCli.exec(
            work,
            List.of(
                "curl",
                "-sS",
                "--cacert",
                server.dataDir().resolve("tls/tls.crt").toString(),
                "-X",
                "POST",
                "-H",
                "Content-Type: application/json",
                "-H",
                "X-GitHub-Event: push",
                "-H",
                header,
                "--data-binary",
                "@" + body,
                "-w",
                "\n%{http_code}",
                url));
    return out.lines().toList();
  }

  private static String sign(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static List<String> events(Kubectl.Watch watch, String name) {
    return watch.documents().stream()
        .filter(e -> name.equals(e.at("/object/metadata/name").asText()))
        .map(e -> e.path("type").asText())
        .toList();
  }

  private static long maxResourceVersion(Kubectl.Watch watch) {
    return watch.documents().stream()
        .mapToLong(e -> Long.parseLong(e.at("/object/metadata/resourceVersion").asText("0")))
        .max()
        .orElse(0);
  }

  private static List<String> names(JsonNode list) {
    return StreamSupport.stream(list.path("items").spliterator(), false)
        .map(i -> i.at("/metadata/name").asText())
        .toList();
  }

  private static List<Path> clonesOf(Path clones, String remoteName) throws IOException {
    if (!Files.isDirectory(clones)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(clones)) {
      return children.filter(p -> p.getFileName().toString().contains("-" + remoteName)).toList();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
