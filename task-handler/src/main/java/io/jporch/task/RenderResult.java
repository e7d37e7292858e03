package io.jporch.task;

import io.jporch.core.api.RenderStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a render: the package files afterwards (on failure: the input, with the failure
 * recorded in the root Kptfile's status), kpt's function results (null when the package has no
 * Kptfile) and the error text (null on success).
 */
public record RenderResult(Map<String, String> resources, RenderStatus status, String error) {
  public RenderResult {
    resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
  }

  /** True when the render failed. */
  public boolean failed() {
    return error != null;
  }
}
