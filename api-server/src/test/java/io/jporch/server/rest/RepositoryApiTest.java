package io.jporch.server.rest;

import static io.jporch.server.support.Manifests.CONFIG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.error.ServiceUnavailableException;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.server.support.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryApiTest {
  private static final String REPOS = CONFIG + "repositories";

  @TempDir Path dir;
  ServerFixture fixture;
  ApiClient client;

  @BeforeEach
  void start() {
    fixture = ServerFixture.start(dir);
    client = fixture.client();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void conflictingRegistrationsAreRefusedAsPorchsWebhookDoes() {
    String url = "https://example.com/shared.git";
    assertThat(client.post(REPOS, withDirectory("base", url, "catalog")).code()).isEqualTo(201);

    for (String[] attempt :
        new String[][] {
          {"same-dir", "catalog"}, {"nested", "catalog/gcp"}, {"root", ""},
        }) {
      ApiClient.Response refused = client.post(REPOS, withDirectory(attempt[0], url, attempt[1]));
      assertThat(refused.code()).as(attempt[0]).isEqualTo(400);
      assertThat(refused.json().path("message").asText())
          .isEqualTo(
              "admission webhook \"porchrepositorywebhook.nephio.org\" denied the request: "
                  + "Repository conflict with existing repository: default/base");
      assertThat(client.get(REPOS + "/" + attempt[0]).code()).isEqualTo(404);
    }
    assertThat(client.post(REPOS + "?dryRun=All", withDirectory("dry", url, "catalog")).code())
        .as("dry runs are checked too")
        .isEqualTo(400);

    // A sibling directory is fine, and so is an update of the registered one itself.
    assertThat(client.post(REPOS, withDirectory("sibling", url, "other")).code()).isEqualTo(201);
    JsonNode base = client.get(REPOS + "/base").json();
    ((ObjectNode) base.get("spec")).put("description", "still fine");
    assertThat(client.put(REPOS + "/base", base.toString()).code()).isEqualTo(200);
    assertThat(client.get(REPOS).json().path("items")).hasSize(2);
  }

  private static String withDirectory(String name, String url, String directory) {
    return Manifests.repository(name, url)
        .replace(
            "\"repo\":\"" + url + "\"",
            "\"repo\":\"" + url + "\",\"directory\":\"" + directory + "\"");
  }

  @Test
  void createGetListUpdateDelete() {
    ApiClient.Response created =
        client.post(REPOS, Manifests.repository("blueprints", "https://example.com/b.git"));
    assertThat(created.code()).isEqualTo(201);
    JsonNode repo = created.json();
    assertThat(repo.at("/metadata/uid").asText()).isNotEmpty();
    assertThat(repo.at("/metadata/generation").asLong()).isEqualTo(1);
    assertThat(repo.at("/metadata/creationTimestamp").asText()).isNotEmpty();
    assertThat(repo.at("/spec/git/branch").asText()).as("defaulted").isEqualTo("main");
    assertThat(repo.at("/spec/content").asText()).as("defaulted").isEqualTo("Package");
    assertThat(ready(repo)).isEqualTo("True");

    JsonNode got = client.get(REPOS + "/blueprints").json();
    assertThat(got.at("/metadata/uid")).isEqualTo(repo.at("/metadata/uid"));
    JsonNode list = client.get(REPOS).json();
    assertThat(list.path("kind").asText()).isEqualTo("RepositoryList");
    assertThat(list.at("/metadata/resourceVersion").asText()).isNotEmpty();
    assertThat(list.path("items")).hasSize(1);

    ((ObjectNode) got.get("spec")).put("description", "changed");
    ApiClient.Response updated = client.put(REPOS + "/blueprints", got.toString());
    assertThat(updated.code()).isEqualTo(200);
    assertThat(updated.json().at("/spec/description").asText()).isEqualTo("changed");
    assertThat(updated.json().at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(Long.parseLong(updated.json().at("/metadata/resourceVersion").asText()))
        .isGreaterThan(Long.parseLong(got.at("/metadata/resourceVersion").asText()));

    ApiClient.Response patched =
        client.patch(
            REPOS + "/blueprints",
            "{\"metadata\":{\"labels\":{\"team\":\"a\"}}}",
            "application/merge-patch+json");
    assertThat(patched.code()).isEqualTo(200);
    assertThat(patched.json().at("/metadata/labels/team").asText()).isEqualTo("a");
    assertThat(client.get(REPOS + "?labelSelector=team%3Da").json().path("items")).hasSize(1);
    assertThat(client.get(REPOS + "?labelSelector=team%3Db").json().path("items")).isEmpty();

    ApiClient.Response deleted = client.delete(REPOS + "/blueprints");
    assertThat(deleted.code()).isEqualTo(200);
    assertThat(deleted.json().at("/metadata/name").asText()).isEqualTo("blueprints");
    assertThat(client.get(REPOS + "/blueprints").code()).isEqualTo(404);
    assertThat(fixture.repositories().repository("default", "blueprints").isClosed()).isTrue();
  }

  @Test
  void staleResourceVersionConflicts() {
    JsonNode repo =
        client.post(REPOS, Manifests.repository("r1", "https://example.com/r1.git")).json();
    JsonNode current = client.get(REPOS + "/r1").json();
    ((ObjectNode) current.get("metadata")).put("resourceVersion", "1");
    ((ObjectNode) current.get("spec")).put("description", "late");
    ApiClient.Response r = client.put(REPOS + "/r1", current.toString());
    assertThat(r.code()).as(r.body()).isEqualTo(409);
    assertThat(r.json().path("reason").asText()).isEqualTo("Conflict");
    assertThat(r.json().path("message").asText())
        .startsWith(
            "Operation cannot be fulfilled on repositories.config.porch.kpt.dev \"r1\": the object has been modified");
    assertThat(repo.at("/metadata/name").asText()).isEqualTo("r1");
  }

  @Test
  void validationErrorsAre422NamingTheField() {
    assertInvalid(
        client.post(REPOS, Manifests.repository("Bad_Name", "https://example.com/x.git")),
        "metadata.name");
    assertInvalid(
        client.post(
            REPOS,
            "{\"metadata\":{\"name\":\"oci\"},\"spec\":{\"type\":\"oci\",\"oci\":{\"registry\":\"r.example.com\"}}}"),
        "spec.type");
    assertInvalid(
        client.post(
            REPOS, "{\"metadata\":{\"name\":\"nourl\"},\"spec\":{\"type\":\"git\",\"git\":{}}}"),
        "spec.git.repo");
    assertInvalid(
        client.post(
            REPOS, "{\"metadata\":{\"name\":\"notype\"},\"spec\":{\"git\":{\"repo\":\"x\"}}}"),
        "spec.type");
    assertThat(client.get(REPOS).json().path("items")).isEmpty();
  }

  @Test
  void immutableFieldsCannotChange() {
    client.post(REPOS, Manifests.repository("fixed", "https://example.com/a.git"));
    JsonNode current = client.get(REPOS + "/fixed").json();
    ((ObjectNode) current.at("/spec/git")).put("repo", "https://example.com/other.git");
    ((ObjectNode) current.at("/spec/git")).put("branch", "dev");
    ApiClient.Response r = client.put(REPOS + "/fixed", current.toString());
    JsonNode status = assertInvalid(r, "spec.git.repo");
    assertThat(status.path("message").asText()).contains("spec.git.branch is immutable");
  }

  @Test
  void failedOpenIsReportedInStatusNotAsAnError() {
    fixture
        .repositories()
        .failNextOpen(
            new ServiceUnavailableException(null, "cannot reach https://example.com/down.git"));
    ApiClient.Response created =
        client.post(REPOS, Manifests.repository("down", "https://example.com/down.git"));
    assertThat(created.code()).isEqualTo(201);
    JsonNode condition = created.json().at("/status/conditions/0");
    assertThat(condition.path("type").asText()).isEqualTo("Ready");
    assertThat(condition.path("status").asText()).isEqualTo("False");
    assertThat(condition.path("reason").asText()).isEqualTo("Error");
    assertThat(condition.path("message").asText()).contains("cannot reach");
  }

  @Test
  void repositoriesSurviveARestart() throws Exception {
    client.post(REPOS, Manifests.repository("kept", "https://example.com/kept.git"));
    JsonNode before = client.get(REPOS + "/kept").json();
    assertThat(Files.isRegularFile(dir.resolve("repositories/default/kept.json"))).isTrue();
    int opensBefore = fixture.repositories().openCount();

    fixture.restart();
    client = fixture.client();

    JsonNode after = client.get(REPOS + "/kept").json();
    assertThat(after.at("/metadata/uid")).isEqualTo(before.at("/metadata/uid"));
    assertThat(after.at("/spec")).isEqualTo(before.at("/spec"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fixture.repositories().openCount() > opensBefore);
    JsonNode created =
        client.post(REPOS, Manifests.repository("later", "https://example.com/later.git")).json();
    assertThat(Long.parseLong(created.at("/metadata/resourceVersion").asText()))
        .as("resourceVersion keeps growing after a restart")
        .isGreaterThan(Long.parseLong(after.at("/metadata/resourceVersion").asText()));
  }

  @Test
  void watchReplaysAndStreamsChanges() {
    client.post(REPOS, Manifests.repository("first", "https://example.com/1.git"));
    try (ApiClient.Watch watch = client.watch(REPOS + "?watch=true&timeoutSeconds=10", null)) {
      assertThat(watch.code()).isEqualTo(200);
      JsonNode added = watch.next();
      assertThat(added.path("type").asText()).isEqualTo("ADDED");
      assertThat(added.at("/object/metadata/name").asText()).isEqualTo("first");
      client.post(REPOS, Manifests.repository("second", "https://example.com/2.git"));
      JsonNode next = watch.next();
      assertThat(next.path("type").asText()).isEqualTo("ADDED");
      assertThat(next.at("/object/metadata/name").asText()).isEqualTo("second");
      client.delete(REPOS + "/first");
      JsonNode event = watch.next();
      while (!event.path("type").asText().equals("DELETED")) {
        event = watch.next();
      }
      assertThat(event.at("/object/metadata/name").asText()).isEqualTo("first");
    }
  }

  @Test
  void watchFromAResourceVersionResumesAfterIt() {
    client.post(REPOS, Manifests.repository("a", "https://example.com/a.git"));
    String rv = client.get(REPOS).json().at("/metadata/resourceVersion").asText();
    client.post(REPOS, Manifests.repository("b", "https://example.com/b.git"));
    try (ApiClient.Watch watch =
        client.watch(REPOS + "?watch=1&timeoutSeconds=5&resourceVersion=" + rv, null)) {
      JsonNode event = watch.next();
      assertThat(event.path("type").asText()).isEqualTo("ADDED");
      assertThat(event.at("/object/metadata/name").asText()).isEqualTo("b");
    }
    try (ApiClient.Watch expired =
        client.watch(REPOS + "?watch=1&timeoutSeconds=5&resourceVersion=999999", null)) {
      JsonNode event = expired.next();
      assertThat(event.path("type").asText()).isEqualTo("ERROR");
      assertThat(event.at("/object/code").asInt()).isEqualTo(410);
    }
  }

  private static String ready(JsonNode repository) {
    for (JsonNode c : repository.at("/status/conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return c.path("status").asText();
      }
    }
    return null;
  }

  private static JsonNode assertInvalid(ApiClient.Response r, String field) {
    assertThat(r.code()).as(r.body()).isEqualTo(422);
    JsonNode status = r.json();
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    assertThat(status.path("message").asText()).contains(field);
    assertThat(status.at("/details/kind").asText()).isEqualTo("Repository");
    assertThat(status.at("/details/group").asText()).isEqualTo("config.porch.kpt.dev");
    boolean named = false;
    for (JsonNode cause : status.at("/details/causes")) {
      named |= cause.path("field").asText().equals(field);
    }
    assertThat(named).as("a cause names %s: %s", field, status).isTrue();
    return status;
  }
}
