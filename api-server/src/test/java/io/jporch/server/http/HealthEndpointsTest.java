package io.jporch.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthEndpointsTest {
  private final AtomicBoolean synced = new AtomicBoolean();
  private final HealthEndpoints health =
      new HealthEndpoints(List.of(new ReadinessCheck("informer-sync", synced::get)));

  @Test
  void readyzFailsUntilEveryCheckPassesAndLivezNeverWaits() {
    assertThat(answer("readyz"))
        .isEqualTo(
            "500 [+]ping ok\n[-]informer-sync failed: reason withheld\nreadyz check failed\n");
    assertThat(answer("readyz", "informer-sync")).startsWith("500 internal server error");
    assertThat(answer("livez")).isEqualTo("200 ok");
    assertThat(answer("healthz")).isEqualTo("200 ok");
    assertThat(answer("readyz", "ping")).isEqualTo("200 ok");

    synced.set(true);
    assertThat(answer("readyz")).isEqualTo("200 ok");
    assertThat(answer("readyz", "informer-sync")).isEqualTo("200 ok");
    assertThat(text(health.serve(List.of("readyz"), true)))
        .isEqualTo("200 [+]ping ok\n[+]informer-sync ok\nreadyz check passed\n");
  }

  @Test
  void unknownChecksAreNotFound() {
    assertThat(answer("readyz", "etcd")).startsWith("404");
    assertThat(answer("livez", "informer-sync")).startsWith("404");
    assertThat(answer("readyz", "ping", "more")).startsWith("404");
    assertThat(HealthEndpoints.isHealth(List.of("readyz", "x"))).isTrue();
    assertThat(HealthEndpoints.isHealth(List.of("apis"))).isFalse();
    assertThat(HealthEndpoints.isHealth(List.of())).isFalse();
  }

  private String answer(String... segments) {
    return text(health.serve(List.of(segments), false));
  }

  private static String text(Rendered rendered) {
    return rendered.code() + " " + new String(rendered.body(), StandardCharsets.UTF_8);
  }
}
