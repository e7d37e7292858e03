package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kubectl conformance, watching: {@code get -w} with and without {@code --output-watch-events}
 * (table and JSON output, with selectors) for PackageRevision and Repository, and {@code wait
 * --for=jsonpath} / {@code --for=condition} / {@code --for=delete} while another process changes
 * the object.
 */
class KubectlWatchE2E extends KubectlConformanceBase {

  @Override
  String prefix() {
    return "watch";
  }

  @Test
  void watchPackageRevisionsPrintsEvents() {
    String name = Manifests.objectName(repo, "watched", "v1");
    try (Kubectl.Watch json =
            kubectl.watch(
                "get",
                "packagerevisions",
                "-n",
                NS,
                "-w",
                "--output-watch-events",
                "-o",
                "json",
                "--field-selector",
                "spec.repository=" + repo);
        Kubectl.Background table =
            kubectl.background("get", "packagerevisions", "-n", NS, "-w", "--output-watch-events");
        Kubectl.Background names =
            kubectl.background("get", "packagerevisions", "-n", NS, "-w", "-o", "name")) {
      createDraft("watched", "v1");
      // All three watches have seen the new draft (live or in their initial list): from here on
      // they are connected, so the later changes must reach them.
      await("ADDED " + name)
          .untilAsserted(
              () -> {
                assertThat(events(json, name)).as(json.describe()).contains("ADDED");
                assertThat(squeezed(table))
                    .as(table.describe())
                    .contains("ADDED " + name + " watched v1 0 false Draft " + repo);
                assertThat(names.lines())
                    .as(names.describe())
                    .contains("packagerevision.porch.kpt.dev/" + name);
              });
      kubectl.run("label", "packagerevision", name, "-n", NS, "stage=one").assertSuccess();
      kubectl.run("delete", "packagerevision", name, "-n", NS).assertSuccess();
      await("DELETED " + name)
          .untilAsserted(
              () ->
                  assertThat(events(json, name))
                      .as(json.describe())
                      .containsSubsequence("ADDED", "MODIFIED", "DELETED"));
      JsonNode modified =
          json.documents().stream()
              .filter(e -> "MODIFIED".equals(e.path("type").asText()))
              .filter(e -> name.equals(e.at("/object/metadata/name").asText()))
              .reduce((a, b) -> b)
              .orElseThrow();
      assertThat(modified.at("/object/kind").asText()).isEqualTo("PackageRevision");
      assertThat(modified.at("/object/metadata/labels/stage").asText()).isEqualTo("one");

      await("table events for " + name)
          .untilAsserted(
              () ->
                  assertThat(squeezed(table))
                      .as(table.describe())
                      .contains(
                          "EVENT NAME PACKAGE WORKSPACENAME REVISION LATEST LIFECYCLE REPOSITORY")
                      .contains("ADDED " + name + " watched v1 0 false Draft " + repo)
                      .contains("DELETED " + name + " watched v1 0 false Draft " + repo));
      await("names for " + name)
          .untilAsserted(
              () ->
                  assertThat(names.lines())
                      .as(names.describe())
                      .filteredOn(("packagerevision.porch.kpt.dev/" + name)::equals)
                      .hasSizeGreaterThanOrEqualTo(3));
    }
  }

  @Test
  void watchWithLabelSelectorOnlySeesMatchingObjects() {
    String plain = Manifests.objectName(repo, "unlabelled", "v1");
    String red = Manifests.objectName(repo, "labelled", "v1");
    try (Kubectl.Watch watch =
        kubectl.watch(
            "get",
            "packagerevisions",
            "-n",
            NS,
            "-w",
            "--output-watch-events",
            "-o",
            "json",
            "-l",
            "color=red")) {
      createDraft("labelled", "v1");
      kubectl.run("label", "packagerevision", red, "-n", NS, "color=red").assertSuccess();
      await("the watch sees " + red)
          .untilAsserted(
              () ->
                  assertThat(watch.documents())
                      .as(watch.describe())
                      .anySatisfy(
                          e -> assertThat(e.at("/object/metadata/name").asText()).isEqualTo(red)));
      // Connected: the changes of a non-matching object must not reach it.
      createDraft("unlabelled", "v1");
      kubectl.run("label", "packagerevision", plain, "-n", NS, "color=blue").assertSuccess();
      kubectl.run("label", "packagerevision", red, "-n", NS, "size=big").assertSuccess();
      await("events for " + red)
          .untilAsserted(
              () ->
                  assertThat(watch.documents())
                      .as(watch.describe())
                      .anySatisfy(
                          e ->
                              assertThat(e.at("/object/metadata/labels/size").asText())
                                  .isEqualTo("big")));
      assertThat(watch.documents())
          .as(watch.describe())
          .allSatisfy(
              e -> {
                assertThat(e.at("/object/metadata/name").asText()).isEqualTo(red);
                assertThat(e.at("/object/metadata/labels/color").asText()).isEqualTo("red");
              });
    }
  }

