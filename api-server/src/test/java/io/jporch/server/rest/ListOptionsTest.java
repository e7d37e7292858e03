package io.jporch.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.InvalidException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListOptionsTest {
  private static ListOptions parse(String query, boolean watch) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        params.put(kv[0], List.of(kv.length > 1 ? kv[1] : ""));
      }
    }
    return ListOptions.parse(new QueryParams(params), watch);
  }

  @Test
  void watchDefaultsFollowKubernetes() {
    assertThat(parse("", true).initialEvents()).isTrue();
    assertThat(parse("resourceVersion=0", true).initialEvents()).isTrue();
    assertThat(parse("resourceVersion=12", true).initialEvents()).isFalse();
    assertThat(parse("resourceVersion=12", true).version()).isEqualTo(12);
    ListOptions streaming =
        parse(
            "sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
            true);
    assertThat(streaming.initialEvents()).isTrue();
    assertThat(streaming.initialEventsEndBookmark()).isTrue();
    assertThat(
            parse("sendInitialEvents=true&resourceVersionMatch=NotOlderThan", true)
                .initialEventsEndBookmark())
        .as("the end bookmark needs allowWatchBookmarks")
        .isFalse();
    assertThat(
            parse("sendInitialEvents=false&resourceVersionMatch=NotOlderThan", true)
                .initialEvents())
        .isFalse();
  }

  @Test
  void invalidCombinationsAre422OnListOptions() {
    assertThatThrownBy(() -> parse("sendInitialEvents=true", true))
        .isInstanceOf(InvalidException.class)
        .hasMessage(
            "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden:"
                + " sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
    assertThatThrownBy(() -> parse("resourceVersionMatch=NotOlderThan", true))
        .hasMessageContaining(
            "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
    assertThatThrownBy(() -> parse("sendInitialEvents=true&resourceVersionMatch=Exact", true))
        .hasMessageContaining("Unsupported value: \"Exact\": supported values: \"NotOlderThan\"");
    assertThatThrownBy(() -> parse("resourceVersionMatch=Exact", false))
        .hasMessageContaining(
            "resourceVersionMatch is forbidden unless resourceVersion is provided");
    assertThatThrownBy(() -> parse("resourceVersionMatch=Exact&resourceVersion=0", false))
        .hasMessageContaining("resourceVersionMatch \"exact\" is forbidden for resourceVersion");
    assertThatThrownBy(() -> parse("resourceVersionMatch=Newest&resourceVersion=3", false))
        .hasMessageContaining("Unsupported value: \"Newest\"");
    assertThatThrownBy(() -> parse("sendInitialEvents=true", false))
        .hasMessageContaining("sendInitialEvents is forbidden for list");
    assertThatThrownBy(() -> parse("resourceVersion=abc", true))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("resourceVersion: Invalid value: \"abc\"");
    assertThatThrownBy(() -> parse("sendInitialEvents=maybe", true))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void listsAreServedAtTheNewestVersionOnly() {
    parse("", false).requireListableAt(10);
    parse("resourceVersion=0", false).requireListableAt(10);
    parse("resourceVersion=4", false).requireListableAt(10);
    parse("resourceVersion=10&resourceVersionMatch=Exact", false).requireListableAt(10);
    assertThatThrownBy(
            () ->
                parse("resourceVersion=4&resourceVersionMatch=Exact", false).requireListableAt(10))
        .isInstanceOfSatisfying(
            StatusException.class, e -> assertThat(e.status().code()).isEqualTo(410));
    assertThatThrownBy(() -> parse("resourceVersion=11", false).requireListableAt(10))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(504);
              assertThat(e.status().message())
                  .isEqualTo("Too large resource version: 11, current: 10");
              assertThat(e.status().details().causes().getFirst().reason())
                  .isEqualTo("ResourceVersionTooLarge");
            });
  }
}
