package io.jporch.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.error.BadRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ListPagerTest {
  private final AtomicLong now = new AtomicLong();
  private final ListPager pager = new ListPager(25, Duration.ofMinutes(5), now::get);
  private final AtomicInteger reads = new AtomicInteger();
  private List<String> items = names(10);
  private long version = 7;

  private ListPager.Listing<String> read() {
    reads.incrementAndGet();
    return new ListPager.Listing<>(version, items);
  }

  private ListPager.Page<String> page(String scope, long limit, String token) {
    Map<String, List<String>> q = new java.util.HashMap<>();
    q.put("limit", List.of(Long.toString(limit)));
    if (token != null) {
      q.put("continue", List.of(token));
    }
    return pager.page(
        scope, ListOptions.parse(new QueryParams(q), false), this::read, Optional::of);
  }

  @Test
  void withoutALimitOrWhenEverythingFitsThereIsNoContinueToken() {
    ListPager.Page<String> all = page("s", 0, null);
    assertThat(all.items()).isEqualTo(items);
    assertThat(all.meta().resourceVersion()).isEqualTo("7");
    assertThat(all.meta().continueToken()).isNull();
    assertThat(page("s", 10, null).meta().continueToken()).isNull();
    assertThat(pager.snapshotCount()).isZero();
  }

  @Test
  void pagesAreCutFromOneSnapshotWhateverChangesMeanwhile() {
    ListPager.Page<String> first = page("s", 4, null);
    assertThat(first.items()).containsExactly("o0", "o1", "o2", "o3");
    assertThat(first.meta().remainingItemCount()).isEqualTo(6);
    items = names(3);
    version = 99;
    List<String> seen = new ArrayList<>(first.items());
    ListPager.Page<String> page = first;
    while (page.meta().continueToken() != null) {
      page = page("s", 4, page.meta().continueToken());
      assertThat(page.meta().resourceVersion()).isEqualTo("7");
      seen.addAll(page.items());
    }
    assertThat(seen).isEqualTo(names(10));
    assertThat(reads).as("the list is read once").hasValue(1);
    assertThat(page.meta().remainingItemCount()).isNull();
    assertThat(pager.snapshotCount()).as("the last page releases the snapshot").isZero();
  }

  @Test
  void aTokenWhoseSnapshotIsGoneIsExpired() {
    String token = page("s", 4, null).meta().continueToken();
    now.addAndGet(Duration.ofMinutes(6).toNanos());
    assertThatThrownBy(() -> page("s", 4, token))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(410);
              assertThat(e.status().reason()).isEqualTo("Expired");
              assertThat(e.status().message())
                  .startsWith("The provided continue parameter is too old");
            });
  }

  @Test
  void theOldestSnapshotsAreDroppedBeyondTheItemLimit() {
    String first = page("s", 4, null).meta().continueToken();
    String second = page("s", 4, null).meta().continueToken();
    String third = page("s", 4, null).meta().continueToken();
    assertThat(pager.snapshotCount()).isEqualTo(2);
    assertThatThrownBy(() -> page("s", 4, first)).isInstanceOf(StatusException.class);
    assertThat(page("s", 4, second).items()).containsExactly("o4", "o5", "o6", "o7");
    assertThat(page("s", 4, third).items()).containsExactly("o4", "o5", "o6", "o7");
  }

  @Test
  void foreignOrForgedTokensAreBadRequests() {
    String token = page("s", 4, null).meta().continueToken();
    assertThatThrownBy(() -> page("other", 4, token))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("belongs to another list");
    assertThatThrownBy(() -> page("s", 4, "not-a-token!"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("continue key is not valid");
    String forged =
        java.util.Base64.getUrlEncoder()
            .encodeToString("{\"v\":1,\"id\":\"x\",\"rv\":7,\"start\":-1}".getBytes());
    assertThatThrownBy(() -> page("s", 4, forged)).isInstanceOf(BadRequestException.class);
  }

  @Test
  void resourceVersionAndContinueDoNotMix() {
    assertThatThrownBy(
            () ->
                ListOptions.parse(
                    new QueryParams(
                        Map.of("continue", List.of("x"), "resourceVersion", List.of("5"))),
                    false))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("specifying resource version is not allowed when using continue");
  }

  private static List<String> names(int n) {
    return IntStream.range(0, n).mapToObj(i -> "o" + i).toList();
  }
}
