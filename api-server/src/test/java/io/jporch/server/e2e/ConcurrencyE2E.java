package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.server.support.ApiClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 4 "Done when" on concurrency: 50 simultaneous requests on one package against the server
 * process over HTTPS. Concurrent approvals of 50 proposals get distinct revision numbers (or 409),
 * Git's tags are exactly the published revisions and each tag holds its own draft's content;
 * concurrent updates of one draft's resources with the same resourceVersion have exactly one
 * winner; concurrent propose/delete mixes never fail with 5xx and leave the list equal to Git.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyE2E extends E2EBase {
  static final int N = 50;
  private static final String PKG = "app";

  private Path work;
  private JporchProcess server;
  private Kubectl kubectl;
  private ApiClient api;

  @BeforeAll
  void startServer() {
    work = workDir("concurrency");
    server = JporchProcess.start(work.resolve("data"), work);
    kubectl = server.kubectl();
    api = ApiHttp.client(server.kubeconfig());
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void concurrentApprovalsGetDistinctRevisionsAndMatchGit() throws Exception {
    String repo = "race";
    Path bare = repository(repo);
    List<String> workspaces =
        IntStream.rangeClosed(1, N).mapToObj(i -> "w%02d".formatted(i)).toList();
    // Porch refuses a second `init` of an existing package (and jporch has no `copy` yet): the
    // first proposal is made through the API, the other 49 are branches pushed with plain git,
    // as any Git user can.
    String first = Manifests.objectName(repo, PKG, workspaces.get(0));
    Lifecycles.create(api, repo, PKG, workspaces.get(0));
    Lifecycles.putResources(api, first, "owner.yaml", Lifecycles.configMap(workspaces.get(0)));
    forkBranches(
        bare, "drafts/" + PKG + "/" + workspaces.get(0), "proposed", workspaces.subList(1, N));
    Lifecycles.propose(api, first);
    await("proposals pushed with git are listed")
        .untilAsserted(
            () ->
                assertThat(
                        Lifecycles.list(api, repo).values().stream()
                            .filter(r -> r.lifecycle().equals("Proposed"))
                            .count())
                    .isEqualTo(N));
    Map<String, JsonNode> proposals = new TreeMap<>();
    for (String ws : workspaces) {
      String name = Manifests.objectName(repo, PKG, ws);
      JsonNode pr = Lifecycles.get(api, name);
      assertThat(pr.at("/spec/lifecycle").asText()).as(name).isEqualTo("Proposed");
      proposals.put(name, pr);
    }

    long started = System.nanoTime();
    Map<String, ApiClient.Response> round =
        concurrently(
            proposals.keySet(), name -> Lifecycles.approve(api, name, proposals.get(name)));
    Map<Integer, String> numbers = new TreeMap<>();
    List<String> losers = new ArrayList<>();
    round.forEach(
        (name, r) -> {
          assertThat(r.code()).as(name + ": " + r.body()).isIn(200, 409);
          if (r.code() == 200) {
            int revision = r.json().at("/spec/revision").asInt();
            assertThat(r.json().at("/spec/lifecycle").asText()).isEqualTo("Published");
            assertThat(numbers.put(revision, name))
                .as("revision %d given twice", revision)
                .isNull();
          } else {
            Lifecycles.assertConflict(r, name);
            losers.add(name);
          }
        });
    System.out.printf(
        "ConcurrencyE2E: %d concurrent approvals: %d approved, %d conflicts, %d ms%n",
        N, N - losers.size(), losers.size(), (System.nanoTime() - started) / 1_000_000);
    for (String name : losers) {
      ApiClient.Response r = Lifecycles.approveWithRetries(api, name);
      int revision = r.json().at("/spec/revision").asInt();
      assertThat(numbers.put(revision, name)).as("revision %d given twice", revision).isNull();
    }
    assertThat(numbers.keySet())
        .as(
            "revision numbers after retries (first round: %d approved, %d conflicts)",
            N - losers.size(), losers.size())
        .isEqualTo(IntStream.rangeClosed(1, N).boxed().collect(Collectors.toSet()));

    Map<Integer, String> listed = new TreeMap<>();
    for (Manifests.Revision r : Lifecycles.list(api, repo).values()) {
      if (r.packageName().equals(PKG) && r.revision() > 0) {
        assertThat(r.lifecycle()).isEqualTo("Published");
        assertThat(listed.put((int) r.revision(), r.name())).isNull();
      } else {
        assertThat(r.revision()).as(r.toString()).isEqualTo(-1); // the main placeholder
      }
    }
    assertThat(listed).isEqualTo(numbers);
    Set<String> tags =
        GitCli.gitDir(bare, "tag", "--list").lines().collect(Collectors.toCollection(TreeSet::new));
    assertThat(tags)
        .isEqualTo(
            listed.keySet().stream()
                .map(n -> PKG + "/v" + n)
                .collect(Collectors.toCollection(TreeSet::new)));
    assertThat(GitCli.refs(bare).keySet())
        .as("no proposal branch is left")
        .allMatch(
            ref ->
                !ref.startsWith("refs/heads/proposed/") && !ref.startsWith("refs/heads/drafts/"));
    for (Map.Entry<Integer, String> e : listed.entrySet()) {
      String ws = e.getValue().substring(e.getValue().lastIndexOf('.') + 1);
      assertThat(GitCli.gitDir(bare, "show", PKG + "/v" + e.getKey() + ":" + PKG + "/owner.yaml"))
          .as("content of tag %s/v%d", PKG, e.getKey())
          .contains("workspace: " + ws);
      // every approval is on main: no lost commit
      GitCli.gitDir(bare, "merge-base", "--is-ancestor", PKG + "/v" + e.getKey(), "main");
    }
    GitCli.gitDir(bare, "fsck", "--strict", "--no-dangling");
  }

  @Test
  void concurrentResourceUpdatesHaveExactlyOneWinner() throws Exception {
    String repo = "edits";
    Path bare = repository(repo);
    String name = Manifests.objectName(repo, PKG, "e1");
    Lifecycles.create(api, repo, PKG, "e1");
    JsonNode resources = Lifecycles.getResources(api, name);
    List<Integer> writers = IntStream.rangeClosed(1, N).boxed().toList();
    Map<Integer, ApiClient.Response> results =
        concurrently(
            writers,
            i -> {
              ObjectNode body = resources.deepCopy();
              ((ObjectNode) body.at("/spec/resources"))
                  .put("value.yaml", Lifecycles.configMap("writer-" + i));
              return api.put(Lifecycles.resourcesPath(name), body.toString());
            });
    List<Integer> winners = new ArrayList<>();
    results.forEach(
        (i, r) -> {
          assertThat(r.code()).as("writer %d: %s", i, r.body()).isIn(200, 409);
          if (r.code() == 200) {
            winners.add(i);
          } else {
            Lifecycles.assertConflict(r, name);
          }
        });
    System.out.printf(
        "ConcurrencyE2E: %d concurrent resource updates: %d x 200, %d x 409%n",
        N, winners.size(), N - winners.size());
    assertThat(winners).as("writers that got 200").hasSize(1);
    String expected = Lifecycles.configMap("writer-" + winners.get(0));
    assertThat(Lifecycles.getResources(api, name).at("/spec/resources/value.yaml").asText())
        .isEqualTo(expected);
    assertThat(
            GitCli.gitDir(bare, "show", "refs/heads/drafts/" + PKG + "/e1:" + PKG + "/value.yaml"))
        .isEqualTo(expected);
  }

  @Test
  void concurrentProposeAndDeleteNeverFailAndMatchGit() throws Exception {
    String repo = "mixes";
    Path bare = repository(repo);
    List<String> workspaces =
        IntStream.rangeClosed(1, 10).mapToObj(i -> "m%02d".formatted(i)).toList();
    Lifecycles.create(api, repo, PKG, workspaces.get(0));
    forkBranches(
        bare, "drafts/" + PKG + "/" + workspaces.get(0), "drafts", workspaces.subList(1, 10));
    List<String> names =
        workspaces.stream().map(ws -> Manifests.objectName(repo, PKG, ws)).toList();
    await("drafts pushed with git are listed")
        .untilAsserted(() -> assertThat(Lifecycles.list(api, repo).keySet()).containsAll(names));
    List<String> operations = new ArrayList<>();
    for (String name : names) {
      operations.add("propose " + name);
      operations.add("delete " + name);
      operations.add("propose " + name);
      operations.add("update " + name);
      operations.add("delete " + name);
    }
    Map<String, ApiClient.Response> results = new HashMap<>();
    Map<Integer, ApiClient.Response> indexed =
        concurrently(
            IntStream.range(0, operations.size()).boxed().toList(),
            i -> {
              String[] op = operations.get(i).split(" ", 2);
              return switch (op[0]) {
                case "propose" ->
                    api.patch(
                        ApiHttp.PACKAGEREVISIONS + "/" + op[1],
                        "{\"spec\":{\"lifecycle\":\"Proposed\"}}",
                        "application/merge-patch+json");
                case "delete" -> api.delete(ApiHttp.PACKAGEREVISIONS + "/" + op[1]);
                default -> {
                  ApiClient.Response current = api.get(Lifecycles.resourcesPath(op[1]));
                  if (current.code() != 200) {
                    yield current;
                  }
                  ObjectNode body = (ObjectNode) current.json();
                  ((ObjectNode) body.at("/spec/resources"))
                      .put("extra.yaml", Lifecycles.configMap("extra"));
                  yield api.put(Lifecycles.resourcesPath(op[1]), body.toString());
                }
              };
            });
    indexed.forEach((i, r) -> results.put(i + " " + operations.get(i), r));
    System.out.printf(
        "ConcurrencyE2E: %d concurrent propose/delete/update requests, status codes %s%n",
        operations.size(),
        new TreeMap<>(
            results.values().stream()
                .collect(Collectors.groupingBy(ApiClient.Response::code, Collectors.counting()))));
    results.forEach(
        (op, r) -> {
          assertThat(r.code()).as(op + ": " + r.body()).isLessThan(500).isIn(200, 404, 409);
          if (r.code() == 409) {
            Lifecycles.assertConflict(r, op.substring(op.lastIndexOf(' ') + 1));
          }
        });
    Map<String, Manifests.Revision> listed = Lifecycles.list(api, repo);
    Map<String, String> refs = GitCli.refs(bare);
    for (String name : names) {
      String ws = name.substring(name.lastIndexOf('.') + 1);
      boolean draft = refs.containsKey("refs/heads/drafts/" + PKG + "/" + ws);
      boolean proposed = refs.containsKey("refs/heads/proposed/" + PKG + "/" + ws);
      assertThat(draft && proposed).as("%s is both a draft and a proposal in Git", name).isFalse();
      Manifests.Revision revision = listed.get(name);
      String expected = draft ? "Draft" : proposed ? "Proposed" : null;
      assertThat(revision == null ? null : revision.lifecycle())
          .as("%s listed vs Git (%s)", name, refs.keySet())
          .isEqualTo(expected);
      if (expected != null) {
        String ref = (draft ? "refs/heads/drafts/" : "refs/heads/proposed/") + PKG + "/" + ws;
        assertThat(GitCli.gitDir(bare, "ls-tree", "--name-only", ref, PKG + "/"))
            .contains(PKG + "/Kptfile");
      }
    }
    GitCli.gitDir(bare, "fsck", "--strict", "--no-dangling");
  }

  /**
   * With plain git: for each workspace, a commit on top of {@code source} whose {@code owner.yaml}
   * names the workspace, with Porch's {@code kpt:} trailer, pushed as {@code <prefix>/<pkg>/<ws>}.
   */
  private Path forkBranches(Path bare, String source, String prefix, List<String> workspaces) {
    Path clone = work.resolve("fork-" + bare.getFileName() + "-" + prefix);
    GitCli.git(work, "clone", "-q", bare.toString(), clone.toString());
    for (String ws : workspaces) {
      GitCli.git(clone, "checkout", "-q", "-B", "fork-" + ws, "origin/" + source);
      try {
        java.nio.file.Files.writeString(
            clone.resolve(PKG).resolve("owner.yaml"), Lifecycles.configMap(ws));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      GitCli.git(clone, "add", PKG + "/owner.yaml");
      GitCli.git(
          clone,
          "commit",
          "-q",
          "-m",
          "Intermediate commit\n\nkpt:{\"package\":\"%s\",\"workspaceName\":\"%s\",\"revision\":\"0\"}"
              .formatted(PKG, ws));
    }
    List<String> push = new ArrayList<>(List.of("push", "-q", "origin"));
    workspaces.forEach(
        ws -> push.add("fork-" + ws + ":refs/heads/" + prefix + "/" + PKG + "/" + ws));
    GitCli.git(clone, push.toArray(String[]::new));
    return clone;
  }

  private Path repository(String name) {
    Path bare = GitCli.createSeededBareRepository(work.resolve("git"), name + ".git");
    kubectl
        .withFile(Manifests.fastSyncedGitRepository(name, "file://" + bare), "apply")
        .assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, name);
    return bare;
  }

  /** One task per key, all released at once from a barrier, each on its own thread. */
  static <K, V> Map<K, V> concurrently(Iterable<K> keys, java.util.function.Function<K, V> task)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    Map<K, Future<V>> futures = new java.util.LinkedHashMap<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (K key : keys) {
        Callable<V> call =
            () -> {
              start.await();
              return task.apply(key);
            };
        futures.put(key, threads.submit(call));
      }
      start.countDown();
      Map<K, V> results = new java.util.LinkedHashMap<>();
      for (Map.Entry<K, Future<V>> e : futures.entrySet()) {
        results.put(e.getKey(), e.getValue().get());
      }
      return results;
    }
  }
}
