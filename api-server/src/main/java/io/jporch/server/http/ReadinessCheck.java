package io.jporch.server.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition {@code /readyz} waits for, named as kube-apiserver names its readyz checks (for
 * example {@code informer-sync}: the cluster's objects have been listed).
 *
 * @param name the check's name, served at {@code /readyz/<name>}
 * @param ready true once the condition holds; called on the event loop, so it must not block
 */
public record ReadinessCheck(String name, BooleanSupplier ready) {
  /** Validates the name (a path segment). */
  public ReadinessCheck {
    Objects.requireNonNull(ready, "ready");
    if (name == null || !name.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("readiness check name: " + name);
    }
  }
}
