package io.jporch.server.rest.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.error.BadRequestException;
import io.jporch.core.repository.LabelSelector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {
  private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front", "n", "5");

  @Test
  void equalityOperators() {
    assertThat(matches("app=web")).isTrue();
    assertThat(matches("app==web")).isTrue();
    assertThat(matches("app!=web")).isFalse();
    assertThat(matches("missing!=x")).isTrue();
    assertThat(matches("app=web,tier=back")).isFalse();
    assertThat(matches("app = web , tier = front")).isTrue();
  }

  @Test
  void setOperators() {
    assertThat(matches("app in (web, api)")).isTrue();
    assertThat(matches("app in (api)")).isFalse();
    assertThat(matches("app notin (api,db)")).isTrue();
    assertThat(matches("missing notin (x)")).isTrue();
    assertThat(matches("tier in (front),app")).isTrue();
  }

  @Test
  void existenceAndNumbers() {
    assertThat(matches("app")).isTrue();
    assertThat(matches("!app")).isFalse();
    assertThat(matches("!missing")).isTrue();
    assertThat(matches("n gt 3")).isTrue();
    assertThat(matches("n lt 3")).isFalse();
  }

  @Test
  void emptySelectsEverything() {
    assertThat(LabelSelectors.parse(null)).isSameAs(LabelSelector.EVERYTHING);
    assertThat(LabelSelectors.parse(" ")).isSameAs(LabelSelector.EVERYTHING);
  }

  @Test
  void malformedSelectorsAreBadRequests() {
    assertThatThrownBy(() -> LabelSelectors.parse("app in (web"))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> LabelSelectors.parse("a,,b")).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> LabelSelectors.parse("n gt x"))
        .isInstanceOf(BadRequestException.class);
  }

  private static boolean matches(String selector) {
    return LabelSelectors.parse(selector).matches(LABELS);
  }
}
