package io.jporch.server.e2e;

import static io.jporch.server.e2e.ScenarioApi.latest;
import static io.jporch.server.e2e.ScenarioApi.lifecycle;
import static io.jporch.server.e2e.ScenarioApi.name;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.server.support.ApiClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Porch's lifecycle, delete and latest-revision scenarios (05-e2e-scenarios §3.9, §3.10, §3.14:
 * LC-01..03, DEL-01..07, LAT-01) against the server process, with real Git repositories, as the raw
 * API calls Porch's Go suite makes. The porchctl cases (LC-02, LC-03) are translated into the
 * requests porchctl sends (06-porchctl §4): pull = GET PRR, push = PUT PRR, propose/reject =
 * update, approve = approval subresource, propose-delete = update. What porchctl decides or prints
 * by itself (its readiness check, "is already proposed for deletion", its table formatting) is
 * client behaviour and out of scope here; the readiness check is reproduced in the test from the
 * fields the server must expose.
 */
class LifecycleScenariosE2E extends ScenarioE2EBase {
  LifecycleScenariosE2E() {
    super("lifecycle-scenarios");
  }

  // ------------------------------------------------------------------ 3.9

  @Test
  void lc01ProposeApprove() {
    s.register("lifecycle");
    JsonNode created = s.createDraft("lifecycle", "test-package", "workspace");
    JsonNode pr = s.get(name(created));
    JsonNode proposed = s.propose(pr);
    assertThat(lifecycle(proposed)).isEqualTo("Proposed");
    JsonNode approved = s.approval(proposed, "Published");
    assertThat(approved.at("/spec/revision").asInt()).isEqualTo(1);
    assertThat(lifecycle(approved)).isEqualTo("Published");
  }

  /** LC-02 (porchctl rpkg-lifecycle), as the requests porchctl sends. */
  @Test
  void lc02CliLifecycle() {
    s.register("git-lc02");
    String n = name(s.createDraft("git-lc02", "lifecycle-package", "lifecycle"));
    assertThat(n).isEqualTo("git-lc02.lifecycle-package.lifecycle");

    JsonNode proposed = s.propose(s.get(n));
    // porchctl refuses propose-delete of a Proposed revision itself; the server refuses it too.
    ApiClient.Response proposeDelete = s.updateRaw(withLifecycle(proposed, "DeletionProposed"));
    assertThat(proposeDelete.code()).as(proposeDelete.body()).isEqualTo(422);
    assertThat(proposeDelete.json().at("/details/causes/0/field").asText())
        .isEqualTo("spec.lifecycle");
    JsonNode got = s.get(n);
    assertThat(got.at("/spec/packageName").asText()).isEqualTo("lifecycle-package");
    assertThat(got.at("/spec").has("revision")).as("revision 0 is omitted").isFalse();
    assertThat(lifecycle(got)).isEqualTo("Proposed");

    // reject: Proposed -> Draft through the approval subresource.
    JsonNode rejected = s.approval(got, "Draft");
    assertThat(lifecycle(rejected)).isEqualTo("Draft");
    assertThat(latest(rejected)).isFalse();
    assertThat(s.updateRaw(withLifecycle(rejected, "DeletionProposed")).code()).isEqualTo(422);

    JsonNode approved = s.approval(s.propose(s.get(n)), "Published");
    assertThat(approved.at("/spec/revision").asInt()).isEqualTo(1);
    assertThat(latest(approved)).isTrue();

    ApiClient.Response refused = s.delete(n);
    assertThat(refused.code()).as(refused.body()).isEqualTo(403);
    assertThat(refused.json().path("message").asText())
        .isEqualTo(
            "packagerevisions.porch.kpt.dev \""
                + n
                + "\" is forbidden: published PackageRevisions must be proposed for deletion by"
                + " setting spec.lifecycle to 'DeletionProposed' prior to deletion");

    // propose-delete: plain update Published -> DeletionProposed; the latest label stays.
    JsonNode deletionProposed = s.update(withLifecycle(s.get(n), "DeletionProposed"));
    assertThat(lifecycle(deletionProposed)).isEqualTo("DeletionProposed");
    assertThat(latest(s.get(n))).isTrue();
    assertThat(s.get(n).at("/spec/revision").asInt()).isEqualTo(1);

    // reject of a deletion proposal: plain update DeletionProposed -> Published.
    JsonNode restored = s.update(withLifecycle(s.get(n), "Published"));
    assertThat(lifecycle(restored)).isEqualTo("Published");
    assertThat(latest(s.get(n))).isTrue();

    s.update(withLifecycle(s.get(n), "DeletionProposed"));
    assertThat(lifecycle(s.get(n))).isEqualTo("DeletionProposed");
    s.deleteOk(n);
    s.assertNotFound(n);
  }

