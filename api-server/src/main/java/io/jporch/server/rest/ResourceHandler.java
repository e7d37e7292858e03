package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.error.MethodNotAllowedException;
import java.util.function.UnaryOperator;

/**
 * REST storage of one resource (or subresource): the verbs it implements. Verbs it does not
 * override answer 405, as the generic Kubernetes API server does for storages without the
 * corresponding interface.
 */
public interface ResourceHandler {
  ResourceDescriptor descriptor();

  /** The server-side table for {@code kubectl get}. */
  TableDefinition table();

  default ApiResult list(ApiCall call) {
    throw notAllowed();
  }

  default ApiResult watch(ApiCall call) {
    throw notAllowed();
  }

  default ApiResult get(ApiCall call) {
    throw notAllowed();
  }

  default ApiResult create(ApiCall call) {
    throw notAllowed();
  }

  /**
   * PUT and PATCH: {@code update} turns the current object (JSON) into the requested new object.
   */
  default ApiResult update(ApiCall call, UnaryOperator<JsonNode> update) {
    throw notAllowed();
  }

  default ApiResult delete(ApiCall call) {
    throw notAllowed();
  }

  /** The generic answer for a verb the resource does not support. */
  static MethodNotAllowedException notAllowed() {
    return new MethodNotAllowedException(
        null, "the server does not allow this method on the requested resource");
  }
}
