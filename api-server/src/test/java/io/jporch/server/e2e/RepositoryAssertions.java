package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.StreamSupport;

/** Waits for and inspects Repository objects. */
final class RepositoryAssertions {
  private RepositoryAssertions() {}

  /** Applies the Repository {@code manifest} named {@code name} and waits until it is Ready. */
  static void applyAndAwaitReady(Kubectl kubectl, String name, String manifest) {
    kubectl.withFile(manifest, "apply").assertSuccess();
    awaitReady(kubectl, name);
  }

  /** Waits until the Repository reports condition {@code Ready=True} (as Porch's tests do). */
  static void awaitReady(Kubectl kubectl, String name) {
    E2EBase.await("Repository " + name + " Ready")
        .untilAsserted(
            () -> {
              JsonNode repository =
                  kubectl.json("get", "repository", name, "-n", "default", "-o", "json");
              assertThat(
                      StreamSupport.stream(repository.at("/status/conditions").spliterator(), false)
                          .filter(c -> "Ready".equals(c.path("type").asText()))
                          .map(c -> c.path("status").asText()))
                  .as("Ready condition of %s", repository)
                  .containsExactly("True");
            });
  }
}
