package io.jporch.server.e2e;

import static io.jporch.server.e2e.ScenarioApi.name;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.server.support.ApiClient;
import io.jporch.testing.http.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Porch's metadata, deployment-repository and nested-package scenarios (05-e2e-scenarios §3.16,
 * §3.17, §3.12: META-01..06, DEP-01..02, NEST-01) against the server process with real Git.
 *
 * <p>META-04 and META-06 rely on the Kubernetes garbage collector and on ConfigMaps, neither of
 * which exists in standalone mode: the tests cover what the server must do for the collector
 * (stable UIDs, 404 after deletion, metadata-only lists, DELETE with a UID precondition accepted on
 * a Draft, owner references stored); the collection itself is not exercised. The porchctl cases
 * (DEP-02, NEST-01) are translated into the requests porchctl sends (pull = GET PRR, push = PUT
 * PRR); porchctl's own output formatting is out of scope.
 */
class MetadataScenariosE2E extends ScenarioE2EBase {
  private static final String BLUEPRINTS = "test-blueprints";
  private static final UUID PORCH_UID_NAMESPACE =
      UUID.fromString("aac71d91-5c67-456f-8fd2-902ef6da820e");

  private Path blueprints;

  MetadataScenariosE2E() {
    super("metadata-scenarios");
  }

  @BeforeAll
  void registerBlueprints() {
    blueprints = s.registerBlueprints(BLUEPRINTS);
  }

  // ------------------------------------------------------------------ 3.16

