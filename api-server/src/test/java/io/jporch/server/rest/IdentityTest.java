package io.jporch.server.rest;

import static io.jporch.server.support.Manifests.CONFIG;
import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.api.Lifecycle;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.server.support.ServerFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every object jporch returns carries uid, creationTimestamp, generation and resourceVersion; the
 * UIDs of Porch's kinds are Porch's deterministic ones (UUIDv5 in Porch's namespace, 01-api §4.5;
 * the expected values were computed independently with Python's uuid.uuid5).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityTest {
  private static final String KPTFILE =
      "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\n";

  ServerFixture fixture;
  ApiClient client;

  @BeforeAll
  void start(@TempDir Path dir) {
    fixture = ServerFixture.start(dir);
    client = fixture.client();
    client.post(
        CONFIG + "repositories", Manifests.repository("blueprints", "https://example.com/b.git"));
    var repo = fixture.repositories().repository("default", "blueprints");
    repo.putRevision("basens", "v1", 1, Lifecycle.PUBLISHED, Map.of("Kptfile", KPTFILE));
    repo.putRevision("basens", "v2", 0, Lifecycle.DRAFT, Map.of("Kptfile", KPTFILE));
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void packageRevisionIdentity() {
    JsonNode meta =
        client.get(PORCH + "packagerevisions/blueprints.basens.v1").json().path("metadata");
    assertThat(meta.path("uid").asText()).isEqualTo("d31ab947-3c19-5487-b3ee-6671f6f29004");
    assertComplete(meta);
    client
        .get(PORCH + "packagerevisions")
        .json()
        .path("items")
        .forEach(item -> assertComplete(item.path("metadata")));
  }

  @Test
  void packageRevisionResourcesShareTheRevisionsIdentity() {
    JsonNode pr =
        client.get(PORCH + "packagerevisions/blueprints.basens.v1").json().path("metadata");
    JsonNode prr =
        client.get(PORCH + "packagerevisionresources/blueprints.basens.v1").json().path("metadata");
    for (String field :
        new String[] {"uid", "resourceVersion", "creationTimestamp", "generation"}) {
      assertThat(prr.path(field)).as(field).isEqualTo(pr.path(field));
    }
    client
        .get(PORCH + "packagerevisionresources")
        .json()
        .path("items")
        .forEach(item -> assertComplete(item.path("metadata")));
  }

  @Test
  void packageIdentity() {
    JsonNode pkg = client.get(PORCH + "packages/blueprints.basens").json();
    JsonNode meta = pkg.path("metadata");
    assertThat(meta.path("uid").asText()).isEqualTo("72db42e2-5f9c-56f3-928f-d9c59cff1eb9");
    assertComplete(meta);
    assertThat(pkg.at("/status/latestRevision").asInt()).isEqualTo(1);
    assertThat(
            client.get(PORCH + "packages/blueprints.basens").json().at("/metadata/resourceVersion"))
        .isEqualTo(meta.path("resourceVersion"));
  }

  @Test
  void repositoryIdentity() {
    JsonNode meta = client.get(CONFIG + "repositories/blueprints").json().path("metadata");
    assertThat(meta.path("uid").asText()).matches("[0-9a-f-]{36}");
    assertComplete(meta);
  }

  private static void assertComplete(JsonNode meta) {
    assertThat(meta.path("uid").asText()).as("uid").isNotEmpty();
    assertThat(meta.path("resourceVersion").asText()).as("resourceVersion").isNotEmpty();
    assertThat(meta.path("generation").asLong()).as("generation").isEqualTo(1);
    Instant created = Instant.parse(meta.path("creationTimestamp").asText());
    assertThat(created).isBefore(Instant.now().plusSeconds(1));
  }
}
