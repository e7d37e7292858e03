package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.server.support.ApiClient;
import java.util.Map;

/** Package revision lifecycle steps as raw API calls (what kubectl and porchctl send). */
final class Lifecycles {
  private Lifecycles() {}

  static String resourcesPath(String name) {
    return ApiHttp.RESOURCES + "/" + name;
  }

  /** Creates a Draft with an init task; fails the test unless 201. */
  static JsonNode create(ApiClient api, String repo, String pkg, String ws) {
    ObjectNode body = Kubectl.JSON.createObjectNode();
    body.put("apiVersion", "porch.kpt.dev/v1alpha1").put("kind", "PackageRevision");
    body.putObject("metadata")
        .put("name", Manifests.objectName(repo, pkg, ws))
        .put("namespace", "default");
    ObjectNode spec = body.putObject("spec");
    spec.put("packageName", pkg).put("repository", repo).put("workspaceName", ws);
    spec.putArray("tasks")
        .addObject()
        .put("type", "init")
        .putObject("init")
        .put("description", pkg + " " + ws);
    return expect(api.post(ApiHttp.PACKAGEREVISIONS, body.toString()), 201, "create " + ws);
  }

  static JsonNode get(ApiClient api, String name) {
    return expect(api.get(ApiHttp.PACKAGEREVISIONS + "/" + name), 200, "get " + name);
  }

  static JsonNode getResources(ApiClient api, String name) {
    return expect(api.get(resourcesPath(name)), 200, "get resources of " + name);
  }

  /** Adds (or replaces) one file of the package; fails the test unless 200. */
  static JsonNode putResources(ApiClient api, String name, String file, String content) {
    ObjectNode body = (ObjectNode) getResources(api, name);
    ((ObjectNode) body.at("/spec/resources")).put(file, content);
    return expect(api.put(resourcesPath(name), body.toString()), 200, "update " + name);
  }

  static JsonNode propose(ApiClient api, String name) {
    return expect(
        api.patch(
            ApiHttp.PACKAGEREVISIONS + "/" + name,
            "{\"spec\":{\"lifecycle\":\"Proposed\"}}",
            "application/merge-patch+json"),
        200,
        "propose " + name);
  }

  /** PUT of the approval subresource with {@code current} set to Published. */
  static ApiClient.Response approve(ApiClient api, String name, JsonNode current) {
    ObjectNode body = current.deepCopy();
    ((ObjectNode) body.get("spec")).put("lifecycle", "Published");
    return api.put(ApiHttp.PACKAGEREVISIONS + "/" + name + "/approval", body.toString());
  }

  /** Approves, reading the object again after each 409 (bounded), as a client retrying would. */
  static ApiClient.Response approveWithRetries(ApiClient api, String name) {
    ApiClient.Response last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      last = approve(api, name, get(api, name));
      if (last.code() == 200) {
        return last;
      }
      assertThat(last.code()).as(name + ": " + last.body()).isEqualTo(409);
      assertConflict(last, name);
    }
    throw new AssertionError("approval of " + name + " kept conflicting: " + last.body());
  }

  /** The revisions of one repository, by object name. */
  static Map<String, Manifests.Revision> list(ApiClient api, String repo) {
    return Manifests.revisions(
        expect(api.get(ApiHttp.PACKAGEREVISIONS), 200, "list packagerevisions"), repo);
  }

  /** A 409 Status as Porch words it: {@code Operation cannot be fulfilled on ...}. */
  static void assertConflict(ApiClient.Response r, String name) {
    JsonNode status = r.json();
    assertThat(status.path("kind").asText()).as(r.body()).isEqualTo("Status");
    assertThat(status.path("code").asInt()).as(r.body()).isEqualTo(409);
    assertThat(status.path("reason").asText()).as(r.body()).isEqualTo("Conflict");
    assertThat(status.path("message").asText())
        .as(r.body())
        .startsWith("Operation cannot be fulfilled on packagerevision")
        .contains(name);
  }

  static String configMap(String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: owner
        data:
          workspace: %s
        """
        .formatted(value);
  }

  private static JsonNode expect(ApiClient.Response r, int code, String what) {
    assertThat(r.code()).as(what + ": " + r.body()).isEqualTo(code);
    return r.json();
  }
}