  @Test
  void meta01NewPackageRevisionLabels() {
    String repo = "pkg-rev-labels";
    s.register(repo);
    ObjectNode request = ScenarioApi.draftRequest(repo, "new-package", "workspace");
    ((ObjectNode) request.at("/spec/tasks/0/init")).put("description", "this is a test");
    ObjectNode meta = (ObjectNode) request.get("metadata");
    meta.putObject("labels").put("kpt.dev/label", "foo");
    meta.putObject("annotations").put("kpt.dev/anno", "foo").put("kpt.dev/other-anno", "bar");
    String n = name(s.create(request));

    JsonNode pr = s.get(n);
    assertThat(map(pr, "labels")).containsExactlyEntriesOf(Map.of("kpt.dev/label", "foo"));
    assertThat(map(pr, "annotations"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("kpt.dev/anno", "foo", "kpt.dev/other-anno", "bar"));

    s.propose(pr);
    pr = s.get(n);
    assertThat(map(pr, "labels")).containsExactlyEntriesOf(Map.of("kpt.dev/label", "foo"));
    assertThat(map(pr, "annotations")).hasSize(2);

    JsonNode approved = s.approval(pr, "Published");
    assertThat(map(approved, "labels"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("kpt.dev/label", "foo", Manifests.LATEST_LABEL, "true"));
    assertThat(map(approved, "annotations")).hasSize(2);

    pr = s.get(n);
    ObjectNode labels = (ObjectNode) pr.at("/metadata/labels");
    labels.remove("kpt.dev/label");
    labels.put("kpt.dev/other-label", "bar");
    ((ObjectNode) pr.at("/metadata/annotations")).remove("kpt.dev/other-anno");
    assertThat(pr.at("/spec/revision").asInt()).isEqualTo(1);
    JsonNode updated = s.update(pr);
    assertThat(map(updated, "labels"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("kpt.dev/other-label", "bar", Manifests.LATEST_LABEL, "true"));
    assertThat(map(updated, "annotations")).containsExactlyEntriesOf(Map.of("kpt.dev/anno", "foo"));
    JsonNode reread = s.get(n);
    assertThat(map(reread, "labels")).isEqualTo(map(updated, "labels"));
    assertThat(map(reread, "annotations")).isEqualTo(map(updated, "annotations"));

    String clone = name(s.create(ScenarioApi.cloneRequest(repo, "cloned-package", "workspace", n)));
    JsonNode cloned = s.get(clone);
    assertThat(map(cloned, "labels")).as("metadata is not inherited").isEmpty();
    assertThat(map(cloned, "annotations")).isEmpty();
  }

  @Test
  void meta02RegisteredPackageRevisionLabels() {
    JsonNode pr = s.getRevision(BLUEPRINTS, "basens", 1);
    assertThat(map(pr, "labels")).isEmpty();
    assertThat(map(pr, "annotations")).isEmpty();
    ObjectNode meta = (ObjectNode) pr.get("metadata");
    meta.putObject("labels").put("kpt.dev/label", "foo");
    meta.putObject("annotations").put("kpt.dev/anno", "foo");
    s.update(pr);
    JsonNode got = s.get(name(pr));
    assertThat(map(got, "labels")).containsExactlyEntriesOf(Map.of("kpt.dev/label", "foo"));
    assertThat(map(got, "annotations")).containsExactlyEntriesOf(Map.of("kpt.dev/anno", "foo"));
    assertThat(GitCli.refs(blueprints)).as("metadata is not stored in Git").isNotEmpty();
  }

  @Test
  void meta03PackageMetadataFromKptfile() {
    String repo = "test-package-metadata-repo";
    s.register(repo);
    JsonNode basens = s.getRevision(BLUEPRINTS, "basens", 4);
    assertThat(map(basens.at("/spec/packageMetadata"), "labels"))
        .containsExactlyEntriesOf(Map.of("test-label", "test-value"));

    // Initial creation: the requested maps are merged into the upstream Kptfile's.
    ObjectNode request =
        ScenarioApi.cloneRequest(repo, "test-package-metadata", "test-workspace", name(basens));
    ObjectNode pm = ((ObjectNode) request.get("spec")).putObject("packageMetadata");
    pm.putObject("labels").put("porch.dev/new-label", "new-label-value");
    pm.putObject("annotations").put("porch.dev/new-annotation", "new-annotation-value");
    String n = name(s.create(request));
    Map<String, String> labels =
        Map.of("test-label", "test-value", "porch.dev/new-label", "new-label-value");
    Map<String, String> annotations =
        Map.of("test-annotation", "true", "porch.dev/new-annotation", "new-annotation-value");
    assertPackageMetadata(n, labels, annotations);

    // Manual Kptfile update through the resources.
    JsonNode prr = s.getResources(n);
    String kptfile = prr.at("/spec/resources/Kptfile").asText();
    String edited =
        kptfile
            .replaceFirst(
                "\n  labels:\n", "\n  labels:\n    porch.dev/test-label: added-by-e2e-test\n")
            .replaceFirst(
                "\n  annotations:\n",
                "\n  annotations:\n    porch.dev/test-annotation: e2e-test-annotation-value\n");
    assertThat(edited).as(kptfile).isNotEqualTo(kptfile);
    ((ObjectNode) prr.at("/spec/resources")).put("Kptfile", edited);
    s.updateResources(prr);
    Map<String, String> labels3 = new TreeMap<>(labels);
    labels3.put("porch.dev/test-label", "added-by-e2e-test");
    Map<String, String> annotations3 = new TreeMap<>(annotations);
    annotations3.put("porch.dev/test-annotation", "e2e-test-annotation-value");
    assertPackageMetadata(n, labels3, annotations3);

    // Update of spec.packageMetadata: the given maps replace the Kptfile's.
    JsonNode pr = s.get(n);
    ObjectNode newPm = ((ObjectNode) pr.get("spec")).putObject("packageMetadata");
    newPm
        .putObject("labels")
        .put("porch.dev/new-label", "changed-label-value")
        .put("porch.dev/added-label", "added-label-value");
    newPm
        .putObject("annotations")
        .put("porch.dev/new-annotation", "changed-annotation-value")
        .put("porch.dev/added-annotation", "added-annotation-value");
    s.update(pr);
    assertPackageMetadata(
        n,
        Map.of(
            "porch.dev/new-label", "changed-label-value",
            "porch.dev/added-label", "added-label-value"),
        Map.of(
            "porch.dev/new-annotation", "changed-annotation-value",
            "porch.dev/added-annotation", "added-annotation-value"));

    // An update that omits spec.packageMetadata leaves it unchanged.
    JsonNode again = s.get(n);
    ((ObjectNode) again.get("spec")).remove("packageMetadata");
    s.update(again);
    assertThat(map(s.get(n).at("/spec/packageMetadata"), "labels"))
        .containsOnlyKeys("porch.dev/new-label", "porch.dev/added-label");
  }

  /** META-04: what the garbage collector needs from the server to cascade a deletion. */
  @Test
  void meta04PackageRevisionDeletionForGarbageCollector() {
    String repo = "pkgrevgcwithowner";
    s.register(repo);
    String n = name(s.createDraft(repo, "empty-package", "test-workspace"));
    String uid = s.get(n).at("/metadata/uid").asText();
    assertThat(uid).isEqualTo(porchUid(ScenarioApi.NS, n));
    assertThat(s.getResources(n).at("/metadata/uid").asText()).isEqualTo(uid);
    // The collector's metadata informer: list as PartialObjectMetadataList.
    ApiClient.Response partial =
        s.api.get(
            ScenarioApi.PRS,
            "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json");
    assertThat(partial.code()).as(partial.body()).isEqualTo(200);
    assertThat(partial.json().path("kind").asText()).isEqualTo("PartialObjectMetadataList");
    assertThat(partial.json().path("items").findValuesAsText("uid")).contains(uid);

    // GC part skipped: no ConfigMaps and no garbage collector in standalone mode.
    s.deleteOk(n);
    s.assertNotFound(n);
  }

  @Test
  void meta05PackageRevisionCanHaveOwnerReferences() {
    String repo = "pkgrevownerrefs";
    s.register(repo);
    String n = name(s.createDraft(repo, "empty-package", "test-workspace"));
    JsonNode pr = s.get(n);
    assertThat(pr.at("/metadata/ownerReferences").isMissingNode()).isTrue();
    // The owner is a ConfigMap in Porch's test; standalone mode serves none, and the server only
    // stores the reference, so its UID is made up here.
    String ownerUid = UUID.randomUUID().toString();
    ArrayNode refs = ((ObjectNode) pr.get("metadata")).putArray("ownerReferences");
    refs.addObject()
        .put("apiVersion", "v1")
        .put("kind", "ConfigMap")
        .put("name", "cm-ownerrefs")
        .put("uid", ownerUid);
    s.update(pr);
    JsonNode got = s.get(n);
    assertThat(got.at("/metadata/ownerReferences")).hasSize(1);
    JsonNode ref = got.at("/metadata/ownerReferences/0");
    assertThat(ref.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(ref.path("kind").asText()).isEqualTo("ConfigMap");
    assertThat(ref.path("name").asText()).isEqualTo("cm-ownerrefs");
    assertThat(ref.path("uid").asText()).isEqualTo(ownerUid);
  }

  /** META-06: the collector's DELETE (UID precondition) of an owned Draft. */
  @Test
  void meta06PackageRevisionDeletedWhenOwnerDeleted() {
    String repo = "pkgrevgcasowner";
    s.register(repo);
    ObjectNode request = ScenarioApi.skeleton(repo, "empty-package", "test-workspace");
    String ownerUid = UUID.randomUUID().toString();
    ((ObjectNode) request.get("metadata"))
        .putArray("ownerReferences")
        .addObject()
        .put("apiVersion", "v1")
        .put("kind", "ConfigMap")
        .put("name", "cm-ownerdeleted")
        .put("uid", ownerUid);
    String n = name(s.create(request));
    JsonNode pr = s.get(n);
    assertThat(pr.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo(ownerUid);
    assertThat(pr.at("/spec/tasks/0/type").asText()).isEqualTo("init");
    String uid = pr.at("/metadata/uid").asText();

    ApiClient.Response wrong = gcDelete(n, UUID.randomUUID().toString());
    assertThat(wrong.code()).as(wrong.body()).isEqualTo(409);
    assertThat(s.getRaw(n).code()).isEqualTo(200);

    ApiClient.Response collected = gcDelete(n, uid);
    assertThat(collected.code()).as(collected.body()).isEqualTo(200);
    s.assertNotFound(n);
  }

  private ApiClient.Response gcDelete(String name, String uid) {
    String options =
        """
        {"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background",\
        "preconditions":{"uid":"%s"}}"""
            .formatted(uid);
    return s.api.send(
        "DELETE", ScenarioApi.PRS + "/" + name, options, "application/json", null, true);
  }

  // ------------------------------------------------------------------ 3.17

  @Test
  void dep01CloneIntoDeploymentRepository() {
    String repo = "porch-test-dep01";
    s.register(repo, true);
    JsonNode basens = s.getRevision(BLUEPRINTS, "basens", 1);
    assertThat(basens.at("/spec/workspaceName").asText()).isEqualTo("v1");
    String n =
        name(
            s.create(
                ScenarioApi.cloneRequest(
                    repo, "istions-deployment", "clone-deployment-workspace", name(basens))));
    assertThat(s.get(n).at("/status/deployment").asBoolean()).isTrue();
    JsonNode files = s.getResources(n).at("/spec/resources");
    String commit = GitCli.refs(blueprints).get("refs/tags/basens/v1");
    String url = "file://" + blueprints;
    assertThat(files.path("Kptfile").asText())
        .contains("  name: istions-deployment\n")
        .contains(Manifests.upstreamAndLock(url, "basens", "basens/v1", commit));
    String context = files.path("package-context.yaml").asText();
    assertThat(context)
        .contains("kind: ConfigMap")
        .contains("name: kptfile.kpt.dev")
        .containsPattern("(?m)^data:\\n(  .*\\n)*  name: istions-deployment$");
  }

  /** DEP-02 (porchctl rpkg-init-deploy) in its own namespace, as porchctl's requests. */
  @Test
  void dep02CliInitDeploy() throws IOException {
    String ns = "rpkg-init-deploy";
    Path bare = GitCli.createSeededBareRepository(work.resolve("git"), "dep02.git");
    String manifest =
        Manifests.gitRepository("git", "file://" + bare, false)
            .replace("namespace: default", "namespace: " + ns)
            .replace("  type: git\n", "  type: git\n  deployment: true\n");
    s.kubectl.withFile(manifest, "apply").assertSuccess();
    String repos = "/apis/config.porch.kpt.dev/v1alpha1/namespaces/" + ns + "/repositories/git";
    await("Repository git Ready")
        .untilAsserted(
            () ->
                assertThat(
                        s.api.get(repos).json().at("/status/conditions").findValuesAsText("status"))
                    .containsExactly("True"));
    JsonNode repository = s.api.get(repos).json();
    assertThat(repository.at("/spec/deployment").asBoolean()).isTrue();
    assertThat(repository.at("/spec/git/branch").asText()).isEqualTo("main");

    ObjectNode request = ScenarioApi.skeleton("git", "deploy-package", "deploy");
    ((ObjectNode) request.get("metadata")).put("namespace", ns);
    ObjectNode init =
        ScenarioApi.addTask(request, "init")
            .put("description", "Test Package Description")
            .put("site", "http://kpt.dev/deploy-package");
    init.putArray("keywords").add("test").add("package");
    String prs = "/apis/porch.kpt.dev/v1alpha1/namespaces/" + ns + "/packagerevisions";
    JsonNode created = ScenarioApi.expect(s.api.post(prs, request.toString()), 201, "init");
    assertThat(name(created)).isEqualTo("git.deploy-package.deploy");

    String prrPath =
        "/apis/porch.kpt.dev/v1alpha1/namespaces/"
            + ns
            + "/packagerevisionresources/"
            + name(created);
    JsonNode prr = ScenarioApi.expect(s.api.get(prrPath), 200, "pull");
    assertThat(prr.at("/metadata/namespace").asText()).isEqualTo(ns);
    assertThat(prr.at("/metadata/uid").asText()).isEqualTo("d9f80c5c-8e7a-5dfa-a546-bad5196de8e0");
    JsonNode files = prr.at("/spec/resources");
    assertThat(files.path("Kptfile").asText())
        .contains("  name: deploy-package\n")
        .contains("config.kubernetes.io/local-config: \"true\"")
        .contains("description: Test Package Description")
        .contains("site: http://kpt.dev/deploy-package")
        .containsPattern("keywords:\\n *- test\\n *- package\\n")
        .contains("type: Rendered");
    assertThat(files.path("package-context.yaml").asText())
        .as("init does not generate the deployment context")
        .containsPattern("(?m)^data:\\n  name: example$");
    assertThat(files.has("README.md")).isTrue();
  }

  // ------------------------------------------------------------------ 3.12

  /** NEST-01 (porchctl rpkg-nested-package): breadth-first render of a nested package. */
  @Test
  void nest01NestedPackage() throws IOException {
    String repo = "git-nest01";
    s.register(repo);
    String n = name(s.createDraft(repo, "root", "1"));
    assertThat(n).isEqualTo("git-nest01.root.1");

    JsonNode prr = s.getResources(n);
    ObjectNode files = (ObjectNode) prr.at("/spec/resources");
    Path fixture = TestData.sharedDir().resolve("testdata/porch-e2e/nested-packages");
    copyInto(files, fixture.resolve("parent-pkg"), "");
    copyInto(files, fixture.resolve("nested-pkg"), "s/");
    JsonNode pushed = s.updateResources(prr);

    List<String> images = pushed.at("/status/renderStatus/result/items").findValuesAsText("image");
    assertThat(images)
        .as("both pipelines ran: %s", pushed.at("/status/renderStatus"))
        .containsExactly(
            "ghcr.io/kptdev/krm-functions-catalog/starlark:v0.5",
            "ghcr.io/kptdev/krm-functions-catalog/starlark:v0.5");

    JsonNode pulled = s.getResources(n).at("/spec/resources");
    assertThat(pulled.path("s/configmap.yaml").asText())
        .as("the parent ran before the child (kpt.dev/bfs-rendering)")
        .contains("parent: parent-value");
    assertThat(pulled.path("s/subpackage-parameters.yaml").asText())
        .contains("parent: parent-value");
  }

  // ------------------------------------------------------------------ helpers

  private void assertPackageMetadata(
      String name, Map<String, String> labels, Map<String, String> annotations) {
    JsonNode pm = s.get(name).at("/spec/packageMetadata");
    assertThat(map(pm, "labels")).containsExactlyInAnyOrderEntriesOf(labels);
    assertThat(map(pm, "annotations")).containsAllEntriesOf(annotations);
    String kptfile = s.getResources(name).at("/spec/resources/Kptfile").asText();
    labels.forEach((k, v) -> assertThat(kptfile).contains(k + ": " + v));
    annotations.forEach((k, v) -> assertThat(kptfile).containsPattern(k + ": \"?" + v));
  }

  /** The string map {@code metadata.<field>} of an object, or {@code <field>} of another node. */
  private static Map<String, String> map(JsonNode node, String field) {
    JsonNode m = node.has("metadata") ? node.at("/metadata/" + field) : node.path(field);
    Map<String, String> result = new TreeMap<>();
    m.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText()));
    return result;
  }

  private static void copyInto(ObjectNode files, Path dir, String prefix) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      for (Path f : list.sorted().toList()) {
        files.put(prefix + f.getFileName(), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * Porch's UID: a version-5 UUID of {@code packagerevision:porch.kpt.dev/v1alpha1/<ns>/<name>}.
   */
  private static String porchUid(String ns, String name) {
    return uuid5(
        PORCH_UID_NAMESPACE,
        ("packagerevision:porch.kpt.dev/v1alpha1/" + ns + "/" + name)
            .toLowerCase(java.util.Locale.ROOT));
  }

  private static String uuid5(UUID namespace, String name) {
    try {
      var sha1 = java.security.MessageDigest.getInstance("SHA-1");
      java.nio.ByteBuffer ns = java.nio.ByteBuffer.allocate(16);
      ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
      sha1.update(ns.array());
      sha1.update(name.getBytes(StandardCharsets.UTF_8));
      byte[] h = sha1.digest();
      h[6] = (byte) ((h[6] & 0x0f) | 0x50);
      h[8] = (byte) ((h[8] & 0x3f) | 0x80);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h, 0, 16);
      return new UUID(b.getLong(), b.getLong()).toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
