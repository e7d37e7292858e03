package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.support.ApiClient;
import io.jporch.testing.http.GitHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
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
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 "Done when" on crash safety: the server process is killed with SIGKILL while approvals
 * and deletions on a repository served over HTTP are in flight, then restarted on the same data
 * directory, 50 times ({@code -Djporch.e2e.crash.trials=N} changes the number). After every restart
 * no published revision is lost, every in-flight operation is applied whole or not at all, every
 * ref points at a whole package with a well-formed {@code kpt:} trailer, the data directory's
 * stores read back, and the server's list equals what Git says; {@code git fsck --strict} passes on
 * the remote and on the server's cache clone every tenth trial and at the end.
 *
 * <p>A trial sends three approvals, one draft deletion and one deletion of a published
 * (DeletionProposed) revision at once and kills the server after a random delay within the time the
 * same kind of requests took without a kill (measured first). A kill that lands after every request
 * was answered is not a trial (it is counted and reported); the test runs until the requested
 * number of kills landed with requests in flight. The revisions the trials work on are written
 * straight into the remote with one {@code git fast-import} per ten trials (as a plain {@code git
 * push} would), so a trial costs about one server restart. The random delays come from a seed
 * printed at the start ({@code CrashE2E seed N}); {@code -Djporch.e2e.crash.seed=N} reuses it (the
 * kill points still depend on timing).
 */
class CrashE2E extends E2EBase {
  static final int TRIALS = Integer.getInteger("jporch.e2e.crash.trials", 50);
  static final int APPROVALS = 3;
  static final int DRAFT_DELETES = 1;
  static final int PUBLISHED_DELETES = 1;
  static final int BATCH = 10; // trials prepared per fast-import
  static final int FSCK_EVERY = 10;
  private static final String REPO = "crash";
  private static final String PKG = "app";
  private static final String SECRET = "/api/v1/namespaces/default/secrets/crash-auth";
  private static final String TAGS = "refs/tags/" + PKG + "/v";

  private Path work;
  private Path data;
  private Path bare;
  private JporchProcess server;
  private ApiClient api;
  private final Deque<Unit> pool = new ArrayDeque<>();
  private int units;
  private Map<String, String> checked = Map.of();

  /**
   * The revisions one trial works on (object names): proposals to approve, drafts to delete, and
   * DeletionProposed revisions (object name → tag) to delete.
   */
  private record Unit(List<String> approvals, List<String> drafts, Map<String, String> published) {}

  /** What one trial sends (with the objects as listed), and the state before it. */
  private record Trial(
      Unit unit,
      Map<String, JsonNode> objects,
      Map<String, String> refsBefore,
      long resourceVersionBefore,
      Map<String, ApiClient.Response> answered) {}

