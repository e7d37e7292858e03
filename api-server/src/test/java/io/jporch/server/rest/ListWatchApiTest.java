package io.jporch.server.rest;

import static io.jporch.server.support.Manifests.CONFIG;
import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.util.Json;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.server.support.ServerFixture;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * List and watch conventions over HTTP: monotonic resourceVersions and optimistic locking,
 * selectors on watch events, resuming, 410, streaming lists, pagination, on packagerevisions, their
 * resources, packages and repositories.
 */
class ListWatchApiTest {
  private static final String PRS = PORCH + "packagerevisions";
  private static final String PRRS = PORCH + "packagerevisionresources";
  private static final String REPOS = CONFIG + "repositories";
  private static final String KPTFILE =
      "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\n";
  private static final String MERGE = "application/merge-patch+json";

  @TempDir Path dir;
  ServerFixture fixture;
  ApiClient client;

  @BeforeEach
  void start() {
    fixture = ServerFixture.start(dir);
    client = fixture.client();
    assertThat(client.post(REPOS, Manifests.repository("blueprints", "https://x/b.git")).code())
        .isEqualTo(201);
    var repo = fixture.repositories().repository("default", "blueprints");
    for (String pkg : List.of("a", "b", "c")) {
      repo.putRevision(pkg, "v1", 1, Lifecycle.PUBLISHED, Map.of("Kptfile", KPTFILE));
      repo.putRevision(pkg, "ws", 0, Lifecycle.DRAFT, Map.of("Kptfile", KPTFILE));
    }
    client.get(PRS); // discovers the revisions
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aRepositoryThatCannotBeListedIsLeftOutWithAWarning() {
    assertThat(client.post(REPOS, Manifests.repository("broken", "https://x/broken.git")).code())
        .isEqualTo(201);
    fixture
        .repositories()
        .repository("default", "broken")
        .setUnreachable(
            new io.jporch.core.error.ServiceUnavailableException(
                null, "cannot fetch repository broken: connection refused"));
    for (String path : List.of(PRS, PRRS, PORCH + "packages")) {
      ApiClient.Response list = client.get(path);
      assertThat(list.code()).as(path).isEqualTo(200);
      assertThat(list.json().path("items")).as(path).isNotEmpty();
      assertThat(list.headers().allValues("Warning"))
          .as(path)
          .anyMatch(
              w ->
                  w.startsWith("299 - ")
                      && w.contains("repository default/broken is missing from this list")
                      && w.contains("connection refused"));
    }
    assertThat(
            client
                .get(PRS + "?fieldSelector=spec.repository%3Dblueprints")
                .headers()
                .allValues("Warning"))
        .as("a list that does not touch the broken repository has no warning")
        .isEmpty();
  }

  @Test
  void resourceVersionsAreNumbersThatGrowWithEveryChangeAndLockUpdates() {
    JsonNode list = client.get(PRS).json();
    long listVersion = version(list);
    for (JsonNode item : list.path("items")) {
      assertThat(version(item)).isLessThanOrEqualTo(listVersion);
    }
    String draft = PRS + "/blueprints.a.ws";
    JsonNode before = client.get(draft).json();
    assertThat(client.get(draft).json()).as("a read does not change it").isEqualTo(before);

    ApiClient.Response labelled =
        client.patch(draft, "{\"metadata\":{\"labels\":{\"team\":\"x\"}}}", MERGE);
    assertThat(labelled.code()).as(labelled.body()).isEqualTo(200);
    assertThat(version(labelled.json()))
        .as("a metadata-only change moves the resourceVersion (Porch keeps the commit)")
        .isGreaterThan(version(before))
        .isGreaterThan(listVersion);
    assertThat(version(client.get(draft).json())).isEqualTo(version(labelled.json()));
    assertThat(version(client.get(PRS).json())).isGreaterThanOrEqualTo(version(labelled.json()));

    ApiClient.Response stale = client.put(draft, before.toString());
    assertThat(stale.code()).as(stale.body()).isEqualTo(409);
    assertThat(stale.json().path("reason").asText()).isEqualTo("Conflict");
    assertThat(stale.json().path("message").asText())
        .contains("the object has been modified; please apply your changes");

    JsonNode current = labelled.json();
    ((ObjectNode) current.at("/metadata/labels")).put("team", "y");
    ApiClient.Response replaced = client.put(draft, current.toString());
    assertThat(replaced.code()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().at("/metadata/labels/team").asText()).isEqualTo("y");

    JsonNode prr = client.get(PRRS + "/blueprints.a.ws").json();
    assertThat(prr.at("/metadata/resourceVersion").asText())
        .as("the resources of a revision carry the revision's resourceVersion")
        .isEqualTo(replaced.json().at("/metadata/resourceVersion").asText());
    ObjectNode stalePrr = prr.deepCopy();
    ((ObjectNode) stalePrr.get("metadata"))
        .put("resourceVersion", before.at("/metadata/resourceVersion").asText());
    assertThat(client.put(PRRS + "/blueprints.a.ws", stalePrr.toString()).code()).isEqualTo(409);
    ((ObjectNode) prr.at("/spec/resources")).put("cm.yaml", "apiVersion: v1\nkind: ConfigMap\n");
    ApiClient.Response files = client.put(PRRS + "/blueprints.a.ws", prr.toString());
    assertThat(files.code()).as(files.body()).isEqualTo(200);
    assertThat(version(files.json())).isGreaterThan(version(replaced.json()));
    assertThat(version(client.get(draft).json())).isEqualTo(version(files.json()));
  }

  @Test
  void aLabelSelectedWatchSeesObjectsEnterAndLeave() {
    try (ApiClient.Watch watch =
        client.watch(PRS + "?watch=true&timeoutSeconds=20&labelSelector=team%3Dred", null)) {
      label("blueprints.b.ws", "red");
      JsonNode added = next(watch, e -> true);
      assertThat(added.path("type").asText()).isEqualTo("ADDED");
      assertThat(added.at("/object/metadata/name").asText()).isEqualTo("blueprints.b.ws");
      label("blueprints.c.ws", "blue");
      label("blueprints.b.ws", "blue");
      JsonNode left = next(watch, e -> true);
      assertThat(left.path("type").asText())
          .as("an object that stops matching is DELETED for this watch")
          .isEqualTo("DELETED");
      assertThat(left.at("/object/metadata/name").asText()).isEqualTo("blueprints.b.ws");
      assertThat(left.at("/object/metadata/labels/team").asText()).isEqualTo("red");
      assertThat(version(left.get("object")))
          .isEqualTo(version(client.get(PRS + "/blueprints.b.ws").json()));
      label("blueprints.b.ws", "red");
      assertThat(next(watch, e -> true).path("type").asText()).isEqualTo("ADDED");
    }
  }

  @Test
  void aWatchResumesAfterAResourceVersionAndOnlyFromThisServersHistory() {
    long listed = version(client.get(PRS).json());
    label("blueprints.a.ws", "red");
    client.delete(PRS + "/blueprints.c.ws");
    try (ApiClient.Watch watch =
        client.watch(PRS + "?watch=true&timeoutSeconds=3&resourceVersion=" + listed, null)) {
      List<String> events = new ArrayList<>();
      for (JsonNode e = watch.next(); e != null; e = watch.next()) {
        events.add(e.path("type").asText() + " " + e.at("/object/metadata/name").asText());
      }
      assertThat(events).containsExactly("MODIFIED blueprints.a.ws", "DELETED blueprints.c.ws");
    }
    long beforeRestart = version(client.get(PRS).json());
    fixture.restart();
    client = fixture.client();
    long afterRestart = version(client.get(PRS).json());
    assertThat(afterRestart)
        .as("versions keep growing across a restart")
        .isGreaterThan(beforeRestart);
    for (JsonNode item : client.get(PRS).json().path("items")) {
      assertThat(version(item)).isGreaterThan(beforeRestart);
    }
    try (ApiClient.Watch expired =
        client.watch(PRS + "?watch=true&timeoutSeconds=5&resourceVersion=" + beforeRestart, null)) {
      JsonNode error = expired.next();
      assertThat(error.path("type").asText()).isEqualTo("ERROR");
      assertThat(error.at("/object/kind").asText()).isEqualTo("Status");
      assertThat(error.at("/object/code").asInt()).isEqualTo(410);
      assertThat(error.at("/object/reason").asText()).isEqualTo("Expired");
      assertThat(expired.next()).isNull();
    }
    try (ApiClient.Watch resumed =
        client.watch(PRS + "?watch=true&timeoutSeconds=5&resourceVersion=" + afterRestart, null)) {
      label("blueprints.a.ws", "blue");
      assertThat(next(resumed, e -> true).at("/object/metadata/name").asText())
          .isEqualTo("blueprints.a.ws");
    }
  }

  @Test
  void aStreamingListSendsTheInitialObjectsThenTheEndBookmark() {
    String streaming =
        "?watch=true&timeoutSeconds=20&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
            + "&allowWatchBookmarks=true";
    try (ApiClient.Watch watch =
        client.watch(PRS + streaming + "&fieldSelector=spec.packageName%3Da", null)) {
      List<String> names = new ArrayList<>();
      JsonNode e = watch.next();
      while (e.path("type").asText().equals("ADDED")) {
        names.add(e.at("/object/metadata/name").asText());
        e = watch.next();
      }
      assertThat(names).containsExactlyInAnyOrder("blueprints.a.v1", "blueprints.a.ws");
      assertThat(e.path("type").asText()).isEqualTo("BOOKMARK");
      assertThat(e.at("/object/kind").asText()).isEqualTo("PackageRevision");
      assertThat(e.at("/object/metadata/annotations/k8s.io~1initial-events-end").asText())
          .isEqualTo("true");
      assertThat(version(e.get("object")))
          .isGreaterThanOrEqualTo(version(client.get(PRS + "/blueprints.a.ws").json()));
    }
    try (ApiClient.Watch watch = client.watch(REPOS + streaming, null)) {
      assertThat(watch.next().path("type").asText()).isEqualTo("ADDED");
      JsonNode bookmark = watch.next();
      assertThat(bookmark.path("type").asText()).isEqualTo("BOOKMARK");
      assertThat(bookmark.at("/object/kind").asText()).isEqualTo("Repository");
      assertThat(bookmark.at("/object/metadata/annotations/k8s.io~1initial-events-end").asText())
          .isEqualTo("true");
    }
    ApiClient.Response invalid =
        client.get(PRS + "?watch=true&sendInitialEvents=true&allowWatchBookmarks=true");
    assertThat(invalid.code()).as(invalid.body()).isEqualTo(422);
    assertThat(invalid.json().at("/details/kind").asText()).isEqualTo("ListOptions");
    assertThat(invalid.json().at("/details/causes/0/field").asText())
        .isEqualTo("resourceVersionMatch");
  }

  @Test
  void aWatchByNameSeesOnlyThatObject() {
    try (ApiClient.Watch watch =
        client.watch(
            PRS
                + "?watch=true&timeoutSeconds=3&resourceVersion="
                + version(client.get(PRS).json())
                + "&fieldSelector=metadata.name%3Dblueprints.b.ws",
            null)) {
      label("blueprints.a.ws", "red");
      label("blueprints.b.ws", "red");
      label("blueprints.c.ws", "red");
      List<String> names = new ArrayList<>();
      for (JsonNode e = watch.next(); e != null; e = watch.next()) {
        names.add(e.at("/object/metadata/name").asText());
      }
      assertThat(names).containsExactly("blueprints.b.ws");
    }
  }

  @Test
  void listsArePaginatedConsistently() {
    JsonNode first = client.get(PRS + "?limit=4").json();
    assertThat(first.path("items")).hasSize(4);
    assertThat(first.at("/metadata/remainingItemCount").asLong()).isEqualTo(2);
    String token = first.at("/metadata/continue").asText();
    assertThat(token).isNotEmpty();
    client.delete(PRS + "/blueprints.c.ws");
    JsonNode second = client.get(PRS + "?limit=4&continue=" + token).json();
    assertThat(second.at("/metadata/resourceVersion"))
        .isEqualTo(first.at("/metadata/resourceVersion"));
    assertThat(second.at("/metadata/continue").isMissingNode()).isTrue();
    List<String> names = new ArrayList<>();
    first.path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
    second.path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
    assertThat(names)
        .as("one consistent list: the deletion after the first page does not show")
        .containsExactly(
            "blueprints.a.ws",
            "blueprints.a.v1",
            "blueprints.b.ws",
            "blueprints.b.v1",
            "blueprints.c.ws",
            "blueprints.c.v1");

    String unknown =
        Base64.getUrlEncoder()
            .encodeToString(
                "{\"v\":1,\"id\":\"gone\",\"rv\":5,\"start\":4}".getBytes(StandardCharsets.UTF_8));
    ApiClient.Response expired = client.get(PRS + "?limit=4&continue=" + unknown);
    assertThat(expired.code()).isEqualTo(410);
    assertThat(expired.json().path("reason").asText()).isEqualTo("Expired");
    assertThat(client.get(PRS + "?limit=4&continue=garbage").code()).isEqualTo(400);

    JsonNode resources = client.get(PRRS + "?limit=2").json();
    assertThat(resources.path("items")).hasSize(2);
    assertThat(resources.at("/items/0/spec/resources/Kptfile").asText()).isEqualTo(KPTFILE);
    JsonNode rest =
        client.get(PRRS + "?continue=" + resources.at("/metadata/continue").asText()).json();
    assertThat(rest.path("items")).hasSize(3);

    JsonNode packages = client.get(PORCH + "packages?limit=2").json();
    assertThat(packages.path("items")).hasSize(2);
    assertThat(packages.at("/metadata/continue").asText()).isNotEmpty();
    assertThat(packages.at("/metadata/resourceVersion").asText()).isNotEmpty();

    client.post(REPOS, Manifests.repository("second", "https://x/s.git"));
    JsonNode repos = client.get(REPOS + "?limit=1").json();
    assertThat(repos.path("items")).hasSize(1);
    JsonNode moreRepos =
        client.get(REPOS + "?limit=1&continue=" + repos.at("/metadata/continue").asText()).json();
    assertThat(moreRepos.at("/items/0/metadata/name").asText()).isEqualTo("second");
  }

  @Test
  void listResourceVersionSemantics() {
    long current = version(client.get(PRS).json());
    assertThat(client.get(PRS + "?resourceVersion=0").code()).isEqualTo(200);
    assertThat(client.get(PRS + "?resourceVersion=" + current).code()).isEqualTo(200);
    ApiClient.Response tooLarge = client.get(PRS + "?resourceVersion=" + (current + 1000));
    assertThat(tooLarge.code()).isEqualTo(504);
    assertThat(tooLarge.json().at("/details/causes/0/reason").asText())
        .isEqualTo("ResourceVersionTooLarge");
    label("blueprints.a.ws", "red");
    ApiClient.Response exactOld =
        client.get(PRS + "?resourceVersion=" + current + "&resourceVersionMatch=Exact");
    assertThat(exactOld.code()).isEqualTo(410);
    assertThat(client.get(PRS + "?resourceVersionMatch=Exact").code()).isEqualTo(422);
    assertThat(client.get(PRS + "?resourceVersion=abc").code()).isEqualTo(400);
  }

  @Test
  void repositoryWatchesFilterByLabelBeforeAndAfterEachChange() {
    try (ApiClient.Watch watch =
        client.watch(REPOS + "?watch=true&timeoutSeconds=20&labelSelector=env%3Dprod", null)) {
      ApiClient.Response labelled =
          client.patch(
              REPOS + "/blueprints", "{\"metadata\":{\"labels\":{\"env\":\"prod\"}}}", MERGE);
      assertThat(labelled.code()).as(labelled.body()).isEqualTo(200);
      JsonNode added = next(watch, e -> true);
      assertThat(added.path("type").asText()).isEqualTo("ADDED");
      client.patch(REPOS + "/blueprints", "{\"metadata\":{\"labels\":{\"env\":\"dev\"}}}", MERGE);
      JsonNode left = next(watch, e -> !e.path("type").asText().equals("MODIFIED"));
      assertThat(left.path("type").asText()).isEqualTo("DELETED");
      assertThat(left.at("/object/metadata/labels/env").asText()).isEqualTo("prod");
    }
    ApiClient.Response unknownField = client.get(REPOS + "?fieldSelector=spec.type%3Dgit");
    assertThat(unknownField.code()).isEqualTo(400);
    assertThat(unknownField.json().path("message").asText())
        .isEqualTo(
            "\"spec.type\" is not a known field selector: only \"metadata.name\","
                + " \"metadata.namespace\"");
  }

  @Test
  void aWatchThatTheClientLeavesIsUnregistered() {
    var changes = fixture.backend().journal().changes();
    int before = changes.subscriberCount();
    ApiClient.Watch watch = client.watch(PRS + "?watch=true&timeoutSeconds=60", null);
    assertThat(watch.next().path("type").asText()).isEqualTo("ADDED");
    assertThat(changes.subscriberCount()).isEqualTo(before + 1);
    watch.close();
    label("blueprints.a.ws", "red"); // a write to the gone client also ends the stream
    await().atMost(Duration.ofSeconds(10)).until(() -> changes.subscriberCount() == before);
  }

  @Test
  void watchesAreAlsoServedOverWebSockets() throws Exception {
    long listed = version(client.get(PRS).json());
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    WebSocket.Listener collect =
        new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              messages.add(partial.toString());
              partial.setLength(0);
            }
            socket.request(1);
            return null;
          }
        };
    var changes = fixture.backend().journal().changes();
    int before = changes.subscriberCount();
    WebSocket socket =
        client.webSocket(
            PRS + "?watch=true&labelSelector=team%3Dred&resourceVersion=" + listed, collect);
    label("blueprints.a.ws", "blue");
    label("blueprints.b.ws", "red");
    String message = messages.poll(10, TimeUnit.SECONDS);
    assertThat(message).as("one text message per event").isNotNull();
    JsonNode event = Json.MAPPER.readTree(message);
    assertThat(event.path("type").asText()).isEqualTo("ADDED");
    assertThat(event.at("/object/metadata/name").asText()).isEqualTo("blueprints.b.ws");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    await().atMost(Duration.ofSeconds(10)).until(() -> changes.subscriberCount() == before);

    assertThatThrownBy(() -> client.webSocket(PRS + "?watch=true&resourceVersion=abc", collect))
        .as("an invalid watch is refused before the upgrade, with its HTTP status")
        .hasStackTraceContaining("Unexpected HTTP response status code 400");
  }

  private void label(String name, String team) {
    ApiClient.Response r =
        client.patch(
            PRS + "/" + name, "{\"metadata\":{\"labels\":{\"team\":\"" + team + "\"}}}", MERGE);
    assertThat(r.code()).as(r.body()).isEqualTo(200);
  }

  private static JsonNode next(ApiClient.Watch watch, Predicate<JsonNode> wanted) {
    for (JsonNode e = watch.next(); e != null; e = watch.next()) {
      if (wanted.test(e)) {
        return e;
      }
    }
    throw new AssertionError("the watch ended without the expected event");
  }

  private static long version(JsonNode object) {
    return Long.parseLong(object.at("/metadata/resourceVersion").asText());
  }
}
