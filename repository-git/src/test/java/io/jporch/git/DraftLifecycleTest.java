package io.jporch.git;

import static io.jporch.git.GitTestSupport.KPTFILE;
import static io.jporch.git.GitTestSupport.keys;
import static io.jporch.git.GitTestSupport.spec;
import static io.jporch.git.GitTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevisionStatus.Locator;
import io.jporch.core.api.Task;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.ForbiddenException;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.Repository;
import io.jporch.core.util.Uids;
import io.jporch.testing.git.GitFixtures;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Draft → Proposed → Published → DeletionProposed → Published → deleted, checking every ref, commit
 * message and tree on the remote with plain JGit.
 */
class DraftLifecycleTest {
  @TempDir Path tmp;

  private static final Map<String, String> FILES =
      Map.of("Kptfile", KPTFILE, "cm.yaml", "kind: ConfigMap\n", "sub/dir/x.yaml", "x: 1\n");

  private static Task initTask() {
    return Task.init(new Task.InitTaskSpec(null, "Empty Package", null, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "catalog"})
  void fullLifecycle(String directory) {
    String url = GitFixtures.porchRepository("trivial-repository", tmp.resolve("remote"));
    RemoteRepo remote = new RemoteRepo(url);
    String mainBefore = remote.ref("refs/heads/main");
    String fp = directory.isEmpty() ? "team/bucket" : directory + "/team/bucket";
    RequestContext alice = user("alice");
    GitRepositoryFactory factory = new GitRepositoryFactory(tmp.resolve("cache"));
    try (Repository repo = factory.open(alice, spec("trivial", url, "main", directory))) {
      PackageRevision draft = createDraft(repo, alice, fp, remote, mainBefore);
      PackageRevision proposed = propose(repo, alice, draft, fp, remote);
      PackageRevision published = approve(repo, alice, proposed, fp, remote, mainBefore);
      deletionProposedAndBack(repo, alice, published, fp, remote);
      delete(repo, alice, published, fp, remote);
    }
  }

  private PackageRevision createDraft(
      Repository repo, RequestContext ctx, String fp, RemoteRepo remote, String mainBefore) {
    PackageRevisionKey key =
        new PackageRevisionKey(new PackageKey(repo.key(), "team/bucket"), 0, "ws1");
    PackageRevisionDraft draft = repo.createPackageRevisionDraft(ctx, key);
    assertThat(draft.resources()).isEmpty();
    draft.updateResources(ctx, FILES, initTask());
    assertThat(remote.refs()).doesNotContainKey("refs/heads/drafts/" + fp + "/ws1");

    PackageRevision rev = repo.closePackageRevisionDraft(ctx, draft, 0);
    assertThat(rev.lifecycle()).isEqualTo(Lifecycle.DRAFT);
    assertThat(rev.key().workspace()).isEqualTo("ws1");
    assertThat(remote.ref("refs/heads/drafts/" + fp + "/ws1")).isEqualTo(rev.resourceVersion());
    RevCommit commit = remote.commit(rev.resourceVersion());
    assertThat(commit.getFullMessage())
        .isEqualTo(
            "Creating new empty revision\n\n\nkpt:{\"package\":\""
                + fp
                + "\",\"workspaceName\":\"ws1\",\"revision\":\"0\",\"task\":{\"type\":\"init\","
                + "\"init\":{\"description\":\"Empty Package\"}}}\n");
    assertThat(commit.getAuthorIdent().getName()).isEqualTo("alice");
    assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo("alice");
    assertThat(commit.getCommitterIdent().getName()).isEqualTo("Package Orchestration Service");
    assertThat(commit.getCommitterIdent().getEmailAddress()).isEqualTo("porch@kpt.dev");
    assertThat(commit.getParentCount()).isEqualTo(1);
    assertThat(commit.getParent(0).name()).isEqualTo(mainBefore);
    assertThat(remote.files(rev.resourceVersion()))
        .containsEntry(fp + "/Kptfile", "100644 " + KPTFILE)
        .containsEntry(fp + "/sub/dir/x.yaml", "100644 x: 1\n")
        .hasSize(3);
    assertThat(rev.resources()).isEqualTo(FILES);

    var api = rev.toApiObject();
    assertThat(api.metadata().name()).isEqualTo("trivial.team.bucket.ws1");
    assertThat(api.metadata().uid())
        .isEqualTo(Uids.packageRevision("default", "trivial.team.bucket.ws1"));
    assertThat(api.metadata().resourceVersion()).isEqualTo(rev.resourceVersion());
    assertThat(api.metadata().creationTimestamp()).isNotNull();
    assertThat(api.spec().packageName()).isEqualTo("team/bucket");
    assertThat(api.spec().repository()).isEqualTo("trivial");
    assertThat(api.spec().tasks()).containsExactly(initTask());
    assertThat(api.status().selfLock())
        .isEqualTo(
            Locator.git(
                ((io.jporch.git.internal.GitRepository) repo).settings().url(),
                "team/bucket",
                "drafts/" + fp + "/ws1",
                rev.resourceVersion()));
    assertThat(api.status().upstreamLock()).isEqualTo(Locator.EMPTY);
    assertThat(api.status().publishTimestamp()).isNull();
    assertThat(api.status().deployment()).isTrue();
    return rev;
  }

  private PackageRevision propose(
      Repository repo, RequestContext ctx, PackageRevision draftRev, String fp, RemoteRepo remote) {
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(ctx, draftRev);
    assertThat(draft.lifecycle()).isEqualTo(Lifecycle.DRAFT);
    assertThat(draft.resources()).isEqualTo(FILES);
    Map<String, String> rendered = Map.of("Kptfile", KPTFILE, "cm.yaml", "kind: ConfigMap\n# r\n");
    draft.updateResources(ctx, rendered, Task.render());
    draft.updateLifecycle(Lifecycle.PROPOSED);
    PackageRevision rev = repo.closePackageRevisionDraft(ctx, draft, 0);

    assertThat(rev.lifecycle()).isEqualTo(Lifecycle.PROPOSED);
    Map<String, String> refs = remote.refs();
    assertThat(refs).doesNotContainKey("refs/heads/drafts/" + fp + "/ws1");
    assertThat(refs).containsEntry("refs/heads/proposed/" + fp + "/ws1", rev.resourceVersion());
    RevCommit commit = remote.commit(rev.resourceVersion());
    assertThat(commit.getFullMessage())
        .isEqualTo(
            "Rendering package\n\n\nkpt:{\"package\":\""
                + fp
                + "\",\"workspaceName\":\"ws1\",\"revision\":\"0\",\"task\":{\"type\":\"render\"}}\n");
    assertThat(commit.getParent(0).name()).isEqualTo(draftRev.resourceVersion());
    assertThat(rev.resources()).isEqualTo(rendered);
    assertThat(rev.toApiObject().spec().tasks()).containsExactly(initTask());
    assertThat(keys(repo.listPackageRevisions(ctx, PackageRevisionFilter.ALL)))
        .containsExactly(Map.entry("team/bucket:0:ws1", Lifecycle.PROPOSED));
    return rev;
  }

  private PackageRevision approve(
      Repository repo,
      RequestContext ctx,
      PackageRevision proposedRev,
      String fp,
      RemoteRepo remote,
      String mainBefore) {
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(ctx, proposedRev);
    assertThat(draft.lifecycle()).isEqualTo(Lifecycle.PROPOSED);
    draft.updateLifecycle(Lifecycle.PUBLISHED);
    assertThatThrownBy(() -> repo.closePackageRevisionDraft(ctx, draft, 0))
        .isInstanceOf(BadRequestException.class);
    PackageRevision rev = repo.closePackageRevisionDraft(ctx, draft, 1);

    assertThat(rev.key().revision()).isEqualTo(1);
    assertThat(rev.key().workspace()).isEqualTo("ws1");
    assertThat(rev.lifecycle()).isEqualTo(Lifecycle.PUBLISHED);
    Map<String, String> refs = remote.refs();
    String approval = refs.get("refs/tags/" + fp + "/v1");
    assertThat(approval).isEqualTo(rev.resourceVersion());
    assertThat(refs).containsEntry("refs/heads/main", approval);
    assertThat(refs).doesNotContainKey("refs/heads/proposed/" + fp + "/ws1");
    RevCommit commit = remote.commit(approval);
    assertThat(Arrays.stream(commit.getParents()).map(RevCommit::name).toList())
        .containsExactly(mainBefore, proposedRev.resourceVersion());
    assertThat(commit.getFullMessage())
        .isEqualTo(
            "Approving package revision "
                + fp
                + "/1\n\nkpt:{\"package\":\""
                + fp
                + "\",\"workspaceName\":\"ws1\",\"revision\":\"1\"}\n");
    assertThat(remote.treeId(approval, fp))
        .isEqualTo(remote.treeId(proposedRev.resourceVersion(), fp));

    var api = rev.toApiObject();
    assertThat(api.metadata().name()).isEqualTo("trivial.team.bucket.ws1");
    assertThat(api.spec().revision()).isEqualTo(1);
    assertThat(api.spec().tasks()).containsExactly(initTask());
    assertThat(api.status().publishedBy()).isEqualTo("alice");
    assertThat(api.status().publishTimestamp()).isNotNull();
    assertThat(api.status().selfLock().git().ref()).isEqualTo(fp + "/v1");

    assertThat(keys(repo.listPackageRevisions(ctx, PackageRevisionFilter.ALL)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "team/bucket:1:ws1", Lifecycle.PUBLISHED,
                "team/bucket:-1:main", Lifecycle.PUBLISHED));
    assertThatThrownBy(() -> repo.openPackageRevisionDraft(ctx, rev))
        .isInstanceOf(ForbiddenException.class);
    return rev;
  }

  private void deletionProposedAndBack(
      Repository repo,
      RequestContext ctx,
      PackageRevision published,
      String fp,
      RemoteRepo remote) {
    String marker = "refs/heads/deletionProposed/" + fp + "/v1";
    repo.updateLifecycle(ctx, published, Lifecycle.DELETION_PROPOSED);
    assertThat(remote.ref(marker)).isEqualTo(published.resourceVersion());
    assertThat(lifecycleOf(repo, ctx, 1)).isEqualTo(Lifecycle.DELETION_PROPOSED);
    assertThat(published.lifecycle()).isEqualTo(Lifecycle.DELETION_PROPOSED);

    repo.updateLifecycle(ctx, published, Lifecycle.PUBLISHED);
    assertThat(remote.refs()).doesNotContainKey(marker);
    assertThat(lifecycleOf(repo, ctx, 1)).isEqualTo(Lifecycle.PUBLISHED);
    assertThatThrownBy(() -> repo.updateLifecycle(ctx, published, Lifecycle.DRAFT))
        .isInstanceOf(BadRequestException.class);
  }

  private static Lifecycle lifecycleOf(Repository repo, RequestContext ctx, int revision) {
    List<PackageRevision> found =
        repo.listPackageRevisions(ctx, PackageRevisionFilter.ALL).stream()
            .filter(r -> r.key().revision() == revision)
            .toList();
    assertThat(found).hasSize(1);
    return found.get(0).lifecycle();
  }

  private void delete(
      Repository repo,
      RequestContext ctx,
      PackageRevision published,
      String fp,
      RemoteRepo remote) {
    repo.updateLifecycle(ctx, published, Lifecycle.DELETION_PROPOSED);
    repo.deletePackageRevision(ctx, published);
    Map<String, String> refs = remote.refs();
    assertThat(refs).doesNotContainKey("refs/tags/" + fp + "/v1");
    assertThat(refs).doesNotContainKey("refs/heads/deletionProposed/" + fp + "/v1");
    List<PackageRevision> left = repo.listPackageRevisions(ctx, PackageRevisionFilter.ALL);
    assertThat(keys(left)).containsExactly(Map.entry("team/bucket:-1:main", Lifecycle.PUBLISHED));
    assertThat(left.get(0).toApiObject().status().publishedBy()).isEqualTo("alice");

    String mainBefore = remote.ref("refs/heads/main");
    repo.deletePackageRevision(ctx, left.get(0));
    String main = remote.ref("refs/heads/main");
    RevCommit commit = remote.commit(main);
    assertThat(commit.getFullMessage()).isEqualTo("Delete " + fp);
    assertThat(commit.getParent(0).name()).isEqualTo(mainBefore);
    assertThat(remote.files(main)).isEmpty();
    assertThat(repo.listPackageRevisions(ctx, PackageRevisionFilter.ALL)).isEmpty();
  }
}