  @Test
  void killedDuringApproveAndDeleteLosesNothing() throws Exception {
    long seed = Long.getLong("jporch.e2e.crash.seed", System.nanoTime());
    System.out.printf(
        "CrashE2E seed %d, %d trials (replay: -Djporch.e2e.crash.seed=%d)%n", seed, TRIALS, seed);
    Random random = new Random(seed);
    work = workDir("crash");
    data = work.resolve("data");
    // The remote is a Git server of its own (git http-backend in this JVM), as in production; for
    // file:// remotes, which the server writes itself, see StaleRemoteLockTest.
    Path root = Files.createDirectories(work.resolve("http-root"));
    GitHttpServer git = GitHttpServer.start(root);
    bare = GitCli.createSeededBareRepository(root, "crash.git");
    long setupStart = System.nanoTime();
    server = start();
    try {
      api = ApiHttp.client(server.kubeconfig());
      ApiClient.Response created =
          api.send(
              "POST",
              "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories",
              Manifests.fastSyncedGitRepository(REPO, git.url("crash.git")),
              "application/yaml",
              "application/json",
              true);
      assertThat(created.code()).as(created.body()).isEqualTo(201);
      ApiClient.Response secretCreated =
          api.post(
              "/api/v1/namespaces/default/secrets",
              "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"crash-auth\"},"
                  + "\"stringData\":{\"username\":\"u\"}}");
      assertThat(secretCreated.code()).as(secretCreated.body()).isEqualTo(201);
      String secret = api.get(SECRET).json().at("/data").toString();
      String base = Manifests.objectName(REPO, PKG, "base");
      RepositoryAssertions.awaitReady(server.kubectl(), REPO);
      Lifecycles.create(api, REPO, PKG, "base");
      Lifecycles.putResources(api, base, "owner.yaml", Lifecycles.configMap("base"));
      Lifecycles.propose(api, base);
      assertThat(Lifecycles.approve(api, base, Lifecycles.get(api, base)).code()).isEqualTo(200);
      server.close(); // a clean stop writes the class data sharing archive
      server = start();
      api = ApiHttp.client(server.kubeconfig());
      quick("server answers after a clean restart")
          .until(() -> api.get(ApiHttp.PACKAGEREVISIONS).code() == 200);
      long setupMillis = (System.nanoTime() - setupStart) / 1_000_000;

      // Calibration: one trial's requests without a kill.
      Trial first = prepare();
      long started = System.nanoTime();
      Map<String, CompletableFuture<ApiClient.Response>> sent = fire(first);
      CompletableFuture.allOf(sent.values().toArray(CompletableFuture[]::new)).join();
      long window = Math.max(50, (System.nanoTime() - started) / 1_000_000);
      verify(first, false);

      List<String> report = new ArrayList<>();
      int trials = 0;
      int late = 0;
      long restartTotal = 0;
      long restartMax = 0;
      long checksTotal = 0;
      int maxKills = TRIALS * 2 + 5;
      for (int kill = 1; trials < TRIALS && kill <= maxKills; kill++) {
        Trial trial = prepare();
        sent = fire(trial);
        long delay = (long) (random.nextDouble() * window);
        Thread.sleep(delay);
        server.kill();
        // a request the kill cut got no answer: then the kill landed with requests in flight
        CompletableFuture.allOf(sent.values().toArray(CompletableFuture[]::new)).join();
        boolean inFlight = trial.answered().size() < sent.size();
        if (inFlight) {
          trials++;
        } else {
          late++;
        }
        long restartStart = System.nanoTime();
        server = start();
        api = ApiHttp.client(server.kubeconfig());
        quick("server answers after restart")
            .until(() -> api.get(ApiHttp.PACKAGEREVISIONS).code() == 200);
        long restartMillis = (System.nanoTime() - restartStart) / 1_000_000;
        restartTotal += restartMillis;
        restartMax = Math.max(restartMax, restartMillis);
        long checkStart = System.nanoTime();
        String outcome = verify(trial, trials % FSCK_EVERY == 0);
        assertThat(api.get(SECRET).json().at("/data").toString()).isEqualTo(secret);
        long checkMillis = (System.nanoTime() - checkStart) / 1_000_000;
        checksTotal += checkMillis;
        report.add(
            "kill %d (%s): after %d ms, restart %d ms, checks %d ms, %s"
                .formatted(
                    kill,
                    inFlight ? "trial " + trials : "late, not a trial",
                    delay,
                    restartMillis,
                    checkMillis,
                    outcome));
      }
      System.out.printf(
          "CrashE2E seed %d: %d trials (kills with requests in flight, %d operations), %d late"
              + " kills; set-up %d ms, calibration window %d ms, restarts avg %d ms max %d ms,"
              + " checks avg %d ms%n  %s%n",
          seed,
          trials,
          trials * (APPROVALS + DRAFT_DELETES + PUBLISHED_DELETES),
          late,
          setupMillis,
          window,
          restartTotal / Math.max(1, trials + late),
          restartMax,
          checksTotal / Math.max(1, trials + late),
          String.join("\n  ", report));
      assertThat(trials)
          .as("kills that landed while requests were in flight (seed %d)", seed)
          .isEqualTo(TRIALS);

      fsck();
      // Some proposals the kills left unapproved are approved now: numbers stay distinct.
      Lifecycles.list(api, REPO).values().stream()
          .filter(r -> r.lifecycle().equals("Proposed"))
          .limit(3)
          .forEach(r -> Lifecycles.approveWithRetries(api, r.name()));
      verifyListEqualsGit();
    } finally {
      server.close();
      git.close();
    }
  }

