package io.jporch.server.rest.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.config.Repository;
import io.jporch.core.error.ResourceRef;
import io.jporch.server.rest.ApiCall;
import io.jporch.server.rest.ApiResult;
import io.jporch.server.rest.Bodies;
import io.jporch.server.rest.ObjectIdentity;
import io.jporch.server.rest.ResourceDescriptor;
import io.jporch.server.rest.ResourceHandler;
import io.jporch.server.rest.TableDefinition;
import io.jporch.server.store.RepositoryStore;
import java.util.List;
import java.util.function.UnaryOperator;

/** The {@code repositories/status} subresource: reads the object, writes only its status. */
public final class RepositoryStatusStorage implements ResourceHandler {
  private final RepositoryStore store;
  private final RepositoryStorage repositories;

  public RepositoryStatusStorage(RepositoryStore store, RepositoryStorage repositories) {
    this.store = store;
    this.repositories = repositories;
  }

  @Override
  public ResourceDescriptor descriptor() {
    return ConfigResources.REPOSITORY_STATUS;
  }

  @Override
  public TableDefinition table() {
    return RepositoryTable.TABLE;
  }

  @Override
  public ApiResult get(ApiCall call) {
    return ApiResult.ok(repositories.require(call.namespace(), call.name()));
  }

  @Override
  public ApiResult update(ApiCall call, UnaryOperator<JsonNode> update) {
    Repository current = repositories.require(call.namespace(), call.name());
    ObjectNode body = RepositoryStorage.asObject(update.apply(Bodies.toTree(current)));
    ObjectIdentity.check(body, ConfigResources.REPOSITORIES, call.namespace(), call.name());
    Repository requested =
        Bodies.convert(body, Repository.class, ResourceRef.repository(call.name()));
    return ApiResult.ok(store.replaceStatus(requested, call.dryRun()));
  }

  @Override
  public List<String> patchTypes() {
    return ConfigResources.PATCH_TYPES;
  }

  /** The status subresource never writes the spec. */
  @Override
  public List<String> resetFields() {
    return List.of("spec");
  }
}
