package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.support.ApiClient;
import io.jporch.testing.http.GitHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 4 "Done when" on crash safety: the server process is killed with SIGKILL while approvals
 * and deletions on a repository served over HTTP are in flight, then restarted on the same data
 * directory. After every restart no published revision is lost, every in-flight operation is
 * applied whole or not at all, every ref points at a whole package with a well-formed {@code kpt:}
 * trailer, both the remote and the server's cache clone pass {@code git fsck --strict}, the data
 * directory's stores read back, and the server's list equals what Git says.
 *
 * <p>Each cycle prepares five proposals to approve, two drafts to delete and two published
 * revisions (DeletionProposed) to delete, sends the nine requests at once and kills the server
 * after a random delay within the time the same requests took without a kill (measured in a first
 * cycle).
 */
@EnabledIfSystemProperty(
    named = "jporch.e2e.crash",
    matches = "true",
    disabledReason = "7+ minutes on a loaded machine; run with -Djporch.e2e.crash=true")
class CrashE2E extends E2EBase {
  static final int CYCLES = 6;
  static final int APPROVALS = 5;
  static final int DRAFT_DELETES = 2;
  static final int PUBLISHED_DELETES = 2;
  static final int IN_FLIGHT = APPROVALS + DRAFT_DELETES + PUBLISHED_DELETES; // 6 × 9 = 54
  private static final String REPO = "crash";
  private static final String PKG = "app";
  private static final String SECRET = "/api/v1/namespaces/default/secrets/crash-auth";

  private Path work;
  private Path data;
  private Path bare;
  private Path fork;
  private JporchProcess server;
  private ApiClient api;
  private int forks;
  private Map<String, String> checked = Map.of();

  @Test
  void killedDuringApproveAndDeleteLosesNothing() throws Exception {
    work = workDir("crash");
    data = work.resolve("data");
    // The remote is a Git server of its own (git http-backend in this JVM), as in production: a
    // file:// remote is written by JGit inside the server process, and a kill there can leave a
    // lock in the remote itself (see docs/performance.md).
    Path root = Files.createDirectories(work.resolve("http-root"));
    GitHttpServer git = GitHttpServer.start(root);
    bare = GitCli.createSeededBareRepository(root, "crash.git");
    server = JporchProcess.start(data, work);
    try {
      Kubectl kubectl = server.kubectl();
      api = ApiHttp.client(server.kubeconfig());
      // Created with raw requests: kubectl's client-side validation would first download the
      // OpenAPI document, which is not what this test is about.
      ApiClient.Response created =
          api.send(
              "POST",
              "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories",
              Manifests.fastSyncedGitRepository(REPO, git.url("crash.git")),
              "application/yaml",
              "application/json",
              true);
      assertThat(created.code()).as(created.body()).isEqualTo(201);
      RepositoryAssertions.awaitReady(kubectl, REPO);
      ApiClient.Response secretCreated =
          api.post(
              "/api/v1/namespaces/default/secrets",
              "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"crash-auth\"},"
                  + "\"stringData\":{\"username\":\"u\"}}");
      assertThat(secretCreated.code()).as(secretCreated.body()).isEqualTo(201);
      String secret = api.get(SECRET).json().at("/data").toString();
      String base = Manifests.objectName(REPO, PKG, "base");
      Lifecycles.create(api, REPO, PKG, "base");
      Lifecycles.putResources(api, base, "owner.yaml", Lifecycles.configMap("base"));
      Lifecycles.propose(api, base);
      assertThat(Lifecycles.approve(api, base, Lifecycles.get(api, base)).code()).isEqualTo(200);
      fork = work.resolve("fork");
      GitCli.git(work, "clone", "-q", bare.toString(), fork.toString());

      long seed = System.nanoTime();
      Random random = new Random(seed);
      long calibration = 0;
      List<String> report = new ArrayList<>();
      for (int cycle = 0; cycle <= CYCLES; cycle++) {
        Cycle c = prepare(cycle);
        long started = System.nanoTime();
        Map<String, CompletableFuture<ApiClient.Response>> sent = c.fire(api);
        long delay;
        if (cycle == 0) {
          // calibration: the same operations without a kill
          CompletableFuture.allOf(sent.values().toArray(CompletableFuture[]::new)).join();
          calibration = Math.max(50, (System.nanoTime() - started) / 1_000_000);
          delay = -1;
        } else {
          delay = (long) (random.nextDouble() * calibration);
          Thread.sleep(delay);
          server.kill();
        }
        long restartStart = System.nanoTime();
        if (cycle > 0) {
          server = JporchProcess.start(data, work);
          api = ApiHttp.client(server.kubeconfig());
          // the first TLS handshakes of a cold JVM can be slow on a loaded machine
          await("server answers after restart")
              .until(() -> api.get(ApiHttp.PACKAGEREVISIONS).code() == 200);
        }
        long restartMillis = (System.nanoTime() - restartStart) / 1_000_000;
        long verifyStart = System.nanoTime();
        String outcome = verify(c);
        long verifyMillis = (System.nanoTime() - verifyStart) / 1_000_000;
        assertThat(api.get(SECRET).json().at("/data").toString()).isEqualTo(secret);
        report.add(
            "cycle %d: kill after %s ms, restart %d ms, checks %d ms, %s"
                .formatted(
                    cycle, delay < 0 ? "(none)" : delay, restartMillis, verifyMillis, outcome));
      }
      // The proposals left unapproved by the kills are approved now: numbers stay distinct.
      Map<String, Manifests.Revision> left = Lifecycles.list(api, REPO);
      for (Manifests.Revision r : left.values()) {
        if (r.lifecycle().equals("Proposed")) {
          Lifecycles.approveWithRetries(api, r.name());
        }
      }
      verifyListEqualsGit();
      System.out.printf(
          "CrashE2E seed %d, calibration %d ms, %d kills, %d in-flight operations:%n  %s%n",
          seed, calibration, CYCLES, CYCLES * IN_FLIGHT, String.join("\n  ", report));
    } finally {
      server.close();
      git.close();
    }
  }