  /**
   * Starts the server with JVM options for a process that lives for one trial: C1 only, the serial
   * collector, and a class data sharing archive that the first server writes when it stops (a
   * killed JVM writes none). The server's behaviour is the same; it starts about twice as fast.
   */
  private JporchProcess start() {
    return JporchProcess.start(
        data,
        work,
        0,
        List.of(),
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:SharedArchiveFile=" + work.resolve("jporch-server.jsa"),
            "-XX:+AutoCreateSharedArchive"));
  }

  /** Awaitility polling often: the wait for a restarted server is most of a trial. */
  private static ConditionFactory quick(String alias) {
    return Awaitility.await(alias)
        .atMost(WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions();
  }

  /** The next trial: its revisions (written in batches), the refs and version before it. */
  private Trial prepare() {
    if (pool.isEmpty()) {
      writeBatch();
    }
    Unit unit = pool.poll();
    JsonNode list = api.get(ApiHttp.PACKAGEREVISIONS).json();
    Map<String, JsonNode> objects = new HashMap<>();
    list.path("items").forEach(item -> objects.put(item.at("/metadata/name").asText(), item));
    return new Trial(
        unit,
        objects,
        GitCli.refs(bare),
        Long.parseLong(list.at("/metadata/resourceVersion").asText()),
        new ConcurrentHashMap<>());
  }

  /**
   * Writes the revisions of {@link #BATCH} trials into the remote with one {@code git fast-import}:
   * a {@code proposed/} branch per approval and a {@code drafts/} branch per draft deletion, each a
   * commit on {@code app/v1} with its own owner.yaml; per published deletion a tag above every
   * existing number with its {@code deletionProposed/} branch. Then waits until they are listed.
   */
  private void writeBatch() {
    Map<String, String> refs = GitCli.refs(bare);
    String source = refs.get(TAGS + "1");
    int next = highestTag(refs) + 1;
    StringBuilder stream = new StringBuilder();
    List<String> expected = new ArrayList<>();
    int mark = 1;
    for (int i = 0; i < BATCH; i++) {
      int u = units++;
      List<String> approvals = new ArrayList<>();
      for (int a = 0; a < APPROVALS; a++) {
        String ws = "u%03da%d".formatted(u, a);
        commit(stream, "refs/heads/proposed/" + PKG + "/" + ws, mark++, source, ws, "0", null);
        approvals.add(Manifests.objectName(REPO, PKG, ws));
      }
      List<String> drafts = new ArrayList<>();
      for (int d = 0; d < DRAFT_DELETES; d++) {
        String ws = "u%03dd%d".formatted(u, d);
        commit(stream, "refs/heads/drafts/" + PKG + "/" + ws, mark++, source, ws, "0", null);
        drafts.add(Manifests.objectName(REPO, PKG, ws));
      }
      Map<String, String> published = new TreeMap<>();
      for (int p = 0; p < PUBLISHED_DELETES; p++) {
        String ws = "u%03dp%d".formatted(u, p);
        int number = next++;
        String tag = TAGS + number;
        commit(
            stream,
            "refs/heads/deletionProposed/" + PKG + "/v" + number,
            mark,
            source,
            ws,
            Integer.toString(number),
            tag);
        mark++;
        published.put(Manifests.objectName(REPO, PKG, ws), tag);
      }
      Unit unit = new Unit(approvals, drafts, published);
      pool.add(unit);
      expected.addAll(approvals);
      expected.addAll(drafts);
      expected.addAll(published.keySet());
    }
    stream.append("done\n");
    GitCli.gitDirInput(bare, stream.toString(), "fast-import", "--quiet", "--done");
    quick("revisions written with git are listed")
        .untilAsserted(() -> assertThat(Lifecycles.list(api, REPO).keySet()).containsAll(expected));
  }

  /**
   * One fast-import commit on {@code source} replacing {@code app/owner.yaml}, on {@code ref}, with
   * Porch's message and trailer; with {@code tag}, the tag points at it too.
   */
  private static void commit(
      StringBuilder stream,
      String ref,
      int mark,
      String source,
      String ws,
      String revision,
      String tag) {
    String trailer =
        "kpt:{\"package\":\"%s\",\"workspaceName\":\"%s\",\"revision\":\"%s\"}"
            .formatted(PKG, ws, revision);
    String message =
        (tag == null ? "Intermediate commit" : "Approving package revision " + PKG + "/" + revision)
            + "\n\n"
            + trailer
            + "\n";
    String owner = Lifecycles.configMap(ws);
    stream
        .append("commit ")
        .append(ref)
        .append('\n')
        .append("mark :")
        .append(mark)
        .append('\n')
        .append("committer jporch-e2e <e2e@jporch.invalid> 1700000000 +0000\n");
    data(stream, message);
    stream.append("from ").append(source).append('\n');
    stream.append("M 100644 inline ").append(PKG).append("/owner.yaml\n");
    data(stream, owner);
    stream.append('\n');
    if (tag != null) {
      stream.append("reset ").append(tag).append("\nfrom :").append(mark).append("\n\n");
    }
  }

  private static void data(StringBuilder stream, String content) {
    stream
        .append("data ")
        .append(content.getBytes(StandardCharsets.UTF_8).length)
        .append('\n')
        .append(content)
        .append('\n');
  }

  private static int highestTag(Map<String, String> refs) {
    return refs.keySet().stream()
        .filter(r -> r.startsWith(TAGS))
        .mapToInt(r -> Integer.parseInt(r.substring(TAGS.length())))
        .max()
        .orElse(0);
  }

  /**
   * Sends every request of the trial at once, deletions first: the repository serialises writes,
   * and deletions sent after the approvals would mostly run after them, where a kill seldom lands.
   */
  private Map<String, CompletableFuture<ApiClient.Response>> fire(Trial trial) {
    Map<String, CompletableFuture<ApiClient.Response>> sent = new LinkedHashMap<>();
    List<String> deletions = new ArrayList<>(trial.unit().drafts());
    deletions.addAll(trial.unit().published().keySet());
    ApiClient client = api;
    for (String name : deletions) {
      sent.put(name, async(() -> client.delete(ApiHttp.PACKAGEREVISIONS + "/" + name)));
    }
    for (String name : trial.unit().approvals()) {
      JsonNode object = trial.objects().get(name);
      assertThat(object).as("%s is listed", name).isNotNull();
      sent.put(name, async(() -> Lifecycles.approve(client, name, object)));
    }
    sent.forEach(
        (name, f) ->
            f.thenAccept(
                r -> {
                  if (r != null) {
                    trial.answered().put(name, r);
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

  /** Checks every invariant after a restart; returns what happened to the in-flight operations. */
  private String verify(Trial t, boolean fsck) {
    Unit unit = t.unit();
    Map<String, String> refs = GitCli.refs(bare);
    // 1. every package ref the trial created or moved is whole (one cat-file for all of them)
    List<String> changed =
        refs.keySet().stream()
            .filter(ref -> !refs.get(ref).equals(checked.get(ref)) && isPackageRef(ref))
            .toList();
    // tags the trial created or moved (a number freed by an in-flight deletion can be taken again
    // by an in-flight approval)
    List<String> newTags =
        refs.keySet().stream()
            .filter(r -> r.startsWith("refs/tags/") && !refs.get(r).equals(t.refsBefore().get(r)))
            .toList();
    Set<String> toRead = new TreeSet<>(changed);
    toRead.addAll(newTags);
    Map<String, Commit> commits = read(List.copyOf(toRead));
    for (String ref : changed) {
      assertWhole(ref, commits.get(ref));
    }
    checked = refs;
    // 2. no published revision lost: every tag is still there, except the one being deleted
    t.refsBefore()
        .forEach(
            (ref, id) -> {
              if (ref.startsWith("refs/tags/") && !unit.published().containsValue(ref)) {
                assertThat(refs).as("tag %s survives", ref).containsEntry(ref, id);
              }
            });
    // 3. each approval whole or not at all
    Set<String> onMain =
        new HashSet<>(GitCli.gitDir(bare, "rev-list", "refs/heads/main").lines().toList());
    Map<String, String> tagOf = new TreeMap<>();
    for (String tag : newTags) {
      String ws = commits.get(tag).owner();
      assertThat(ws).as("%s has an owner.yaml", tag).isNotNull();
      assertThat(tagOf.put(ws, tag)).as("%s tagged twice", ws).isNull();
    }
    int approved = 0;
    for (String name : unit.approvals()) {
      String ws = workspace(name);
      String proposed = "refs/heads/proposed/" + PKG + "/" + ws;
      String tag = tagOf.remove(ws);
      ApiClient.Response answer = t.answered().get(name);
      if (tag != null) {
        approved++;
        assertThat(refs).as("approved %s: proposal branch gone", name).doesNotContainKey(proposed);
        assertThat(onMain).as("approved %s: %s on main", name, tag).contains(refs.get(tag));
      } else {
        assertThat(refs)
            .as("unapproved %s: proposal branch untouched", name)
            .containsEntry(proposed, t.refsBefore().get(proposed));
        assertThat(answer == null || answer.code() != 200)
            .as("%s answered 200 but is not in Git", name)
            .isTrue();
      }
    }
    assertThat(tagOf).as("tags of no in-flight approval").isEmpty();
    // 4. the draft deletions
    int draftsDeleted = 0;
    for (String draft : unit.drafts()) {
      String draftRef = "refs/heads/drafts/" + PKG + "/" + workspace(draft);
      boolean deleted = !refs.containsKey(draftRef);
      if (deleted) {
        draftsDeleted++;
      } else {
        assertThat(refs.get(draftRef)).as(draftRef).isEqualTo(t.refsBefore().get(draftRef));
      }
      assertAnswer(t, draft, deleted);
    }
    // 5. the published deletions: tag and deletionProposed branch go together
    int publishedDeleted = 0;
    for (Map.Entry<String, String> e : unit.published().entrySet()) {
      String tag = e.getValue();
      String marker = "refs/heads/deletionProposed/" + tag.substring("refs/tags/".length());
      // deleted: the tag is gone, or its number was taken again by an approval (another commit)
      boolean deleted = !t.refsBefore().get(tag).equals(refs.get(tag));
      if (deleted) {
        publishedDeleted++;
      }
      assertThat(refs.containsKey(marker))
          .as("%s and %s change together", tag, marker)
          .isEqualTo(!deleted);
      assertAnswer(t, e.getKey(), deleted);
    }
    if (fsck) {
      fsck();
    }
    // 6. the data directory's stores read back; versions keep growing; the list equals Git
    assertStoresReadable();
    JsonNode list = api.get(ApiHttp.PACKAGEREVISIONS).json();
    assertThat(Long.parseLong(list.at("/metadata/resourceVersion").asText()))
        .as("resourceVersions keep growing across the kill")
        .isGreaterThan(t.resourceVersionBefore());
    quick("server list equals git after the restart").untilAsserted(this::verifyListEqualsGit);
    return "approved %d/%d, drafts deleted %d/%d, published deleted %d/%d, answered %s"
        .formatted(
            approved,
            APPROVALS,
            draftsDeleted,
            DRAFT_DELETES,
            publishedDeleted,
            PUBLISHED_DELETES,
            t.answered().values().stream().map(ApiClient.Response::code).sorted().toList());
  }

  private static String workspace(String objectName) {
    return objectName.substring(objectName.lastIndexOf('.') + 1);
  }

  private static boolean isPackageRef(String ref) {
    return ref.startsWith("refs/tags/")
        || ref.startsWith("refs/heads/drafts/")
        || ref.startsWith("refs/heads/proposed/")
        || ref.startsWith("refs/heads/deletionProposed/");
  }

  private void fsck() {
    GitCli.gitDir(bare, "fsck", "--strict", "--no-dangling");
    for (Path clone : cacheClones()) {
      GitCli.gitDir(clone, "fsck", "--strict", "--no-dangling");
    }
  }

  private static void assertAnswer(Trial t, String name, boolean applied) {
    ApiClient.Response answer = t.answered().get(name);
    if (answer != null && answer.code() == 200) {
      assertThat(applied).as("%s answered 200: %s", name, answer.body()).isTrue();
    }
  }

  /**
   * What a ref's commit holds: its message, and the package's Kptfile and owner.yaml (null when
   * missing).
   */
  private record Commit(String message, String kptfile, String ownerYaml) {
    String owner() {
      return ownerYaml == null
          ? null
          : ownerYaml
              .lines()
              .map(String::strip)
              .filter(l -> l.startsWith("workspace:"))
              .map(l -> l.substring("workspace:".length()).strip())
              .findFirst()
              .orElse(null);
    }
  }

  /**
   * Reads the commit, Kptfile and owner.yaml of every ref with one {@code git cat-file --batch}.
   */
  private Map<String, Commit> read(List<String> refs) {
    if (refs.isEmpty()) {
      return Map.of();
    }
    StringBuilder input = new StringBuilder();
    for (String ref : refs) {
      input.append(ref).append('\n');
      input.append(ref).append(':').append(PKG).append("/Kptfile\n");
      input.append(ref).append(':').append(PKG).append("/owner.yaml\n");
    }
    String out = GitCli.gitDirInput(bare, input.toString(), "cat-file", "--batch");
    int[] pos = {0};
    Map<String, Commit> result = new HashMap<>();
    for (String ref : refs) {
      String commit = object(out, pos, ref);
      String kptfile = object(out, pos, ref);
      String owner = object(out, pos, ref);
      assertThat(commit).as("%s points at an object", ref).isNotNull();
      int blank = commit.indexOf("\n\n");
      result.put(ref, new Commit(blank < 0 ? "" : commit.substring(blank + 2), kptfile, owner));
    }
    return result;
  }

  /** The next object of {@code git cat-file --batch} output (ISO-8859-1), null if missing. */
  private static String object(String out, int[] pos, String ref) {
    int eol = out.indexOf('\n', pos[0]);
    assertThat(eol).as("cat-file output for %s", ref).isGreaterThanOrEqualTo(0);
    String header = out.substring(pos[0], eol);
    pos[0] = eol + 1;
    if (header.endsWith(" missing")) {
      return null;
    }
    int size = Integer.parseInt(header.substring(header.lastIndexOf(' ') + 1));
    String content =
        new String(
            out.substring(pos[0], pos[0] + size).getBytes(StandardCharsets.ISO_8859_1),
            StandardCharsets.UTF_8);
    pos[0] += size + 1;
    return content;
  }

  /** The ref's commit holds the package's Kptfile and ends with a well-formed kpt: trailer. */
  private static void assertWhole(String ref, Commit commit) {
    assertThat(commit.kptfile()).as("%s holds %s/Kptfile", ref, PKG).isNotNull();
    assertThat(commit.ownerYaml()).as("%s holds %s/owner.yaml", ref, PKG).isNotNull();
    List<String> trailers = commit.message().lines().filter(l -> l.startsWith("kpt:")).toList();
    assertThat(trailers).as("%s: kpt trailer in %s", ref, commit.message()).hasSize(1);
    try {
      JsonNode annotation = Kubectl.JSON.readTree(trailers.get(0).substring("kpt:".length()));
      assertThat(annotation.path("package").asText()).as(ref).isEqualTo(PKG);
      assertThat(annotation.path("workspaceName").asText()).as(ref).isNotEmpty();
    } catch (IOException e) {
      throw new AssertionError(ref + ": malformed kpt trailer " + trailers.get(0), e);
    }
  }

  /** The server's list of the repository equals the revisions Git's refs define. */
  private void verifyListEqualsGit() {
    Map<String, String> refs = GitCli.refs(bare);
    Set<String> expected = new TreeSet<>();
    refs.keySet()
        .forEach(
            ref -> {
              if (ref.startsWith(TAGS)) {
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
}
