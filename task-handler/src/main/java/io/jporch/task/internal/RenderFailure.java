package io.jporch.task.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Render stopped: the message is what kpt reports for the failing package or function. {@link
 * #partial} carries the resources rendered up to the failure (kpt's {@code save-on-render-failure}
 * output), null when nothing was rendered.
 */
final class RenderFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private transient List<ObjectNode> partial;

  RenderFailure(String message) {
    super(message);
  }

  RenderFailure(String message, Throwable cause) {
    super(message, cause);
  }

  List<ObjectNode> partial() {
    return partial;
  }

  RenderFailure withPartial(List<ObjectNode> resources) {
    this.partial = resources;
    return this;
  }
}
