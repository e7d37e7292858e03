package io.jporch.server.rest.porch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.api.meta.KubeList;
import io.jporch.core.error.MethodNotAllowedException;
import io.jporch.core.error.ResourceRef;
import io.jporch.engine.CadEngine;
import io.jporch.server.rest.ApiCall;
import io.jporch.server.rest.ApiResult;
import io.jporch.server.rest.Bodies;
import io.jporch.server.rest.ObjectIdentity;
import io.jporch.server.rest.ResourceDescriptor;
import io.jporch.server.rest.ResourceHandler;
import io.jporch.server.rest.TableDefinition;
import io.jporch.server.rest.TryLocks;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST storage of {@code packagerevisionresources}: the files of a revision. Port of
 * pkg/registry/porch/packagerevisionresources.go. An update replaces the whole file map through the
 * engine (which renders) and answers with the re-read object plus the render status.
 */
public final class PackageRevisionResourcesStorage implements ResourceHandler {
  private static final Logger log = LoggerFactory.getLogger(PackageRevisionResourcesStorage.class);

  private final CadEngine engine;
  private final RevisionReader reader;
  private final TryLocks locks;

  public PackageRevisionResourcesStorage(CadEngine engine, RevisionReader reader, TryLocks locks) {
    this.engine = engine;
    this.reader = reader;
    this.locks = locks;
  }

  @Override
  public ResourceDescriptor descriptor() {
    return PorchResources.PACKAGE_REVISION_RESOURCES;
  }

  @Override
  public TableDefinition table() {
    return PorchTables.PACKAGE_REVISION_RESOURCES;
  }

  @Override
  public ApiResult list(ApiCall call) {
    List<PackageRevisionResources> items = new ArrayList<>();
    for (var revision : reader.list(call.context(), PackageRevisionStorage.query(call))) {
      try {
        items.add(ApiObjects.resourcesOf(revision));
      } catch (RuntimeException e) {
        log.warn(
            "Skipping package revision resources {}: {}",
            revision.key().objectName(),
            e.toString());
      }
    }
    return new ApiResult.Collection(
        KubeList.of(ApiGroups.PORCH_API_VERSION, "PackageRevisionResourcesList", items));
  }

  @Override
  public ApiResult watch(ApiCall call) {
    throw new MethodNotAllowedException(
        ResourceRef.packageRevisionResources(null),
        "watch is not supported on resources of kind \"packagerevisionresources.porch.kpt.dev\"");
  }

  @Override
  public ApiResult get(ApiCall call) {
    ResourceRef ref = ResourceRef.packageRevisionResources(call.name());
    var found = reader.get(call.context(), call.namespace(), call.name(), ref);
    return ApiResult.ok(ApiObjects.resourcesOf(found.revision()));
  }

  @Override
  public ApiResult update(ApiCall call, UnaryOperator<JsonNode> update) {
    String ns = call.namespace();
    String name = call.name();
    ResourceRef ref = ResourceRef.packageRevisionResources(name);
    try (var held =
        locks.tryLock(
            ns + "/" + name,
            () -> PackageRevisionStorage.busy(ref, "on package revision resources", ns, name))) {
      var found = reader.get(call.context(), ns, name, ref);
      PackageRevisionResources old = ApiObjects.resourcesOf(found.revision());
      ObjectNode body = PackageRevisionStorage.asObject(update.apply(Bodies.toTree(old)));
      ObjectIdentity.check(body, descriptor(), ns, name);
      PackageRevisionResources requested =
          Bodies.convert(body, PackageRevisionResources.class, ref);
      if (call.dryRun()) {
        var preview =
            engine.dryRunUpdateResources(
                call.context(), found.repository(), found.revision(), requested);
        return ApiResult.ok(
            new PackageRevisionResources(
                old.apiVersion(),
                old.kind(),
                old.metadata(),
                new PackageRevisionResources.Spec(
                    old.spec().packageName(),
                    old.spec().workspaceName(),
                    old.spec().revision(),
                    old.spec().repository(),
                    new TreeMap<>(preview.resources())),
                new PackageRevisionResources.Status(
                    preview.renderStatus() == null ? RenderStatus.EMPTY : preview.renderStatus())));
      }
      var result =
          engine.updatePackageResources(
              call.context(), found.repository(), found.revision(), requested);
      PackageRevisionResources updated = ApiObjects.resourcesOf(result.revision());
      if (result.renderStatus() != null) {
        updated =
            new PackageRevisionResources(
                updated.apiVersion(),
                updated.kind(),
                updated.metadata(),
                updated.spec(),
                new PackageRevisionResources.Status(result.renderStatus()));
      }
      log.info("Updated the resources of package revision {}/{}", ns, name);
      return ApiResult.ok(updated);
    }
  }
}
