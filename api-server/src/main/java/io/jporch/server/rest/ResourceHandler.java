package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.error.MethodNotAllowedException;
import java.util.List;
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

  /**
   * The PATCH media types this resource accepts. Custom resources (Repository) do not accept
   * strategic merge patch, as kube-apiserver serves CRDs.
   */
  default List<String> patchTypes() {
    return List.of(
        Patches.JSON_PATCH,
        Patches.MERGE_PATCH,
        Patches.STRATEGIC_MERGE_PATCH,
        Patches.APPLY_PATCH);
  }

  /**
   * Top-level fields this endpoint never writes, so that no manager owns them through it (kube's
   * reset fields): {@code status} on a main resource that has a status subresource, {@code spec} on
   * that subresource.
   */
  default List<String> resetFields() {
    return List.of();
  }

  /**
   * Server-side apply to a name that does not exist: creates the object in {@code call}'s body (the
   * applied configuration, with its managed fields). Null where apply cannot create (the caller
   * then answers 404).
   */
  default ApiResult createByApply(ApiCall call) {
    return null;
  }

  /** The generic answer for a verb the resource does not support. */
  static MethodNotAllowedException notAllowed() {
    return new MethodNotAllowedException(
        null, "the server does not allow this method on the requested resource");
  }
}
