package io.jporch.git;

import static io.jporch.git.GitTestSupport.ctx;
import static io.jporch.git.GitTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.PackageRevisionSpec.ReadinessGate;
import io.jporch.core.api.PackageRevisionStatus.Condition;
import io.jporch.core.api.PackageRevisionStatus.Locator;
import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kptfile-derived API fields, in-memory metadata and commit authorship. */
class ApiObjectTest {
  @TempDir Path tmp;

  private static final String RICH_KPTFILE =
      """
      apiVersion: kpt.dev/v1
      kind: Kptfile
      metadata:
        name: bucket
        labels:
          team: storage
        annotations:
          note: hello
      upstream:
        type: git
        git:
          repo: https://example.com/blueprints.git
          directory: bucket
          ref: bucket/v3
      upstreamLock:
        type: git
        git:
          repo: https://example.com/blueprints.git
          directory: bucket
          ref: bucket/v3
          commit: 0123456789abcdef0123456789abcdef01234567
      info:
        readinessGates:
        - conditionType: ready
      status:
        conditions:
        - type: ready
          status: "True"
          reason: Done
          message: all good
      """;

  private static Repository spec(String url, String author, String email) {
    return Repository.of(
        ObjectMeta.named("default", "r"),
        new Repository.Spec(
            null,
            false,
            Repository.TYPE_GIT,
            null,
            null,
            new Repository.Git(url, "main", false, "", null, author, email),
            null),
        null);
  }

  private PersonIdent authorOfDraft(String author, String email, RequestContext ctx) {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote-" + email));
    try (var repo =
        new GitRepositoryFactory(tmp.resolve("cache")).open(ctx, spec(url, author, email))) {
      PackageRevisionDraft draft =
          repo.createPackageRevisionDraft(
              ctx, new PackageRevisionKey(new PackageKey(repo.key(), "bucket"), 0, "ws"));
      draft.updateResources(ctx, Map.of("Kptfile", RICH_KPTFILE), null);
      PackageRevision rev = repo.closePackageRevisionDraft(ctx, draft, 0);
      return new RemoteRepo(url).commit(rev.resourceVersion()).getAuthorIdent();
    }
  }

  @Test
  void authorFollowsRepositoryThenUserThenPorch() {
    PersonIdent both = authorOfDraft("Jane", "jane@example.com", user("bob"));
    assertThat(both.getName()).isEqualTo("Jane");
    assertThat(both.getEmailAddress()).isEqualTo("jane@example.com");
    PersonIdent emailOnly = authorOfDraft(null, "ops@example.com", user("bob"));
    assertThat(emailOnly.getName()).isEqualTo("ops@example.com");
    PersonIdent byUser = authorOfDraft(null, "", user("bob"));
    assertThat(byUser.getName()).isEqualTo("bob");
    assertThat(byUser.getEmailAddress()).isEqualTo("bob");
    PersonIdent anonymous = authorOfDraft(null, null, ctx());
    assertThat(anonymous.getName()).isEqualTo("Package Orchestration Service");
    assertThat(anonymous.getEmailAddress()).isEqualTo("porch@kpt.dev");
  }

  @Test
  void kptfileFieldsAndMetadata() {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    try (var repo = new GitRepositoryFactory(tmp.resolve("cache")).open(ctx(), spec(url, "", ""))) {
      PackageRevisionDraft draft =
          repo.createPackageRevisionDraft(
              ctx(), new PackageRevisionKey(new PackageKey(repo.key(), "bucket"), 0, "ws"));
      draft.updateResources(ctx(), Map.of("Kptfile", RICH_KPTFILE), null);
      PackageRevision rev = repo.closePackageRevisionDraft(ctx(), draft, 0);

      var api = rev.toApiObject();
      assertThat(api.spec().packageMetadata().labels()).isEqualTo(Map.of("team", "storage"));
      assertThat(api.spec().packageMetadata().annotations()).isEqualTo(Map.of("note", "hello"));
      assertThat(api.spec().readinessGates()).containsExactly(new ReadinessGate("ready"));
      assertThat(api.spec().tasks()).isNull();
      assertThat(api.status().conditions())
          .containsExactly(new Condition("ready", "True", "Done", "all good"));
      assertThat(api.status().upstreamLock())
          .isEqualTo(
              Locator.git(
                  "https://example.com/blueprints.git",
                  "bucket",
                  "bucket/v3",
                  "0123456789abcdef0123456789abcdef01234567"));
      assertThat(api.status().deployment()).isFalse();

      ObjectMeta meta =
          rev.metadata()
              .withLabels(Map.of("a", "b"))
              .withFinalizers(List.of("f"))
              .withCreationTimestamp("2020-01-01T00:00:00Z");
      rev.setMetadata(ctx(), meta);
      var withMeta = rev.toApiObject().metadata();
      assertThat(withMeta.labels()).isEqualTo(Map.of("a", "b"));
      assertThat(withMeta.finalizers()).containsExactly("f");
      assertThat(withMeta.creationTimestamp()).isEqualTo("2020-01-01T00:00:00Z");
      assertThat(withMeta.resourceVersion()).isEqualTo(rev.resourceVersion());
    }
  }
}
