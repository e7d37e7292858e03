package io.jporch.server.rest.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageMetadata;
import io.jporch.core.api.PackageRevisionSpec;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.repository.LabelSelector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionQueryTest {
  @Test
  void fieldSelectorsMapToTheFilter() {
    RevisionQuery q =
        parse(
            "default",
            "spec.repository=blueprints,spec.packageName=net/istio,spec.workspaceName=ws1,spec.revision=v3");
    assertThat(q.namespace()).isEqualTo("default");
    assertThat(q.filter().repository()).isEqualTo("blueprints");
    assertThat(q.filter().packageParentPath()).isEqualTo("net");
    assertThat(q.filter().packageName()).isEqualTo("istio");
    assertThat(q.filter().workspace()).isEqualTo("ws1");
    assertThat(q.filter().revision()).isEqualTo(3);
  }

  @Test
  void packageNameWithoutPathMatchesAnyPath() {
    RevisionQuery q = parse(null, "spec.packageName==istio");
    assertThat(q.filter().packageParentPath()).isNull();
    assertThat(q.filter().packageName()).isEqualTo("istio");
    assertThat(q.namespace()).isNull();
  }

  @Test
  void nameIsParsedIntoItsParts() {
    RevisionQuery q = parse("default", "metadata.name=deploy.edge.site-a.app.draft1");
    assertThat(q.filter().repository()).isEqualTo("deploy");
    assertThat(q.filter().packageParentPath()).isEqualTo("edge/site-a");
    assertThat(q.filter().packageName()).isEqualTo("app");
    assertThat(q.filter().workspace()).isEqualTo("draft1");
    assertThat(parse("default", "metadata.name=Not_A_Name").matchesNothing()).isTrue();
  }

  @Test
  void lifecyclesAreOred() {
    RevisionQuery q = parse("default", "spec.lifecycle=Draft,spec.lifecycle=Proposed");
    assertThat(q.filter().lifecycles())
        .containsExactlyInAnyOrder(Lifecycle.DRAFT, Lifecycle.PROPOSED);
    assertThatThrownBy(() -> parse("default", "spec.lifecycle=Done"))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void revisionTextFollowsPorch() {
    assertThat(RevisionQuery.revisionNumber("v2")).isEqualTo(2);
    assertThat(RevisionQuery.revisionNumber("7")).isEqualTo(7);
    assertThat(RevisionQuery.revisionNumber("main")).isEqualTo(-1);
  }

  @Test
  void kptfileLabelsAndErrors() {
    assertThat(parse(null, "spec.packageMetadata.labels[team]=a").filter().kptfileLabels())
        .containsEntry("team", "a");
    assertThatThrownBy(() -> parse(null, "spec.packageMetadata.labels[]=a"))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> parse(null, "spec.repository!=a"))
        .hasMessageContaining("unsupported fieldSelector operator");
    assertThatThrownBy(() -> parse(null, "spec.repository="))
        .hasMessageContaining("unsupported fieldSelector value");
    assertThatThrownBy(() -> parse(null, "spec.other=a"))
        .hasMessage("\"spec.other\" is not a known field selector");
    assertThatThrownBy(() -> parse("default", "metadata.namespace=other"))
        .hasMessageContaining("conflicting namespaces");
    assertThat(parse(null, "metadata.namespace=other").namespace()).isEqualTo("other");
  }

  @Test
  void escapedCommasStayInValues() {
    FieldSelector s = FieldSelector.parse("a=x\\,y,b==z");
    assertThat(s.requirements()).hasSize(2);
    assertThat(s.requirements().get(0).value()).isEqualTo("x,y");
    assertThat(s.requirements().get(1).operator()).isEqualTo(FieldSelector.Operator.DOUBLE_EQUALS);
    assertThatThrownBy(() -> FieldSelector.parse("novalue"))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void apiObjectsAreMatchedOnEveryFieldAndTheLabels() {
    var published =
        object("ns", "team/app", "blueprints", "v1", 2, Lifecycle.PUBLISHED, Map.of("env", "prod"));
    assertThat(parse("ns", "").matches(published)).isTrue();
    assertThat(parse("other", "").matches(published)).isFalse();
    assertThat(parse(null, "spec.repository=blueprints").matches(published)).isTrue();
    assertThat(parse(null, "spec.repository=other").matches(published)).isFalse();
    assertThat(parse(null, "spec.packageName=app").matches(published)).isTrue();
    assertThat(parse(null, "spec.packageName=team/app").matches(published)).isTrue();
    assertThat(parse(null, "spec.packageName=other/app").matches(published)).isFalse();
    assertThat(parse(null, "spec.workspaceName=v1").matches(published)).isTrue();
    assertThat(parse(null, "spec.revision=2").matches(published)).isTrue();
    assertThat(parse(null, "spec.revision=v3").matches(published)).isFalse();
    assertThat(parse(null, "spec.revision=0").matches(published))
        .as("revision 0 means no filter (01-api §5.1)")
        .isTrue();
    assertThat(parse(null, "spec.lifecycle=Draft,spec.lifecycle=Published").matches(published))
        .isTrue();
    assertThat(parse(null, "spec.lifecycle=Draft").matches(published)).isFalse();
    assertThat(parse(null, "metadata.name=blueprints.team.app.v1").matches(published)).isTrue();
    assertThat(parse(null, "metadata.name=blueprints.app.v1").matches(published)).isFalse();
    assertThat(parse(null, "spec.packageMetadata.labels[tier]=web").matches(published)).isTrue();
    assertThat(parse(null, "spec.packageMetadata.labels[tier]=db").matches(published)).isFalse();
    assertThat(withLabels("env=prod").matches(published)).isTrue();
    assertThat(withLabels("env!=prod").matches(published)).isFalse();
    assertThat(withLabels("env in (dev, prod)").matches(published)).isTrue();
    assertThat(withLabels("env notin (prod)").matches(published)).isFalse();
    assertThat(withLabels("env").matches(published)).isTrue();
    assertThat(withLabels("!env").matches(published)).isFalse();
    var placeholder = object("ns", "app", "blueprints", "main", -1, Lifecycle.PUBLISHED, Map.of());
    assertThat(parse(null, "spec.revision=main").matches(placeholder))
        .as("a non-numeric revision selects the placeholders")
        .isTrue();
    assertThat(parse(null, "metadata.name=NOT_A_NAME").matches(placeholder)).isFalse();
  }

  private static RevisionQuery withLabels(String labels) {
    return RevisionQuery.parse(null, FieldSelector.EVERYTHING, LabelSelectors.parse(labels));
  }

  private static io.jporch.core.api.PackageRevision object(
      String ns,
      String path,
      String repo,
      String workspace,
      int revision,
      Lifecycle lifecycle,
      Map<String, String> labels) {
    String name = repo + "." + path.replace('/', '.') + "." + workspace;
    return io.jporch.core.api.PackageRevision.of(
        ObjectMeta.named(ns, name).withLabels(labels),
        new PackageRevisionSpec(
            path,
            repo,
            workspace,
            revision,
            null,
            lifecycle,
            null,
            null,
            new PackageMetadata(Map.of("tier", "web"), null)),
        null);
  }

  private static RevisionQuery parse(String ns, String fields) {
    return RevisionQuery.parse(ns, FieldSelector.parse(fields), LabelSelector.EVERYTHING);
  }
}
