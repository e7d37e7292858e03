package io.jporch.server.rest.porch;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.rest.ApiCall;
import io.jporch.server.rest.ApiResult;
import io.jporch.server.rest.ResourceDescriptor;
import io.jporch.server.rest.ResourceHandler;
import io.jporch.server.rest.TableDefinition;
import java.util.function.UnaryOperator;

/**
 * The {@code packagerevisions/approval} subresource: GET returns the PackageRevision, PUT/PATCH run
 * the update pipeline with the approval strategy. Port of
 * pkg/registry/porch/packagerevision_approval.go.
 */
public final class PackageRevisionApproval implements ResourceHandler {
  private final PackageRevisionStorage revisions;
  private final ApprovalStrategy strategy = new ApprovalStrategy();

  public PackageRevisionApproval(PackageRevisionStorage revisions) {
    this.revisions = revisions;
  }

  @Override
  public ResourceDescriptor descriptor() {
    return PorchResources.APPROVAL;
  }

  @Override
  public TableDefinition table() {
    return PorchTables.DEFAULT;
  }

  @Override
  public ApiResult get(ApiCall call) {
    return revisions.get(call);
  }

  @Override
  public ApiResult update(ApiCall call, UnaryOperator<JsonNode> update) {
    return revisions.updateRevision(call, update, strategy, PorchResources.PACKAGE_REVISIONS);
  }
}
