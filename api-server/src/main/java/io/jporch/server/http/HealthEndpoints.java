package io.jporch.server.http;

import java.util.List;
import java.util.Set;

/**
 * {@code /healthz}, {@code /livez} and {@code /readyz}, answered as kube-apiserver answers them:
 * {@code ok} (200) when every check passes; otherwise 500 with one {@code [+]name ok} or {@code
 * [-]name failed: reason withheld} line a check and a closing {@code <endpoint> check failed}. With
 * {@code ?verbose} the lines are shown on success too. {@code /<endpoint>/<check>} answers one
 * check; an unknown check is 404. The liveness endpoints have only {@code ping}: a server that
 * answers is alive. {@code /readyz} adds the server's {@link ReadinessCheck}s (in cluster mode the
 * informers' first lists), so that a Service sends no request before the server knows its
 * Repositories.
 */
final class HealthEndpoints {
  private static final Set<String> ENDPOINTS = Set.of("healthz", "livez", "readyz");
  private static final String PING = "ping";

  private final List<ReadinessCheck> readiness;

  HealthEndpoints(List<ReadinessCheck> readiness) {
    this.readiness = List.copyOf(readiness);
  }

  /** True for {@code /healthz}, {@code /livez}, {@code /readyz} and their sub-checks. */
  static boolean isHealth(List<String> segments) {
    return !segments.isEmpty() && ENDPOINTS.contains(segments.get(0));
  }

  /** The answer to a health path ({@link #isHealth} holds); {@code verbose} lists every check. */
  Rendered serve(List<String> segments, boolean verbose) {
    String endpoint = segments.get(0);
    List<ReadinessCheck> checks = endpoint.equals("readyz") ? readiness : List.of();
    if (segments.size() > 2) {
      return Rendered.text(404, "404 page not found\n");
    }
    if (segments.size() == 2) {
      String name = segments.get(1);
      if (name.equals(PING)) {
        return Rendered.text(200, "ok");
      }
      return checks.stream()
          .filter(check -> check.name().equals(name))
          .findFirst()
          .map(
              check ->
                  check.ready().getAsBoolean()
                      ? Rendered.text(200, "ok")
                      : Rendered.text(500, "internal server error: " + name + " not ready\n"))
          .orElseGet(() -> Rendered.text(404, "404 page not found\n"));
    }
    StringBuilder lines = new StringBuilder("[+]ping ok\n");
    boolean failed = false;
    for (ReadinessCheck check : checks) {
      if (check.ready().getAsBoolean()) {
        lines.append("[+]").append(check.name()).append(" ok\n");
      } else {
        failed = true;
        lines.append("[-]").append(check.name()).append(" failed: reason withheld\n");
      }
    }
    if (failed) {
      return Rendered.text(500, lines + endpoint + " check failed\n");
    }
    return Rendered.text(200, verbose ? lines + endpoint + " check passed\n" : "ok");
  }
}
