package io.jporch.server.e2e;

import static io.jporch.server.e2e.ScenarioApi.latest;
import static io.jporch.server.e2e.ScenarioApi.name;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.server.support.ApiClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Porch's business rules for creating and publishing package revisions (issue 5 item 5; 01-api
 * §7.1–§7.5), checked against the server process with real Git: workspace uniqueness per full
 * package path, init/clone only for new packages, published upgrade sources, revision numbers, the
 * latest-revision label and PorchPackage's {@code latestRevision}, readiness gates and conditions
 * written through the main resource.
 */
class EngineRulesE2E extends ScenarioE2EBase {
  private static final String PACKAGES = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packages";

  EngineRulesE2E() {
    super("engine-rules");
  }

  /** compatibility.md row 3: Porch compares only the last path segment. */
  @Test
  void workspaceNamesAreUniquePerFullPackagePath() {
    String repo = "rules-ws";
    Path bare = s.register(repo);
    s.createDraft(repo, "team/app", "ws1");
    // Porch refuses these two (same last segment "app"); they are different packages.
    s.createDraft(repo, "app", "ws1");
    s.createDraft(repo, "other/app", "ws1");

    ApiClient.Response duplicate = s.createRaw(ScenarioApi.draftRequest(repo, "team/app", "ws1"));
    assertThat(duplicate.code()).as(duplicate.body()).isEqualTo(500);
    assertThat(duplicate.json().path("message").asText())
        .contains(
            "package revision workspaceNames must be unique; package revision with name team/app"
                + " in repo rules-ws with workspaceName ws1 already exists");
    assertThat(GitCli.refs(bare).keySet())
        .contains(
            "refs/heads/drafts/team/app/ws1",
            "refs/heads/drafts/app/ws1",
            "refs/heads/drafts/other/app/ws1");
  }

  @Test
  void initAndCloneOnlyCreateNewPackages() {
    String repo = "rules-new";
    Path bare = s.register(repo);
    String first = name(s.createDraft(repo, "team/app", "ws1"));
    s.publish(s.get(first));
    var before = GitCli.refs(bare);

    ApiClient.Response init = s.createRaw(ScenarioApi.draftRequest(repo, "team/app", "ws2"));
    assertThat(init.code()).as(init.body()).isEqualTo(500);
    assertThat(init.json().path("message").asText())
        .contains("package \"team/app\" already exists in repository \"rules-new\"");

    ApiClient.Response clone =
        s.createRaw(ScenarioApi.cloneRequest(repo, "team/app", "ws2", first));
    assertThat(clone.code()).as(clone.body()).isEqualTo(500);
    assertThat(clone.json().path("message").asText())
        .contains(
            "`clone` cannot create a new revision for package \"team/app\" that already exists in"
                + " repo \"rules-new\"; make subsequent revisions using `copy`");

    ApiClient.Response nested = s.createRaw(ScenarioApi.draftRequest(repo, "team/app/sub", "ws1"));
    assertThat(nested.code()).as(nested.body()).isEqualTo(500);
    assertThat(nested.json().path("message").asText()).contains("packages cannot be nested");
    assertThat(GitCli.refs(bare)).as("refused creates leave Git untouched").isEqualTo(before);

    // A copy is the way to a new revision of an existing package.
    s.create(ScenarioApi.editRequest(repo, "team/app", "ws2", first));
  }

  /** All three sources of an upgrade must be published, wherever they live. */
  @Test
  void upgradeSourcesMustBePublished() {
    String upstream = "rules-upstream";
    String downstream = "rules-downstream";
    s.register(upstream);
    s.register(downstream);
    String base1 = name(s.createDraft(upstream, "base", "v1"));
    s.publish(s.get(base1));
    String base2 = name(s.create(ScenarioApi.editRequest(upstream, "base", "v2", base1)));
    String local = name(s.create(ScenarioApi.cloneRequest(downstream, "app", "ws1", base1)));

    ApiClient.Response draftLocal =
        s.createRaw(upgradeRequest(downstream, "app", "up1", base1, base1, local));
    assertThat(draftLocal.code()).as(draftLocal.body()).isEqualTo(500);
    assertThat(draftLocal.json().path("message").asText())
        .contains(
            "all source PackageRevisions of upgrade task must be published, \""
                + local
                + "\" is not");

    s.publish(s.get(local));
    ApiClient.Response draftUpstream =
        s.createRaw(upgradeRequest(downstream, "app", "up2", base1, base2, local));
    assertThat(draftUpstream.code()).as(draftUpstream.body()).isEqualTo(500);
    assertThat(draftUpstream.json().path("message").asText())
        .contains(
            "all source PackageRevisions of upgrade task must be published, \""
                + base2
                + "\" is not");
    s.assertNotFound(Manifests.objectName(downstream, "app", "up2"));

    s.publish(s.get(base2));
    JsonNode upgraded = s.create(upgradeRequest(downstream, "app", "up3", base1, base2, local));
    assertThat(upgraded.at("/spec/tasks/0/type").asText()).isEqualTo("upgrade");
  }

