package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.server.support.ApiClient;
import io.jporch.testing.http.TestData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The helpers of Porch's API e2e suite (05-e2e-scenarios §2.4) as raw HTTPS calls against a {@link
 * JporchProcess}: register, createDraft, PROPOSE (update), APPROVE and PROPOSE-DELETE (approval
 * subresource), getRevision by field selectors. Every write returns the server's response object,
 * with which the scenarios continue, as Porch's tests do.
 */
final class ScenarioApi {
  static final String NS = "default";
  static final String PRS = ApiHttp.PACKAGEREVISIONS;
  static final String PRRS = ApiHttp.RESOURCES;

  final ApiClient api;
  final Kubectl kubectl;
  private final Path gitRoot;

  ScenarioApi(JporchProcess server, Path gitRoot) {
    this.api = ApiHttp.client(server.kubeconfig());
    this.kubectl = server.kubectl();
    this.gitRoot = gitRoot;
    try {
      java.nio.file.Files.createDirectories(gitRoot);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ repositories

  /** A fresh bare repository with a README on main, registered as {@code name}; waits for Ready. */
  Path register(String name) {
    return register(name, false);
  }

  /** As {@link #register(String)}, with {@code spec.deployment} set as given. */
  Path register(String name, boolean deployment) {
    Path bare = GitCli.createSeededBareRepository(gitRoot, name + ".git");
    registerUrl(name, "file://" + bare, deployment);
    return bare;
  }

  /** Registers an existing URL as {@code name}; waits for Ready. */
  void registerUrl(String name, String url, boolean deployment) {
    String manifest = Manifests.gitRepository(name, url, false);
    if (deployment) {
      manifest = manifest.replace("  type: git\n", "  type: git\n  deployment: true\n");
    }
    kubectl.withFile(manifest, "apply").assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, name);
  }

  /** Porch's test-blueprints repository (a mirror of the shared bundle), registered as name. */
  Path registerBlueprints(String name) {
    Path dir = gitRoot.resolve(name + ".git");
    GitCli.git(
        gitRoot,
        "clone",
        "-q",
        "--mirror",
        TestData.sharedDir()
            .resolve("testdata")
            .resolve(FixtureRepositoriesE2E.BLUEPRINTS_BUNDLE)
            .toString(),
        dir.toString());
    registerUrl(name, "file://" + dir, false);
    return dir;
  }

  // ------------------------------------------------------------------ package revisions

  /** A PackageRevision skeleton without tasks. */
  static ObjectNode skeleton(String repo, String pkg, String ws) {
    ObjectNode body = Kubectl.JSON.createObjectNode();
    body.put("apiVersion", "porch.kpt.dev/v1alpha1").put("kind", "PackageRevision");
    body.putObject("metadata").put("namespace", NS);
    body.putObject("spec")
        .put("packageName", pkg)
        .put("repository", repo)
        .put("workspaceName", ws)
        .putArray("tasks");
    return body;
  }

  /**
   * Appends a task of {@code type} to the request's {@code spec.tasks} and returns the task's
   * {@code <type>} object, for the caller to fill.
   */
  static ObjectNode addTask(ObjectNode body, String type) {
    return ((com.fasterxml.jackson.databind.node.ArrayNode) body.at("/spec/tasks"))
        .addObject()
        .put("type", type)
        .putObject(type);
  }

  /** createDraft: an init task with description {@code "<pkg> description"}. */
  static ObjectNode draftRequest(String repo, String pkg, String ws) {
    ObjectNode body = skeleton(repo, pkg, ws);
    addTask(body, "init").put("description", pkg + " description");
    return body;
  }

  /** A clone task from the registered revision {@code upstream}. */
  static ObjectNode cloneRequest(String repo, String pkg, String ws, String upstream) {
    ObjectNode body = skeleton(repo, pkg, ws);
    addTask(body, "clone").putObject("upstreamRef").putObject("upstreamRef").put("name", upstream);
    return body;
  }

  /** An edit (copy) task from {@code source}. */
  static ObjectNode editRequest(String repo, String pkg, String ws, String source) {
    ObjectNode body = skeleton(repo, pkg, ws);
    addTask(body, "edit").putObject("sourceRef").put("name", source);
    return body;
  }

  JsonNode createDraft(String repo, String pkg, String ws) {
    return create(draftRequest(repo, pkg, ws));
  }

  /** CREATE PR; fails the test unless 201. */
  JsonNode create(ObjectNode body) {
    return expect(createRaw(body), 201, "create " + body.at("/spec"));
  }

  ApiClient.Response createRaw(ObjectNode body) {
    return api.post(PRS, body.toString());
  }

  JsonNode get(String name) {
    return expect(getRaw(name), 200, "get " + name);
  }

  ApiClient.Response getRaw(String name) {
    return api.get(PRS + "/" + name);
  }

  /** UPDATE PR (PUT of the whole object); fails the test unless 200. */
  JsonNode update(JsonNode object) {
    return expect(updateRaw(object), 200, "update " + name(object));
  }

  ApiClient.Response updateRaw(JsonNode object) {
    return api.put(PRS + "/" + name(object), object.toString());
  }

  /** APPROVAL PR with {@code lifecycle}; fails the test unless 200. */
  JsonNode approval(JsonNode object, String lifecycle) {
    return expect(approvalRaw(object, lifecycle), 200, lifecycle + " " + name(object));
  }

  ApiClient.Response approvalRaw(JsonNode object, String lifecycle) {
    return api.put(PRS + "/" + name(object) + "/approval", withLifecycle(object, lifecycle));
  }

  /** PROPOSE: UPDATE PR with {@code spec.lifecycle: Proposed}. */
  JsonNode propose(JsonNode object) {
    return expect(
        api.put(PRS + "/" + name(object), withLifecycle(object, "Proposed")),
        200,
        "propose " + name(object));
  }

  /** PROPOSE then APPROVE, continuing with each response. */
  JsonNode publish(JsonNode object) {
    return approval(propose(object), "Published");
  }

  ApiClient.Response delete(String name) {
    return api.delete(PRS + "/" + name);
  }

  /** DELETE PR; fails the test unless 200. */
  void deleteOk(String name) {
    expect(delete(name), 200, "delete " + name);
  }

  void assertNotFound(String name) {
    ApiClient.Response r = getRaw(name);
    assertThat(r.code()).as("GET " + name + ": " + r.body()).isEqualTo(404);
  }

  /** LIST PR in the namespace with a field selector (null: none). */
  List<JsonNode> list(String fieldSelector) {
    String path =
        fieldSelector == null
            ? PRS
            : PRS + "?fieldSelector=" + URLEncoder.encode(fieldSelector, StandardCharsets.UTF_8);
    JsonNode list = expect(api.get(path), 200, "list " + fieldSelector);
    List<JsonNode> items = new ArrayList<>();
    list.path("items").forEach(items::add);
    return items;
  }

  /** The revisions of one repository. */
  List<JsonNode> listRepository(String repo) {
    return list("spec.repository=" + repo);
  }

  /** getRevision: exactly one item for repository, package and revision. */
  JsonNode getRevision(String repo, String pkg, int revision) {
    List<JsonNode> items =
        list("spec.repository=" + repo + ",spec.packageName=" + pkg + ",spec.revision=" + revision);
    assertThat(items).as("revision %d of %s/%s", revision, repo, pkg).hasSize(1);
    return items.getFirst();
  }

  // ------------------------------------------------------------------ resources

  JsonNode getResources(String name) {
    return expect(api.get(PRRS + "/" + name), 200, "get resources of " + name);
  }

  /** UPDATE PRR; fails the test unless 200. */
  JsonNode updateResources(JsonNode prr) {
    return expect(
        api.put(PRRS + "/" + name(prr), prr.toString()), 200, "update resources " + name(prr));
  }

  // ------------------------------------------------------------------ JSON helpers

  static String name(JsonNode object) {
    return object.at("/metadata/name").asText();
  }

  static String lifecycle(JsonNode object) {
    return object.at("/spec/lifecycle").asText();
  }

  static boolean latest(JsonNode object) {
    return "true".equals(object.at("/metadata/labels").path(Manifests.LATEST_LABEL).asText(null));
  }

  private static String withLifecycle(JsonNode object, String lifecycle) {
    ObjectNode copy = object.deepCopy();
    ((ObjectNode) copy.get("spec")).put("lifecycle", lifecycle);
    return copy.toString();
  }

  static JsonNode expect(ApiClient.Response r, int code, String what) {
    assertThat(r.code()).as(what + ": " + r.body()).isEqualTo(code);
    return r.json();
  }
}
