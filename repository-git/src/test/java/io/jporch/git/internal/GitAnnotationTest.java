package io.jporch.git.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitAnnotationTest {
  @Test
  void formatsLikeGoPorch() {
    Task clone =
        new Task(
            Task.CLONE,
            null,
            new Task.CloneTaskSpec(
                new Task.UpstreamPackage(
                    null, null, null, new Task.PackageRevisionRef("blueprints.bucket.v1"))),
            null,
            null);
    GitAnnotation a = new GitAnnotation("catalog/gcp/bucket", "ws1", "0", clone);
    assertThat(CommitMessages.updateResources(clone, a))
        .isEqualTo(
            "Creating new revision by cloning\n\n\nkpt:{\"package\":\"catalog/gcp/bucket\","
                + "\"workspaceName\":\"ws1\",\"revision\":\"0\",\"task\":{\"type\":\"clone\","
                + "\"clone\":{\"upstreamRef\":{\"upstreamRef\":{\"name\":\"blueprints.bucket.v1\"}}}}}\n");
  }

  @Test
  void omitsEmptyKeysAndEscapesHtmlCharacters() {
    assertThat(new GitAnnotation("p", "", "1", null).toJson())
        .isEqualTo("{\"package\":\"p\",\"revision\":\"1\"}");
    assertThat(new GitAnnotation("a<b>&c", "w", "", null).toJson())
        .isEqualTo("{\"package\":\"a\\u003cb\\u003e\\u0026c\",\"workspaceName\":\"w\"}");
  }

  @Test
  void messagesPerTaskType() {
    assertThat(CommitMessages.forTask(null)).isEqualTo("Intermediate commit");
    assertThat(CommitMessages.forTask(Task.render())).isEqualTo("Rendering package");
    assertThat(CommitMessages.forTask(new Task("push", null, null, null, null)))
        .isEqualTo("Intermediate commit: push");
    assertThat(CommitMessages.forTask(new Task(Task.EDIT, null, null, null, null)))
        .isEqualTo("Creating new revision by copying previous revision");
    assertThat(CommitMessages.forTask(new Task(Task.UPGRADE, null, null, null, null)))
        .isEqualTo("Upgrading revision");
  }

  @Test
  void parsesEveryAnnotationLineAndSkipsBrokenOnes() {
    String message =
        "Intermediate commit: init\n"
            + "  kpt:{\"package\":\"pkg\",\"revision\":\"v1\",\"task\":{\"type\":\"init\","
            + "\"init\":{\"description\":\"d\"}}}  \n"
            + "kpt:{not json\n"
            + "kpt:{\"package\":\"a\\u003cb\",\"workspaceName\":\"w\",\"task\":{\"type\":\"eval\","
            + "\"eval\":{\"image\":\"x\"}}}\n";
    List<GitAnnotation> parsed = GitAnnotation.parse(message);
    assertThat(parsed).hasSize(2);
    assertThat(parsed.get(0))
        .isEqualTo(
            new GitAnnotation(
                "pkg", "", "v1", Task.init(new Task.InitTaskSpec(null, "d", null, null))));
    assertThat(parsed.get(1).packagePath()).isEqualTo("a<b");
    assertThat(parsed.get(1).task().type()).isEqualTo("eval");
    assertThat(GitAnnotation.parse("no annotation")).isEmpty();
  }

  @Test
  void revisionsAndDirectories() {
    assertThat(RefNames.parseRevision("v12")).isEqualTo(12);
    assertThat(RefNames.parseRevision("3")).isEqualTo(3);
    assertThat(RefNames.parseRevision("main")).isEqualTo(-1);
    assertThat(RefNames.inDirectory("catalog/gcp/bucket", "catalog/gcp")).isTrue();
    assertThat(RefNames.inDirectory("catalog/gcp-x/bucket", "catalog/gcp")).isFalse();
    assertThat(RefNames.inDirectory("anything", "")).isTrue();
    assertThat(RefNames.relativePath("catalog/gcp/bucket", "catalog/gcp")).isEqualTo("bucket");
  }
}