  @Test
  void watchRepositoriesPrintsEvents() {
    String name = "watch-repo";
    try (Kubectl.Watch watch =
        kubectl.watch(
            "get", "repositories", "-n", NS, "-w", "--output-watch-events", "-o", "json")) {
      registerRepository(name);
      await("ADDED " + name)
          .untilAsserted(
              () -> assertThat(events(watch, name)).as(watch.describe()).contains("ADDED"));
      kubectl
          .run(
              "patch",
              "repository",
              name,
              "-n",
              NS,
              "--type=merge",
              "-p",
              "{\"spec\":{\"description\":\"watched\"}}")
          .assertSuccess();
      kubectl.run("delete", "repository", name, "-n", NS).assertSuccess();
      await("repository events")
          .untilAsserted(
              () ->
                  assertThat(events(watch, name))
                      .as(watch.describe())
                      .containsSubsequence("ADDED", "MODIFIED", "DELETED"));
      assertThat(watch.documents())
          .as(watch.describe())
          .anySatisfy(
              e -> assertThat(e.at("/object/spec/description").asText()).isEqualTo("watched"));
    }
  }

  @Test
  void waitForJsonpathWhileAnotherProcessApproves() {
    String name = createDraft("awaited", "v1");
    try (Kubectl.Background wait =
        kubectl.background(
            "wait",
            "packagerevision",
            name,
            "-n",
            NS,
            "--for=jsonpath={.spec.lifecycle}=Published",
            "--timeout=60s")) {
      sleep(Duration.ofSeconds(1));
      assertThat(wait.isAlive()).as("the Draft is not Published yet: " + wait.describe()).isTrue();
      propose(name);
      assertThat(wait.isAlive()).as("Proposed is not Published: " + wait.describe()).isTrue();
      approve(name);
      Kubectl.Result result = wait.await(Duration.ofSeconds(60)).assertSuccess();
      assertThat(result.stdout().strip())
          .isEqualTo("packagerevision.porch.kpt.dev/" + name + " condition met");
    }
    assertThat(get("packagerevision", name).at("/spec/lifecycle").asText()).isEqualTo("Published");
  }

  @Test
  void waitTimesOutWhenTheConditionIsNotMet() {
    String name = createDraft("never", "v1");
    Kubectl.Result result =
        kubectl
            .run(
                "wait",
                "packagerevision",
                name,
                "-n",
                NS,
                "--for=jsonpath={.spec.lifecycle}=Published",
                "--timeout=3s")
            .assertFailure();
    assertThat(result.errorText()).contains("timed out waiting for the condition");
  }

  @Test
  void waitForConditionAndForDelete() {
    assertThat(
            kubectl
                .run("wait", "repository", repo, "-n", NS, "--for=condition=Ready", "--timeout=30s")
                .assertSuccess()
                .stdout()
                .strip())
        .isEqualTo("repository.config.porch.kpt.dev/" + repo + " condition met");
    String name = createDraft("doomed", "v1");
    try (Kubectl.Background wait =
        kubectl.background(
            "wait", "packagerevision", name, "-n", NS, "--for=delete", "--timeout=60s")) {
      sleep(Duration.ofSeconds(1));
      assertThat(wait.isAlive()).as(wait.describe()).isTrue();
      kubectl.run("delete", "packagerevision", name, "-n", NS).assertSuccess();
      Kubectl.Result result = wait.await(Duration.ofSeconds(60)).assertSuccess();
      assertThat(result.stdout())
          .contains("packagerevision.porch.kpt.dev/" + name + " condition met");
    }
  }

  private static List<String> events(Kubectl.Watch watch, String name) {
    return watch.documents().stream()
        .filter(e -> name.equals(e.at("/object/metadata/name").asText()))
        .map(e -> e.path("type").asText())
        .toList();
  }

  private static List<String> squeezed(Kubectl.Background output) {
    return output.lines().stream().map(l -> l.strip().replaceAll("\\s+", " ")).toList();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
