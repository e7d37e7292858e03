package io.jporch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Approval latency with R package revisions already in the repository (issue 4): K times, a new
 * draft is created (init task), proposed and approved through the API, each step timed. Every round
 * creates a new package (an {@code init} draft of an existing package is refused, and the {@code
 * edit} task that would make its next revision is not ported yet). Side by side, the same kind of
 * change made with the git CLI in a clone of an identically shaped repository: change a file,
 * {@code git commit}, {@code git tag <pkg>/v<k>}, {@code git push} of branch and tag, timed as one.
 */
public final class ApproveBench {
  private static final String REPOSITORY = "bench";
  private static final String PACKAGE = "approved";
  private static final Duration GIT_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Settings.
   *
   * @param sizes package revisions in the repository before the approvals, one run each
   * @param approvals measured approvals per size
   */
  public record Settings(List<Integer> sizes, int approvals) {}

  /** Latencies per operation for one repository size. */
  public record Result(int revisions, Map<String, Latencies> latencies) {}

  private final Settings settings;
  private final Report report;

  public ApproveBench(Settings settings, Report report) {
    this.settings = settings;
    this.report = report;
  }

  /** Runs every size in {@code workDir}. */
  public List<Result> run(Path workDir) {
    List<Result> results = new ArrayList<>();
    for (int size : settings.sizes()) {
      Result result = runOne(workDir.resolve("approve-" + size), size);
      results.add(result);
      report.approveResult(result);
    }
    return results;
  }

  private Result runOne(Path dir, int size) {
    RepositoryGenerator.Shape shape = RepositoryGenerator.Shape.forTotal(size);
    RepositoryGenerator.Result repo =
        RepositoryGenerator.generate(dir.resolve("remote.git"), shape);
    Map<String, List<Long>> samples = new LinkedHashMap<>();
    try (BenchServer server = BenchServer.start(dir.resolve("data"), HttpClient.Version.HTTP_2)) {
      server.register(REPOSITORY, repo.url());
      server.awaitListed(shape.listedRevisions(), Duration.ofMinutes(10));
      report.progress("approve R=%d: repository registered; approving", size);
      // One unmeasured round warms up the code paths.
      for (int i = 0; i <= settings.approvals(); i++) {
        Map<String, Long> one = approveOnce(server.client(), PACKAGE + "-" + i, "v1");
        if (i > 0) {
          one.forEach((k, v) -> samples.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
      }
    }
    RepositoryGenerator.Result twin = RepositoryGenerator.generate(dir.resolve("twin.git"), shape);
    Path work = dir.resolve("work");
    git(dir, "clone", "-q", twin.url(), work.toString());
    git(work, "config", "user.name", "bench");
    git(work, "config", "user.email", "bench@example.com");
    String pkg = RepositoryGenerator.Shape.packageName(0);
    for (int i = 0; i <= settings.approvals(); i++) {
      long t0 = System.nanoTime();
      write(work.resolve(pkg).resolve("configmap.yaml"), "raw change " + i);
      String tag = pkg + "/v" + (shape.revisionsPerPackage() + 1 + i);
      git(work, "commit", "-q", "-a", "-m", "raw change " + i);
      git(work, "tag", tag);
      git(work, "push", "-q", "origin", "main", "refs/tags/" + tag);
      long elapsed = System.nanoTime() - t0;
      if (i > 0) {
        samples
            .computeIfAbsent("git CLI: commit + tag + push", k -> new ArrayList<>())
            .add(elapsed);
      }
    }
    Map<String, Latencies> latencies = new LinkedHashMap<>();
    samples.forEach((k, v) -> latencies.put(k, Latencies.of(v)));
    latencies.forEach((k, v) -> report.progress("approve R=%d: %s %s", size, k, v));
    return new Result(size, latencies);
  }

  /** Create, propose and approve one revision; returns the time of each step. */
  private static Map<String, Long> approveOnce(
      BenchClient client, String packageName, String workspace) {
    Map<String, Long> times = new LinkedHashMap<>();
    String create =
        """
        {"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision",
         "metadata":{"namespace":"default"},
         "spec":{"packageName":"%s","repository":"%s","workspaceName":"%s",
                 "tasks":[{"type":"init","init":{"description":"bench"}}]}}"""
            .formatted(packageName, REPOSITORY, workspace);
    BenchClient.Timed created =
        client
            .send("POST", BenchServer.PACKAGE_REVISIONS, create, "application/json")
            .expect(201, "create draft " + workspace);
    String name = created.json().at("/metadata/name").asText();
    String path = BenchServer.PACKAGE_REVISIONS + "/" + name;
    BenchClient.Timed proposed =
        client
            .send(
                "PATCH",
                path,
                "{\"spec\":{\"lifecycle\":\"Proposed\"}}",
                "application/merge-patch+json")
            .expect(200, "propose " + name);
    JsonNode approval = proposed.json().deepCopy();
    ((ObjectNode) approval.get("spec")).put("lifecycle", "Published");
    BenchClient.Timed approved =
        client
            .send("PUT", path + "/approval", approval.toString(), "application/json")
            .expect(200, "approve " + name);
    times.put("API: create draft (init)", created.nanos());
    times.put("API: propose", proposed.nanos());
    times.put("API: approve", approved.nanos());
    times.put(
        "API: create + propose + approve", created.nanos() + proposed.nanos() + approved.nanos());
    return times;
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, "# " + content + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void git(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.PIPE)
              .start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(GIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed: "
                + new String(output, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run git", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
