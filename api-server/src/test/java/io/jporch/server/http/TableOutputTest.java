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
    // kube-apiserver labels converted responses with the bare encoding.
    assertThat(r.contentType()).isEqualTo("application/json");
    JsonNode table = r.json();
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(columns(table))
        .containsExactly(
            "Name", "Package", "WorkspaceName", "Revision", "Latest", "Lifecycle", "Repository");
    assertThat(table.at("/columnDefinitions/0").toString())
        .isEqualTo(
            "{\"name\":\"Name\",\"type\":\"string\",\"format\":\"\",\"description\":\"\",\"priority\":0}");
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
    assertThat(none.at("/rows/0/object").isNull()).isTrue();
    ApiClient.Response bogus =
        client.get(PORCH + "packagerevisions/blueprints.basens.v1?includeObject=Bogus", TABLE);
    assertThat(bogus.code()).isEqualTo(400);
    assertThat(bogus.json().path("message").asText())
        .isEqualTo(
            "Unable to convert to Table as requested: includeObject: Unsupported value: \"Bogus\":"
                + " supported values: \"Metadata\", \"None\", \"Object\"");
    // Without a Table, includeObject means nothing.
    assertThat(
            client.get(PORCH + "packagerevisions/blueprints.basens.v1?includeObject=Bogus").code())
        .isEqualTo(200);
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
  void repositoryColumnsAreDescribedByTheirJsonPath() {
    JsonNode table = client.get(CONFIG + "repositories", TABLE).json();
    assertThat(table.at("/columnDefinitions/0/format").asText()).isEqualTo("name");
    assertThat(table.at("/columnDefinitions/0/description").asText())
        .startsWith("Name must be unique");
    assertThat(table.at("/columnDefinitions/5/description").asText())
        .isEqualTo(
            "Custom resource definition column (in JSONPath format):"
                + " .status.conditions[?(@.type=='Ready')].status");
  }

  @Test
  void tablesCarryTheListMetadataAndNullRowsWhenEmpty() {
    JsonNode list = client.get(PORCH + "packagerevisions").json();
    JsonNode table = client.get(PORCH + "packagerevisions", TABLE).json();
    assertThat(table.at("/metadata/resourceVersion").asText())
        .isEqualTo(list.at("/metadata/resourceVersion").asText());
    JsonNode empty =
        client
            .get("/apis/porch.kpt.dev/v1alpha1/namespaces/nothing/packagerevisions", TABLE)
            .json();
    assertThat(empty.path("columnDefinitions")).hasSize(7);
    assertThat(empty.path("rows").isNull()).isTrue();
    JsonNode single = client.get(PORCH + "packagerevisions/blueprints.basens.v1", TABLE).json();
    JsonNode object = client.get(PORCH + "packagerevisions/blueprints.basens.v1").json();
    assertThat(single.at("/metadata/resourceVersion").asText())
        .isEqualTo(object.at("/metadata/resourceVersion").asText());
  }

  @Test
  void tablesInYaml() {
    ApiClient.Response r =
        client.get(PORCH + "packagerevisions", "application/yaml;as=Table;v=v1;g=meta.k8s.io");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/yaml");
    JsonNode table = ContentNegotiationTest.yaml(r.body());
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("rows")).hasSize(2);
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
      assertThat(second.at("/object/columnDefinitions").isNull()).isTrue();
      assertThat(second.at("/object/rows/0/cells/0").asText())
          .isEqualTo("blueprints.net.istio.ws1");
    }
  }

  @Test
  void tableWatchBookmarksAreTablesWithMetadataRows() {
    try (ApiClient.Watch watch =
        client.watch(
            PORCH
                + "packagerevisions?watch=true&allowWatchBookmarks=true&includeObject=Object"
                + "&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=5",
            TABLE)) {
      assertThat(watch.next().at("/object/rows/0/object/kind").asText())
          .isEqualTo("PackageRevision");
      watch.next();
      JsonNode bookmark = watch.next();
      assertThat(bookmark.path("type").asText()).isEqualTo("BOOKMARK");
      assertThat(bookmark.at("/object/kind").asText()).isEqualTo("Table");
      assertThat(bookmark.at("/object/columnDefinitions").isNull()).isTrue();
      JsonNode row = bookmark.at("/object/rows/0/object");
      assertThat(row.path("kind").asText()).isEqualTo("PartialObjectMetadata");
      assertThat(row.at("/metadata/annotations/k8s.io~1initial-events-end").asText())
          .isEqualTo("true");
    }
  }

  @Test
  void partialObjectMetadataList() {
    ApiClient.Response r =
        client.get(
            PORCH + "packagerevisions",
            "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io");
    assertThat(r.contentType()).isEqualTo("application/json");
    JsonNode list = r.json();
    assertThat(list.path("kind").asText()).isEqualTo("PartialObjectMetadataList");
    assertThat(list.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(list.at("/metadata/resourceVersion").asText())
        .isEqualTo(
            client.get(PORCH + "packagerevisions").json().at("/metadata/resourceVersion").asText());
    assertThat(list.path("items")).hasSize(2);
    assertThat(list.at("/items/0/kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(list.at("/items/0/apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(list.at("/items/0/metadata/uid").asText()).isNotEmpty();
    assertThat(list.at("/items/0/spec").isMissingNode()).isTrue();
    JsonNode beta =
        client
            .get(
                PORCH + "packagerevisions",
                "application/json;as=PartialObjectMetadataList;v=v1beta1;g=meta.k8s.io")
            .json();
    assertThat(beta.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
    assertThat(beta.at("/items/0/apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
  }

  @Test
  void partialObjectMetadataOfOneObject() {
    JsonNode object = client.get(PORCH + "packagerevisions/blueprints.basens.v1").json();
    JsonNode partial =
        client
            .get(
                PORCH + "packagerevisions/blueprints.basens.v1",
                "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io")
            .json();
    assertThat(partial.path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(partial.path("metadata")).isEqualTo(object.path("metadata"));
    assertThat(partial.has("spec")).isFalse();
  }

  @Test
  void partialMetadataOfTheWrongCardinalityIs406() {
    ApiClient.Response listAsOne =
        client.get(
            PORCH + "packagerevisions",
            "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io");
    assertThat(listAsOne.code()).isEqualTo(406);
    assertThat(listAsOne.json().path("message").asText())
        .isEqualTo(
            "you requested PartialObjectMetadata, but the requested object is a list"
                + " (PackageRevisionList)");
    ApiClient.Response oneAsList =
        client.get(
            PORCH + "packagerevisions/blueprints.basens.v1",
            "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io");
    assertThat(oneAsList.code()).isEqualTo(406);
    assertThat(oneAsList.json().path("reason").asText()).isEqualTo("NotAcceptable");
  }

  @Test
  void partialObjectMetadataWatch() {
    try (ApiClient.Watch watch =
        client.watch(
            PORCH
                + "packagerevisions?watch=true&allowWatchBookmarks=true&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan&timeoutSeconds=5",
            "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json")) {
      JsonNode first = watch.next();
      assertThat(first.path("type").asText()).isEqualTo("ADDED");
      assertThat(first.at("/object/kind").asText()).isEqualTo("PartialObjectMetadata");
      assertThat(first.at("/object/metadata/name").asText()).isEqualTo("blueprints.basens.v1");
      assertThat(first.at("/object/spec").isMissingNode()).isTrue();
      watch.next();
      JsonNode bookmark = watch.next();
      assertThat(bookmark.path("type").asText()).isEqualTo("BOOKMARK");
      assertThat(bookmark.at("/object/kind").asText()).isEqualTo("PartialObjectMetadata");
      assertThat(bookmark.at("/object/metadata/resourceVersion").asText()).isNotEmpty();
    }
  }

  private static List<String> columns(JsonNode table) {
    List<String> names = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> names.add(c.path("name").asText()));
    return names;
  }
}