  /**
   * Revision numbers are never given out twice: a deleted revision below the highest leaves a gap
   * that is never filled (as in Porch), and the number of a deleted highest revision is not reused
   * either — Porch gives it out again (01-api §11 item 11; compatibility.md). The number comes from
   * the approval commits on the branch, which outlive the deleted tag. The latest-revision label
   * and PorchPackage's latestRevision follow every publish and delete.
   */
  @Test
  void revisionNumbersAndLatestRevision() {
    String repo = "rules-numbers";
    s.register(repo);
    String v1 = name(s.createDraft(repo, "pkg", "v1"));
    assertThat(latestRevision(repo + ".pkg")).as("no published revision yet").isZero();
    assertThat(s.publish(s.get(v1)).at("/spec/revision").asInt()).isEqualTo(1);
    assertThat(latestRevision(repo + ".pkg")).isEqualTo(1);
    String v2 = publishCopy(repo, v1, "v2", 2);
    String v3 = publishCopy(repo, v2, "v3", 3);
    assertThat(latestRevision(repo + ".pkg")).isEqualTo(3);
    assertThat(latest(s.get(v3))).isTrue();
    assertThat(latest(s.get(v2))).isFalse();

    deletePublished(v1);
    String v4 = publishCopy(repo, v3, "v4", 4);
    assertThat(latestRevision(repo + ".pkg")).isEqualTo(4);

    deletePublished(v4);
    assertThat(latest(s.get(v3))).as("recomputed on delete").isTrue();
    assertThat(latestRevision(repo + ".pkg")).isEqualTo(3);
    String v5 = publishCopy(repo, v3, "v5", 5);
    assertThat(latest(s.get(v5))).isTrue();
    assertThat(latest(s.get(v3))).isFalse();
    assertThat(s.getRevision(repo, "pkg", -1).at("/metadata/labels").has(Manifests.LATEST_LABEL))
        .as("the placeholder never carries the label")
        .isFalse();
  }

  /**
   * Readiness gates and conditions are written into the Kptfile through the main resource while
   * Draft; like Porch, the server does not refuse to propose or approve a revision whose gates are
   * not met (01-api §7.2: porchctl checks them on the client).
   */
  @Test
  void readinessGatesAndConditionsThroughTheMainResource() {
    String repo = "rules-gates";
    s.register(repo);
    String n = name(s.createDraft(repo, "gated", "ws1"));
    JsonNode pr = s.get(n);
    ((ObjectNode) pr.get("spec"))
        .putArray("readinessGates")
        .addObject()
        .put("conditionType", "example.com/Specialized");
    ArrayNode conditions = ((ObjectNode) pr).putObject("status").putArray("conditions");
    conditions
        .addObject()
        .put("type", "example.com/Specialized")
        .put("status", "False")
        .put("reason", "Pending");
    JsonNode updated = s.update(pr);
    assertThat(updated.at("/spec/readinessGates/0/conditionType").asText())
        .isEqualTo("example.com/Specialized");
    assertThat(conditions(updated)).containsEntry("example.com/Specialized", "False");
    String kptfile = s.getResources(n).at("/spec/resources/Kptfile").asText();
    assertThat(kptfile)
        .containsPattern("readinessGates:\\n *- conditionType: example.com/Specialized\\n")
        .containsPattern(
            "- type: example.com/Specialized\\n *status: \"False\"\\n *reason: Pending");

    ApiClient.Response badStatus = s.updateRaw(withCondition(s.get(n), "Maybe"));
    assertThat(badStatus.code()).as(badStatus.body()).isEqualTo(422);
    assertThat(badStatus.json().at("/details/causes/0/field").asText())
        .isEqualTo("status.conditions[0].status");

    JsonNode proposed = s.propose(s.get(n));
    assertThat(ScenarioApi.lifecycle(proposed))
        .as("the server does not check readiness gates (as Porch)")
        .isEqualTo("Proposed");
    JsonNode draft = s.approval(proposed, "Draft");
    JsonNode ready = s.update(withCondition(draft, "True"));
    assertThat(conditions(ready)).containsEntry("example.com/Specialized", "True");
    assertThat(s.publish(ready).at("/spec/revision").asInt()).isEqualTo(1);
    assertThat(conditions(s.get(n))).containsEntry("example.com/Specialized", "True");
  }

  // ------------------------------------------------------------------ helpers

  private String publishCopy(String repo, String source, String ws, int expected) {
    String n = name(s.create(ScenarioApi.editRequest(repo, "pkg", ws, source)));
    JsonNode published = s.publish(s.get(n));
    assertThat(published.at("/spec/revision").asInt()).as(n).isEqualTo(expected);
    assertThat(latest(published)).isTrue();
    return n;
  }

  private void deletePublished(String n) {
    s.approval(s.get(n), "DeletionProposed");
    s.deleteOk(n);
    s.assertNotFound(n);
  }

  private int latestRevision(String packageName) {
    JsonNode pkg = ScenarioApi.expect(s.api.get(PACKAGES + "/" + packageName), 200, packageName);
    assertThat(pkg.path("kind").asText()).isEqualTo("PorchPackage");
    return pkg.at("/status/latestRevision").asInt(0);
  }

  private static JsonNode withCondition(JsonNode pr, String status) {
    ObjectNode copy = pr.deepCopy();
    ArrayNode conditions = copy.putObject("status").putArray("conditions");
    conditions
        .addObject()
        .put("type", "example.com/Specialized")
        .put("status", status)
        .put("reason", "Done");
    return copy;
  }

  private static Map<String, String> conditions(JsonNode pr) {
    Map<String, String> result = new HashMap<>();
    pr.at("/status/conditions")
        .forEach(c -> result.put(c.path("type").asText(), c.path("status").asText()));
    return result;
  }

  private static ObjectNode upgradeRequest(
      String repo, String pkg, String ws, String oldUp, String newUp, String local) {
    ObjectNode body = ScenarioApi.skeleton(repo, pkg, ws);
    ObjectNode upgrade = ScenarioApi.addTask(body, "upgrade");
    upgrade.putObject("oldUpstreamRef").put("name", oldUp);
    upgrade.putObject("newUpstreamRef").put("name", newUp);
    upgrade.putObject("localPackageRevisionRef").put("name", local);
    return body;
  }
}
