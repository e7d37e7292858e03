package io.jporch.server.rest.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.repository.LabelSelector;
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
        .hasMessageContaining("unknown fieldSelector field");
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

  private static RevisionQuery parse(String ns, String fields) {
    return RevisionQuery.parse(ns, FieldSelector.parse(fields), LabelSelector.EVERYTHING);
  }
}
