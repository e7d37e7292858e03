package io.jporch.server.http;

import static io.jporch.server.support.Manifests.CONFIG;
import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.api.Lifecycle;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.server.support.ServerFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Server-side tables as kubectl requests them (01-api §6). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableOutputTest {
  private static final String TABLE =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
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
    repo.putRevision(
        "net/istio", "ws1", 0, Lifecycle.DRAFT, Map.of("Kptfile", KPTFILE, "a.yaml", "a: 1\n"));
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void packageRevisionTableHasPorchColumns() {
    ApiClient.Response r = client.get(PORCH + "packagerevisions", TABLE);
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json;as=Table;v=v1;g=meta.k8s.io");
    JsonNode table = r.json();
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(columns(table))
        .containsExactly(
            "Name", "Package", "WorkspaceName", "Revision", "Latest", "Lifecycle", "Repository");
    assertThat(table.at("/columnDefinitions/3/type").asText()).isEqualTo("int");
    assertThat(table.at("/columnDefinitions/4/type").asText()).isEqualTo("boolean");
    assertThat(table.path("rows")).hasSize(2);
    JsonNode v1 = table.at("/rows/0");
    assertThat(v1.path("cells").toString())
        .isEqualTo(
            "[\"blueprints.basens.v1\",\"basens\",\"v1\",1,true,\"Published\",\"blueprints\"]");
    assertThat(v1.at("/object/kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(v1.at("/object/apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(v1.at("/object/metadata/name").asText()).isEqualTo("blueprints.basens.v1");
    assertThat(v1.at("/object/spec").isMissingNode()).isTrue();
    assertThat(table.at("/rows/1/cells/1").asText()).isEqualTo("net/istio");
  }

  @Test
  void singleObjectTableAndIncludeObject() {
    JsonNode table =
        client
            .get(PORCH + "packagerevisions/blueprints.basens.v1?includeObject=Object", TABLE)
            .json();
    assertThat(table.path("rows")).hasSize(1);
    assertThat(table.at("/rows/0/object/kind").asText()).isEqualTo("PackageRevision");
    JsonNode none =
        client
            .get(PORCH + "packagerevisions/blueprints.basens.v1?includeObject=None", TABLE)
            .json();
    assertThat(none.at("/rows/0/object").isMissingNode()).isTrue();
    JsonNode beta =
        client
            .get(PORCH + "packagerevisions", "application/json;as=Table;v=v1beta1;g=meta.k8s.io")
            .json();
    assertThat(beta.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
  }

  @Test
  void resourcesAndPackagesTables() {
    JsonNode prr = client.get(PORCH + "packagerevisionresources", TABLE).json();
    assertThat(columns(prr))
        .containsExactly("Name", "Package", "WorkspaceName", "Revision", "Repository", "Files");
    assertThat(prr.at("/columnDefinitions/5/type").asText()).isEqualTo("integer");
    assertThat(prr.at("/rows/1/cells/5").asInt()).isEqualTo(2);
    JsonNode packages = client.get(PORCH + "packages", TABLE).json();
    assertThat(columns(packages))
        .containsExactly("Name", "Package", "Repository", "Latest Revision");
    assertThat(packages.at("/rows/0/cells").toString())
        .isEqualTo("[\"blueprints.basens\",\"basens\",\"blueprints\",1]");
  }

  @Test
  void repositoryTableUsesCrdPrinterColumns() {
    JsonNode table = client.get(CONFIG + "repositories", TABLE).json();
    assertThat(columns(table))
        .containsExactly(
            "Name",
            "Type",
            "Content",
            "Sync schedule",
            "Deployment",
            "Ready",
            "Address",
            "Branch",
            "Age");
    JsonNode cells = table.at("/rows/0/cells");
    assertThat(cells.get(0).asText()).isEqualTo("blueprints");
    assertThat(cells.get(1).asText()).isEqualTo("git");
    assertThat(cells.get(3).isNull()).isTrue();
    assertThat(cells.get(5).asText()).isEqualTo("True");
    assertThat(cells.get(6).asText()).isEqualTo("https://example.com/b.git");
    assertThat(cells.get(7).asText()).isEqualTo("main");
    assertThat(cells.get(8).asText()).matches("\\d+s");
  }

  @Test
  void watchSendsColumnDefinitionsOnlyFirst() {
    try (ApiClient.Watch watch =
        client.watch(PORCH + "packagerevisions?watch=true&timeoutSeconds=5", TABLE)) {
      assertThat(watch.code()).isEqualTo(200);
      JsonNode first = watch.next();
      assertThat(first.path("type").asText()).isEqualTo("ADDED");
      assertThat(first.at("/object/kind").asText()).isEqualTo("Table");
      assertThat(columns(first.get("object"))).hasSize(7);
      assertThat(first.at("/object/rows")).hasSize(1);
      JsonNode second = watch.next();
      assertThat(second.at("/object/kind").asText()).isEqualTo("Table");
      assertThat(second.at("/object/columnDefinitions")).isEmpty();
      assertThat(second.at("/object/rows/0/cells/0").asText())
          .isEqualTo("blueprints.net.istio.ws1");
    }
  }

  @Test
  void partialObjectMetadataList() {
    JsonNode list =
        client
            .get(
                PORCH + "packagerevisions",
                "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io")
            .json();
    assertThat(list.path("kind").asText()).isEqualTo("PartialObjectMetadataList");
    assertThat(list.at("/items/0/kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(list.at("/items/0/metadata/uid").asText()).isNotEmpty();
  }

  private static List<String> columns(JsonNode table) {
    List<String> names = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> names.add(c.path("name").asText()));
    return names;
  }
}