  /**
   * The in-flight operations of one cycle and the Git state before they were sent: proposals to
   * approve, drafts to delete, and DeletionProposed revisions (object name → tag) to delete.
   */
  private record Cycle(
      Map<String, String> refsBefore,
      long resourceVersionBefore,
      List<String> approvals,
      List<String> drafts,
      Map<String, String> published,
      Map<String, JsonNode> objects,
      Map<String, ApiClient.Response> answered) {

    /**
     * Sends every request at once, deletions first: the repository serialises writes, and deletions
     * sent after the approvals would mostly run after them, where a kill seldom lands.
     */
    Map<String, CompletableFuture<ApiClient.Response>> fire(ApiClient api) {
      Map<String, CompletableFuture<ApiClient.Response>> sent = new LinkedHashMap<>();
      List<String> deletions = new ArrayList<>(drafts);
      deletions.addAll(published.keySet());
      for (String name : deletions) {
        sent.put(name, async(() -> api.delete(ApiHttp.PACKAGEREVISIONS + "/" + name)));
      }
      for (String name : approvals) {
        sent.put(name, async(() -> Lifecycles.approve(api, name, objects.get(name))));
      }
      sent.forEach(
          (name, f) ->
              f.thenAccept(
                  r -> {
                    if (r != null) {
                      answered.put(name, r);
                    }
                  }));
      return sent;
    }

    private static CompletableFuture<ApiClient.Response> async(
        java.util.function.Supplier<ApiClient.Response> call) {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return call.get();
            } catch (RuntimeException e) {
              return null; // the server died under the request: its outcome is checked in Git
            }
          },
          Thread::startVirtualThread);
    }
  }

  private Cycle prepare(int cycle) {
    List<String> approvals = new ArrayList<>();
    for (int i = 0; i < APPROVALS; i++) {
      approvals.add("c%02da%d".formatted(cycle, i));
    }
    List<String> drafts = new ArrayList<>();
    for (int i = 0; i < DRAFT_DELETES; i++) {
      drafts.add("c%02dd%d".formatted(cycle, i));
    }
    List<String> toPublish = new ArrayList<>();
    for (int i = 0; i < PUBLISHED_DELETES; i++) {
      toPublish.add("c%02dp%d".formatted(cycle, i));
    }
    String source = "refs/tags/" + PKG + "/v1";
    List<String> proposals = new ArrayList<>(approvals);
    proposals.addAll(toPublish);
    fork(source, "proposed", proposals);
    fork(source, "drafts", drafts);
    List<String> pushed = new ArrayList<>();
    proposals.forEach(ws -> pushed.add(Manifests.objectName(REPO, PKG, ws)));
    drafts.forEach(ws -> pushed.add(Manifests.objectName(REPO, PKG, ws)));
    await("branches pushed with git are listed")
        .untilAsserted(() -> assertThat(Lifecycles.list(api, REPO).keySet()).containsAll(pushed));
    Map<String, String> published = new TreeMap<>();
    for (String ws : toPublish) {
      String name = Manifests.objectName(REPO, PKG, ws);
      JsonNode approved = Lifecycles.approveWithRetries(api, name).json();
      JsonNode toDelete = approved.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) toDelete.get("spec"))
          .put("lifecycle", "DeletionProposed");
      ApiClient.Response proposedDeletion =
          api.put(ApiHttp.PACKAGEREVISIONS + "/" + name + "/approval", toDelete.toString());
      assertThat(proposedDeletion.code()).as(proposedDeletion.body()).isEqualTo(200);
      published.put(name, "refs/tags/" + PKG + "/v" + approved.at("/spec/revision").asInt());
    }
    Map<String, JsonNode> objects = new TreeMap<>();
    for (String ws : approvals) {
      String name = Manifests.objectName(REPO, PKG, ws);
      objects.put(name, Lifecycles.get(api, name));
    }
    JsonNode list = api.get(ApiHttp.PACKAGEREVISIONS).json();
    return new Cycle(
        GitCli.refs(bare),
        Long.parseLong(list.at("/metadata/resourceVersion").asText()),
        List.copyOf(objects.keySet()),
        drafts.stream().map(ws -> Manifests.objectName(REPO, PKG, ws)).toList(),
        published,
        objects,
        new ConcurrentHashMap<>());
  }

  /** Pushes one branch per workspace on top of {@code source} with its own owner.yaml. */
  private void fork(String source, String prefix, List<String> workspaces) {
    GitCli.git(fork, "fetch", "-q", "origin", "+refs/tags/*:refs/tags/*");
    List<String> push = new ArrayList<>(List.of("push", "-q", "origin"));
    for (String ws : workspaces) {
      String branch = "fork-" + forks++;
      GitCli.git(fork, "checkout", "-q", "-B", branch, source);
      write(fork.resolve(PKG).resolve("owner.yaml"), Lifecycles.configMap(ws));
      GitCli.git(fork, "add", PKG + "/owner.yaml");
      GitCli.git(
          fork,
          "commit",
          "-q",
          "-m",
          "Intermediate commit\n\nkpt:{\"package\":\"%s\",\"workspaceName\":\"%s\",\"revision\":\"0\"}"
              .formatted(PKG, ws));
      push.add(branch + ":refs/heads/" + prefix + "/" + PKG + "/" + ws);
    }
    GitCli.git(fork, push.toArray(String[]::new));
  }

  /** Checks every invariant after a restart; returns what happened to the in-flight operations. */
  private String verify(Cycle c) {
    Map<String, String> refs = GitCli.refs(bare);
    Set<String> newTags = new TreeSet<>();
    refs.keySet().stream()
        // a number freed by an in-flight deletion can be taken again by an in-flight approval
        .filter(r -> r.startsWith("refs/tags/") && !refs.get(r).equals(c.refsBefore().get(r)))
        .forEach(newTags::add);
    // 1. no published revision lost: every tag is still there, except the one being deleted
    c.refsBefore()
        .forEach(
            (ref, id) -> {
              if (ref.startsWith("refs/tags/") && !c.published().containsValue(ref)) {
                assertThat(refs).as("tag %s survives", ref).containsEntry(ref, id);
              }
            });
    // 2. each approval whole or not at all
    int approved = 0;
    Map<String, String> tagOf = new TreeMap<>();
    for (String tag : newTags) {
      String ws = owner(tag);
      assertThat(tagOf.put(ws, tag)).as("%s tagged twice", ws).isNull();
    }
    for (String name : c.approvals()) {
      String ws = name.substring(name.lastIndexOf('.') + 1);
      String proposed = "refs/heads/proposed/" + PKG + "/" + ws;
      String tag = tagOf.remove(ws);
      ApiClient.Response answer = c.answered().get(name);
      if (tag != null) {
        approved++;
        assertThat(refs).as("approved %s: proposal branch gone", name).doesNotContainKey(proposed);
        GitCli.gitDir(bare, "merge-base", "--is-ancestor", tag, "refs/heads/main");
      } else {
        assertThat(refs)
            .as("unapproved %s: proposal branch untouched", name)
            .containsEntry(proposed, c.refsBefore().get(proposed));
        assertThat(answer == null || answer.code() != 200)
            .as("%s answered 200 but is not in Git", name)
            .isTrue();
      }
    }
    assertThat(tagOf).as("tags of no in-flight approval").isEmpty();
    // 3. the draft deletions
    int draftsDeleted = 0;
    for (String draft : c.drafts()) {
      String draftRef =
          "refs/heads/drafts/" + PKG + "/" + draft.substring(draft.lastIndexOf('.') + 1);
      boolean deleted = !refs.containsKey(draftRef);
      if (deleted) {
        draftsDeleted++;
      } else {
        assertThat(refs.get(draftRef)).as(draftRef).isEqualTo(c.refsBefore().get(draftRef));
      }
      assertAnswer(c, draft, deleted);
    }
    // 4. the published deletions: tag and deletionProposed branch go together
    int publishedDeleted = 0;
    for (Map.Entry<String, String> e : c.published().entrySet()) {
      String tag = e.getValue();
      String marker = "refs/heads/deletionProposed/" + tag.substring("refs/tags/".length());
      // deleted: the tag is gone, or its number was taken again by an approval (another commit)
      boolean deleted = !c.refsBefore().get(tag).equals(refs.get(tag));
      if (deleted) {
        publishedDeleted++;
      }
      assertThat(refs.containsKey(marker))
          .as("%s and %s change together", tag, marker)
          .isEqualTo(!deleted);
      assertAnswer(c, e.getKey(), deleted);
    }
    // 5. every package ref the cycle created or moved is whole
    refs.forEach(
        (ref, id) -> {
          if (id.equals(checked.get(ref))) {
            return; // checked after an earlier cycle
          }
          if (ref.startsWith("refs/tags/")
              || ref.startsWith("refs/heads/drafts/")
              || ref.startsWith("refs/heads/proposed/")
              || ref.startsWith("refs/heads/deletionProposed/")) {
            assertWhole(ref);
          }
        });
    checked = refs;
    GitCli.gitDir(bare, "fsck", "--strict", "--no-dangling");
    for (Path clone : cacheClones()) {
      GitCli.gitDir(clone, "fsck", "--strict", "--no-dangling");
    }
    // 6. the data directory's stores read back
    assertStoresReadable();
    JsonNode list = api.get(ApiHttp.PACKAGEREVISIONS).json();
    assertThat(Long.parseLong(list.at("/metadata/resourceVersion").asText()))
        .as("resourceVersions keep growing across the kill")
        .isGreaterThan(c.resourceVersionBefore());
    await("server list equals git after the restart").untilAsserted(this::verifyListEqualsGit);
    return "approved %d/%d, drafts deleted %d/%d, published deleted %d/%d, answered %s"
        .formatted(
            approved,
            APPROVALS,
            draftsDeleted,
            DRAFT_DELETES,
            publishedDeleted,
            PUBLISHED_DELETES,
            c.answered().values().stream().map(ApiClient.Response::code).sorted().toList());
  }

  private static void assertAnswer(Cycle c, String name, boolean applied) {
    ApiClient.Response answer = c.answered().get(name);
    if (answer != null && answer.code() == 200) {
      assertThat(applied).as("%s answered 200: %s", name, answer.body()).isTrue();
    }
  }

  /** The ref's commit holds the package's Kptfile and ends with a well-formed kpt: trailer. */
  private void assertWhole(String ref) {
    assertThat(GitCli.gitDir(bare, "ls-tree", "--name-only", ref, PKG + "/"))
        .as("%s holds the package", ref)
        .contains(PKG + "/Kptfile")
        .contains(PKG + "/owner.yaml");
    String message = GitCli.gitDir(bare, "log", "-1", "--format=%B", ref);
    List<String> trailers = message.lines().filter(l -> l.startsWith("kpt:")).toList();
    assertThat(trailers).as("%s: kpt trailer in %s", ref, message).hasSize(1);
    try {
      JsonNode annotation = Kubectl.JSON.readTree(trailers.get(0).substring("kpt:".length()));
      assertThat(annotation.path("package").asText()).as(ref).isEqualTo(PKG);
      assertThat(annotation.path("workspaceName").asText()).as(ref).isNotEmpty();
    } catch (IOException e) {
      throw new AssertionError(ref + ": malformed kpt trailer " + trailers.get(0), e);
    }
  }

  private String owner(String tag) {
    String text = GitCli.gitDir(bare, "show", tag + ":" + PKG + "/owner.yaml");
    return text.lines()
        .filter(l -> l.strip().startsWith("workspace:"))
        .map(l -> l.strip().substring("workspace:".length()).strip())
        .findFirst()
        .orElseThrow(() -> new AssertionError(tag + " has no owner: " + text));
  }

  /** The server's list of the repository equals the revisions Git's refs define. */
  private void verifyListEqualsGit() {
    Map<String, String> refs = GitCli.refs(bare);
    Set<String> expected = new TreeSet<>();
    refs.keySet()
        .forEach(
            ref -> {
              if (ref.startsWith("refs/tags/" + PKG + "/v")) {
                String suffix = ref.substring(ref.lastIndexOf('/') + 1);
                boolean marked =
                    refs.containsKey("refs/heads/deletionProposed/" + PKG + "/" + suffix);
                expected.add(
                    (marked ? "DeletionProposed" : "Published") + " " + suffix.substring(1));
              } else if (ref.startsWith("refs/heads/drafts/" + PKG + "/")) {
                expected.add("Draft " + ref.substring(ref.lastIndexOf('/') + 1));
              } else if (ref.startsWith("refs/heads/proposed/" + PKG + "/")) {
                expected.add("Proposed " + ref.substring(ref.lastIndexOf('/') + 1));
              }
            });
    Set<String> listed =
        Lifecycles.list(api, REPO).values().stream()
            .filter(r -> r.revision() != -1)
            .map(
                r ->
                    r.lifecycle()
                        + " "
                        + (r.revision() > 0 ? Long.toString(r.revision()) : r.workspace()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(listed).as("server list vs git refs").isEqualTo(expected);
  }

  private List<Path> cacheClones() {
    try (Stream<Path> dirs = Files.walk(data.resolve("git"), 3)) {
      return dirs.filter(d -> Files.isDirectory(d.resolve("objects"))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every JSON file of the stores parses; the counters are numbers. */
  private void assertStoresReadable() {
    for (String store : List.of("metadata", "repositories", "secrets")) {
      try (Stream<Path> files = Files.walk(data.resolve(store))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
          byte[] bytes = Files.readAllBytes(f);
          if (bytes.length > 0) { // an empty recreatable metadata file reads as absent
            Kubectl.JSON.readTree(bytes);
          }
        }
      } catch (IOException e) {
        throw new AssertionError("store " + store + " is corrupt: " + e, e);
      }
    }
    for (Path counter :
        List.of(
            data.resolve("watch").resolve("packagerevisions-rv"),
            data.resolve("repositories").resolve("resource-version"))) {
      try {
        Long.parseLong(Files.readString(counter).strip());
      } catch (IOException | NumberFormatException e) {
        throw new AssertionError("counter " + counter + " is corrupt: " + e, e);
      }
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
