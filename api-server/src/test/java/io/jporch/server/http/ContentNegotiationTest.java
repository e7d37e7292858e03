package io.jporch.server.http;

import static io.jporch.server.support.Manifests.CONFIG;
import static io.jporch.server.support.Manifests.PORCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.util.Json;
import io.jporch.server.support.ApiClient;
import io.jporch.server.support.Manifests;
import io.jporch.server.support.ServerFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content negotiation as kube-apiserver does it: JSON and YAML in and out, {@code pretty}, clients
 * that prefer protobuf fall back to JSON, and a 406 Status when nothing in {@code Accept} can be
 * served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContentNegotiationTest {
  private static final String KPTFILE =
      "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\n";
  private static final String REPO = CONFIG + "repositories/blueprints";
  private static final String NOT_ACCEPTABLE =
      "only the following media types are accepted: application/json, application/yaml";

  ServerFixture fixture;
  ApiClient client;

  @BeforeAll
  void start(@TempDir Path dir) {
    fixture = ServerFixture.start(dir);
    client = fixture.client();
    client.post(
        CONFIG + "repositories", Manifests.repository("blueprints", "https://example.com/b.git"));
    fixture
        .repositories()
        .repository("default", "blueprints")
        .putRevision("basens", "v1", 1, Lifecycle.PUBLISHED, Map.of("Kptfile", KPTFILE));
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  @Test
  void jsonByDefaultCompactWithTrailingNewline() {
    ApiClient.Response r = client.get(REPO);
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.body()).startsWith("{\"").endsWith("}\n").doesNotContain("\n  ");
    assertThat(r.json().path("kind").asText()).isEqualTo("Repository");
  }

  @Test
  void wildcardsMeanJson() {
    for (String accept : new String[] {"*/*", "application/*", "application/json;charset=utf-8"}) {
      ApiClient.Response r = client.get(REPO, accept);
      assertThat(r.code()).as(accept).isEqualTo(200);
      assertThat(r.contentType()).as(accept).isEqualTo("application/json");
    }
  }

  @Test
  void yamlResponsesHaveSortedKeys() {
    ApiClient.Response r = client.get(REPO, "application/yaml");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/yaml");
    assertThat(r.body())
        .startsWith("apiVersion: config.porch.kpt.dev/v1alpha1\nkind: Repository\n");
    JsonNode doc = yaml(r.body());
    assertThat(doc.at("/spec/git/repo").asText()).isEqualTo("https://example.com/b.git");
    JsonNode list = yaml(client.get(PORCH + "packagerevisions", "application/yaml").body());
    assertThat(list.path("kind").asText()).isEqualTo("PackageRevisionList");
    assertThat(list.at("/items/0/metadata/name").asText()).isEqualTo("blueprints.basens.v1");
  }

  @Test
  void qualityDecidesBetweenJsonAndYaml() {
    ApiClient.Response r = client.get(REPO, "application/json;q=0.5, application/yaml");
    assertThat(r.contentType()).isEqualTo("application/yaml");
  }

  @Test
  void yamlRequestBodies() {
    String yaml =
        """
        apiVersion: config.porch.kpt.dev/v1alpha1
        kind: Repository
        metadata:
          name: fromyaml
        spec:
          type: git
          git:
            repo: https://example.com/y.git
        """;
    ApiClient.Response created =
        client.send("POST", CONFIG + "repositories", yaml, "application/yaml", null, true);
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.json().at("/spec/git/repo").asText()).isEqualTo("https://example.com/y.git");
  }

  @Test
  void unknownRequestMediaTypeIs415AndChangesNothing() {
    ApiClient.Response r =
        client.send(
            "POST",
            CONFIG + "repositories",
            Manifests.repository("plain", "https://example.com/p.git"),
            "text/plain",
            null,
            true);
    assertThat(r.code()).isEqualTo(415);
    assertThat(r.json().path("kind").asText()).isEqualTo("Status");
    assertThat(r.json().path("reason").asText()).isEqualTo("UnsupportedMediaType");
    assertThat(r.json().path("message").asText())
        .isEqualTo(
            "the body of the request was in an unknown format - accepted media types include:"
                + " application/json, application/yaml");
    assertThat(client.get(CONFIG + "repositories/plain").code()).isEqualTo(404);
  }

  @Test
  void prettyQueryParameter() {
    for (String value : new String[] {"true", "1"}) {
      ApiClient.Response r = client.get(REPO + "?pretty=" + value);
      assertThat(r.body())
          .as(value)
          .startsWith("{\n  \"apiVersion\": \"config.porch.kpt.dev/v1alpha1\",\n  \"kind\":")
          .doesNotContain("\" :")
          .endsWith("}");
    }
    ApiClient.Response empty =
        client.get("/apis/porch.kpt.dev/v1alpha1/namespaces/nothing/packagerevisions?pretty=true");
    assertThat(empty.body()).contains("\"items\": []").doesNotContain("[ ]");
    assertThat(client.get(REPO + "?pretty=false").body()).doesNotContain("\n  ");
  }

  @Test
  void prettyAcceptParameterAndHumanClients() {
    assertThat(client.get(REPO, "application/json;pretty=1").body()).contains("\n  \"kind\": ");
    ApiClient.Response curl =
        client.send("GET", REPO, null, null, Map.of("User-Agent", "curl/8.5.0"));
    assertThat(curl.body()).contains("\n  \"kind\": ");
    ApiClient.Response curlNotPretty =
        client.send("GET", REPO + "?pretty=false", null, null, Map.of("User-Agent", "curl/8.5.0"));
    assertThat(curlNotPretty.body()).doesNotContain("\n  ");
    ApiClient.Response kubectl =
        client.send("GET", REPO, null, null, Map.of("User-Agent", "kubectl/v1.32.4"));
    assertThat(kubectl.body()).doesNotContain("\n  ");
  }

  @Test
  void protobufFirstAcceptGetsJson() {
    ApiClient.Response r =
        client.get(
            PORCH + "packagerevisions", "application/vnd.kubernetes.protobuf,application/json");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.json().path("kind").asText()).isEqualTo("PackageRevisionList");
  }

  @Test
  void nothingAcceptableIs406Status() {
    for (String accept :
        new String[] {
          "application/vnd.kubernetes.protobuf",
          "text/yaml",
          "text/html",
          "application/json;as=Deployment;g=apps;v=v1",
          "application/json;as=Table;g=meta.k8s.io;v=v2",
          "application/json;sv=v1"
        }) {
      ApiClient.Response r = client.get(PORCH + "packagerevisions", accept);
      assertThat(r.code()).as(accept).isEqualTo(406);
      assertThat(r.contentType()).as(accept).isEqualTo("application/json");
      JsonNode status = r.json();
      assertThat(status.path("kind").asText()).isEqualTo("Status");
      assertThat(status.path("reason").asText()).isEqualTo("NotAcceptable");
      assertThat(status.path("code").asInt()).isEqualTo(406);
      assertThat(status.path("message").asText()).isEqualTo(NOT_ACCEPTABLE);
    }
  }

  @Test
  void watchNeedsAStreamingEncoding() {
    ApiClient.Response yaml =
        client.get(PORCH + "packagerevisions?watch=true&timeoutSeconds=1", "application/yaml");
    assertThat(yaml.code()).isEqualTo(406);
    assertThat(yaml.json().path("message").asText())
        .isEqualTo("only the following media types are accepted: application/json;stream=watch");
    try (ApiClient.Watch watch =
        client.watch(
            PORCH + "packagerevisions?watch=true&timeoutSeconds=1",
            "application/json;stream=watch")) {
      assertThat(watch.code()).isEqualTo(200);
      assertThat(watch.next().path("type").asText()).isEqualTo("ADDED");
    }
  }

  @Test
  void openApiV2IsProtobufForClientsThatPreferIt() {
    ApiClient.Response pb =
        client.get("/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
    assertThat(pb.code()).isEqualTo(200);
    assertThat(pb.contentType())
        .as("kube-apiserver's spelling; Go's mime package refuses the @ form")
        .isEqualTo("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    assertThat(pb.headers().firstValue("ETag")).isPresent();

    for (String accept : List.of("application/json", "*/*", "application/json, " + PROTOBUF_V2)) {
      ApiClient.Response r = client.get("/openapi/v2", accept);
      assertThat(r.code()).as(accept).isEqualTo(200);
      assertThat(r.contentType()).as(accept).isEqualTo("application/json");
      assertThat(r.json().path("swagger").asText()).isEqualTo("2.0");
      assertThat(r.headers().firstValue("ETag")).isNotEqualTo(pb.headers().firstValue("ETag"));
    }
    ApiClient.Response v3 = client.get("/openapi/v3", PROTOBUF_V2);
    assertThat(v3.contentType()).as("v3 documents are JSON").isEqualTo("application/json");
  }

  private static final String PROTOBUF_V2 =
      "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

  static JsonNode yaml(String text) {
    try {
      return Json.YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not YAML: " + text, e);
    }
  }
}