  /** LC-03 (porchctl rpkg-unready): readiness gates and conditions from the Kptfile. */
  @Test
  void lc03CliUnready() {
    Path blueprints = s.registerBlueprints("blueprints-lc03");
    s.register("git-lc03");
    ObjectNode clone = ScenarioApi.skeleton("git-lc03", "unready-edit", "clone-1");
    ObjectNode git =
        ScenarioApi.addTask(clone, "clone")
            .putObject("upstreamRef")
            .put("type", "git")
            .putObject("git");
    git.put("repo", "file://" + blueprints).put("ref", "unready/v1").put("directory", "/unready");
    String n = name(s.create(clone));
    assertThat(n).isEqualTo("git-lc03.unready-edit.clone-1");

    JsonNode pr = s.get(n);
    assertThat(pr.at("/spec/readinessGates/0/conditionType").asText())
        .isEqualTo("nephio.org.Specializer.specialize");
    assertThat(conditionStatus(pr, "nephio.org.Specializer.specialize")).isEqualTo("False");
    assertThat(ready(pr)).as("porchctl would refuse to propose").isFalse();

    // pull; what `kpt fn eval search-replace by-path=status.conditions[0].status` changes.
    JsonNode prr = s.getResources(n);
    String kptfile = prr.at("/spec/resources/Kptfile").asText();
    int conditions = kptfile.indexOf("\n  conditions:\n");
    assertThat(conditions).as(kptfile).isPositive();
    assertThat(kptfile.substring(conditions))
        .as("index 0 is still the specializer condition; Rendered comes after it")
        .containsPattern(
            "^\\n  conditions:\\n *- type: nephio\\.org\\.Specializer\\.specialize\\n"
                + " *status: \"False\"\\n(.*\\n)* *- type: Rendered\\n");
    String edited =
        kptfile.substring(0, conditions)
            + kptfile.substring(conditions).replaceFirst("status: \"False\"", "status: \"True\"");
    ((ObjectNode) prr.at("/spec/resources")).put("Kptfile", edited);
    s.updateResources(prr);

    JsonNode pushed = s.get(n);
    assertThat(conditionStatus(pushed, "nephio.org.Specializer.specialize")).isEqualTo("True");
    assertThat(ready(pushed)).isTrue();
    JsonNode approved = s.publish(pushed);
    assertThat(approved.at("/spec/revision").asInt()).isEqualTo(1);

    // copy: the conditions are carried into the new revision.
    String copy = name(s.create(ScenarioApi.editRequest("git-lc03", "unready-edit", "copy-2", n)));
    assertThat(copy).isEqualTo("git-lc03.unready-edit.copy-2");
    JsonNode copied = s.get(copy);
    assertThat(ready(copied)).as(copied.toString()).isTrue();
    assertThat(s.publish(copied).at("/spec/revision").asInt()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ 3.10

  @Test
  void del01DeleteDraft() {
    s.register("delete-draft");
    String n = name(s.createDraft("delete-draft", "test-delete-draft", "test-workspace"));
    s.deleteOk(n);
    s.assertNotFound(n);
  }

  @Test
  void del02DeleteProposed() {
    s.register("delete-proposed");
    String n = name(s.createDraft("delete-proposed", "test-delete-proposed", "workspace"));
    s.propose(s.get(n));
    s.deleteOk(n);
    s.assertNotFound(n);
  }

  @Test
  void del03DeleteFinal() {
    s.register("delete-final");
    String n = name(s.createDraft("delete-final", "test-delete-final", "workspace"));
    s.publish(s.get(n));
    ApiClient.Response refused = s.delete(n);
    assertThat(refused.code()).as(refused.body()).isEqualTo(403);
    assertThat(refused.json().path("reason").asText()).isEqualTo("Forbidden");
    JsonNode still = s.get(n);
    s.approval(still, "DeletionProposed");
    s.deleteOk(n);
    s.assertNotFound(n);
  }

  @Test
  void del04ProposeDeleteAndUndo() {
    String repo = "test-propose-delete-and-undo";
    Path bare = s.register(repo);
    String n = name(s.createDraft(repo, repo, "workspace"));
    s.publish(s.get(n));
    await("placeholder").until(() -> s.list("spec.repository=" + repo).size() == 2);
    List<JsonNode> listed = s.listRepository(repo);
    assertThat(listed)
        .extracting(i -> i.at("/spec/revision").asInt())
        .containsExactlyInAnyOrder(1, -1);
    for (JsonNode item : listed) {
      String name = name(item);
      JsonNode pr = s.approval(item, "DeletionProposed");
      assertThat(lifecycle(pr)).isEqualTo("DeletionProposed");
      pr = s.approval(pr, "Published");
      assertThat(lifecycle(pr)).isEqualTo("Published");
      assertThat(s.delete(name).code()).isEqualTo(403);
      pr = s.get(name);
      pr = s.approval(pr, "DeletionProposed");
      s.deleteOk(name);
      s.assertNotFound(name);
    }
    assertThat(s.listRepository(repo)).isEmpty();
    assertThat(GitCli.refs(bare).keySet())
        .containsExactly("refs/heads/main")
        .as("the tag and every proposal branch are gone");
  }

  @Test
  void del05DeleteAndRecreate() {
    String repo = "delete-and-recreate";
    String pkg = "test-delete-and-recreate";
    s.register(repo);
    String n = name(s.createDraft(repo, pkg, "work"));
    s.publish(s.get(n));
    await("placeholder").until(() -> s.listRepository(repo).size() == 2);
    JsonNode placeholder = s.getRevision(repo, pkg, -1);

    s.approval(s.get(n), "DeletionProposed");
    s.deleteOk(n);
    s.assertNotFound(n);
    s.approval(s.get(name(placeholder)), "DeletionProposed");
    s.deleteOk(name(placeholder));
    s.assertNotFound(name(placeholder));

    JsonNode recreated = s.createDraft(repo, pkg, "work");
    assertThat(name(recreated)).isEqualTo(n);
    JsonNode got = s.get(n);
    assertThat(got.at("/spec/tasks")).hasSize(1);
    assertThat(got.at("/spec/tasks/0/type").asText()).isEqualTo("init");
    assertThat(lifecycle(got)).isEqualTo("Draft");
  }

  @Test
  void del06DeleteFromMain() {
    String repo = "delete-main";
    Path bare = s.register(repo);
    String first = name(s.createDraft(repo, "test-delete-main-first", "workspace"));
    String second = name(s.createDraft(repo, "test-delete-main-second", "workspace"));
    s.publish(s.get(first));
    s.publish(s.get(second));
    await("placeholders").until(() -> s.listRepository(repo).size() == 4);
    for (String pkg : List.of("test-delete-main-first", "test-delete-main-second")) {
      JsonNode placeholder = s.getRevision(repo, pkg, -1);
      s.approval(placeholder, "DeletionProposed");
      s.deleteOk(name(placeholder));
      s.assertNotFound(name(placeholder));
    }
    assertThat(GitCli.gitDir(bare, "ls-tree", "--name-only", "main").lines())
        .as("the packages are removed from the branch")
        .containsExactly("README.md");
    List<JsonNode> remaining = s.listRepository(repo);
    assertThat(remaining).extracting(ScenarioApi::name).containsExactlyInAnyOrder(first, second);
    assertThat(remaining).allSatisfy(r -> assertThat(lifecycle(r)).isEqualTo("Published"));
    for (JsonNode item : remaining) {
      s.approval(item, "DeletionProposed");
      s.deleteOk(name(item));
    }
    assertThat(s.listRepository(repo)).isEmpty();
  }

  @Test
  void del07PackageRevisionFinalizers() {
    String repo = "pkgrevfinalizers";
    s.register(repo);
    String n = name(s.createDraft(repo, "empty-package", "pkgrevfinalizers-workspace"));
    JsonNode pr = s.getRevision(repo, "empty-package", 0);
    assertThat(pr.at("/metadata/finalizers").isMissingNode()).as(pr.toString()).isTrue();

    ((ObjectNode) pr.get("metadata")).putArray("finalizers").add("foo-finalizer");
    s.update(pr);
    pr = s.getRevision(repo, "empty-package", 0);
    assertThat(pr.at("/metadata/finalizers"))
        .extracting(JsonNode::asText)
        .containsExactly("foo-finalizer");

    s.deleteOk(name(pr));
    pr = s.getRevision(repo, "empty-package", 0);
    assertThat(pr.at("/metadata/finalizers"))
        .extracting(JsonNode::asText)
        .containsExactly("foo-finalizer");
    assertThat(pr.at("/metadata/deletionTimestamp").asText()).isNotEmpty();
    assertThat(s.get(n).at("/metadata/deletionTimestamp").asText()).isNotEmpty();

    ((ObjectNode) pr.get("metadata")).putArray("finalizers");
    ApiClient.Response last = s.updateRaw(pr);
    assertThat(last.code()).as(last.body()).isEqualTo(200);
    await("deletion after the last finalizer")
        .untilAsserted(() -> assertThat(s.getRaw(n).code()).isEqualTo(404));
    assertThat(s.listRepository(repo)).isEmpty();
  }

  // ------------------------------------------------------------------ 3.14

  @Test
  void lat01LatestVersionOnDelete() {
    String repo = "test-latest-on-delete-repository";
    String pkg = "test-latest-on-delete-package";
    s.register(repo);
    String v1 = name(s.createDraft(repo, pkg, "test-latest-on-delete-workspace-v1"));
    s.publish(s.get(v1));
    assertThat(latest(s.get(v1))).isTrue();

    String v2 =
        name(
            s.create(ScenarioApi.editRequest(repo, pkg, "test-latest-on-delete-workspace-v2", v1)));
    JsonNode published = s.publish(s.get(v2));
    assertThat(published.at("/spec/revision").asInt()).isEqualTo(2);
    assertThat(latest(s.get(v1))).isFalse();
    assertThat(latest(s.get(v2))).isTrue();

    s.update(withLifecycle(s.get(v2), "DeletionProposed"));
    s.deleteOk(v2);
    assertThat(latest(s.get(v1))).as("recomputed when the delete returns").isTrue();

    s.update(withLifecycle(s.get(v1), "DeletionProposed"));
    s.deleteOk(v1);
    JsonNode placeholder = s.getRevision(repo, pkg, -1);
    assertThat(latest(placeholder)).isFalse();
  }

  // ------------------------------------------------------------------ helpers

  private static JsonNode withLifecycle(JsonNode object, String lifecycle) {
    ObjectNode copy = object.deepCopy();
    ((ObjectNode) copy.get("spec")).put("lifecycle", lifecycle);
    return copy;
  }

  private static String conditionStatus(JsonNode pr, String type) {
    for (JsonNode c : pr.at("/status/conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c.path("status").asText();
      }
    }
    return null;
  }

  /** porchctl's readiness check (PackageRevisionIsReady) on the fields the server exposes. */
  private static boolean ready(JsonNode pr) {
    Map<String, String> conditions = new HashMap<>();
    pr.at("/status/conditions")
        .forEach(c -> conditions.put(c.path("type").asText(), c.path("status").asText()));
    for (JsonNode gate : pr.at("/spec/readinessGates")) {
      if (!"True".equals(conditions.get(gate.path("conditionType").asText()))) {
        return false;
      }
    }
    return true;
  }
}
