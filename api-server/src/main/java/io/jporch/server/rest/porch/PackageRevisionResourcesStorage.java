package io.jporch.server.rest.porch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.api.meta.KubeList;
import io.jporch.core.error.MethodNotAllowedException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.engine.CadEngine;
import io.jporch.server.rest.ApiCall;
import io.jporch.server.rest.ApiResult;
import io.jporch.server.rest.Bodies;
import io.jporch.server.rest.ListOptions;
import io.jporch.server.rest.ListPager;
import io.jporch.server.rest.ObjectIdentity;
import io.jporch.server.rest.ResourceDescriptor;
import io.jporch.server.rest.ResourceHandler;
import io.jporch.server.rest.TableDefinition;
import io.jporch.server.rest.TryLocks;
import java.util.Optional;
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
  private final VersionedRevisions versions;
  private final ListPager pager;

  /** Shares the versioned view of {@code revisions}: both kinds carry the same resourceVersion. */
  public PackageRevisionResourcesStorage(
      CadEngine engine,
      RevisionReader reader,
      TryLocks locks,
      PackageRevisionStorage revisions,
      ListPager pager) {
    this.engine = engine;
    this.reader = reader;
    this.locks = locks;
    this.versions = revisions.versions();
    this.pager = pager;
  }

  @Override
  public ResourceDescriptor descriptor() {
    return PorchResources.PACKAGE_REVISION_RESOURCES;
  }

  @Override
  public TableDefinition table() {
    return PorchTables.PACKAGE_REVISION_RESOURCES;
  }

  /**
   * Lists resources; a paginated list keeps only the revisions and their versioned objects between
   * pages and reads each page's files when it is served (a revision's files never change).
   */
  @Override
  public ApiResult list(ApiCall call) {
    ListOptions options = ListOptions.parse(call.query(), false);
    var query = PackageRevisionStorage.query(call);
    ListPager.Page<PackageRevisionResources> page =
        pager.page(
            ListPager.scope(call, descriptor()),
            options,
            () -> {
              long version = versions.journal().version();
              options.requireListableAt(version);
              return new ListPager.Listing<>(
                  version,
                  versions.list(call.context(), query, PackageRevisionStorage.warnings(call)));
            },
            PackageRevisionResourcesStorage::resources);
    return new ApiResult.Collection(
        new KubeList<>(
            ApiGroups.PORCH_API_VERSION,
            "PackageRevisionResourcesList",
            page.meta(),
            page.items()));
  }

  private static Optional<PackageRevisionResources> resources(VersionedRevisions.Versioned v) {
    try {
      return Optional.of(ApiObjects.resourcesOf(v.revision(), v.object()));
    } catch (RuntimeException e) {
      log.warn(
          "Skipping package revision resources {}: {}",
          v.revision().key().objectName(),
          e.toString());
      return Optional.empty();
    }
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
    var found = versions.get(call.context(), call.namespace(), call.name(), ref);
    return ApiResult.ok(ApiObjects.resourcesOf(found.revision(), found.object()));
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
      VersionedRevisions.Versioned current =
          versions
              .versioned(call.context(), found.revision())
              .orElseThrow(() -> new NotFoundException(ref, ""));
      PackageRevisionResources old = ApiObjects.resourcesOf(current.revision(), current.object());
      ObjectNode body = PackageRevisionStorage.asObject(update.apply(Bodies.toTree(old)));
      ObjectIdentity.check(body, descriptor(), ns, name);
      PackageRevisionResources requested =
          Bodies.convert(body, PackageRevisionResources.class, ref);
      requested = toStorageVersion(requested, old, current.revision().resourceVersion(), ref);
      if (call.dryRun()) {
        var preview =
            engine.dryRunUpdateResources(
                call.context(), found.repository(), current.revision(), requested);
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
              call.context(), found.repository(), current.revision(), requested);
      VersionedRevisions.Versioned written =
          versions
              .versioned(call.context(), result.revision())
              .orElseThrow(() -> new NotFoundException(ref, ""));
      PackageRevisionResources updated =
          ApiObjects.resourcesOf(written.revision(), written.object());
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

  /** See {@link ApiObjects#toStorageVersion}: the same check for the resources kind. */
  private static PackageRevisionResources toStorageVersion(
      PackageRevisionResources requested,
      PackageRevisionResources current,
      String storage,
      ResourceRef ref) {
    String wanted = requested.metadata() == null ? null : requested.metadata().resourceVersion();
    if (wanted == null || wanted.isEmpty()) {
      return requested;
    }
    ApiObjects.requireCurrent(wanted, current.metadata().resourceVersion(), ref);
    return new PackageRevisionResources(
        requested.apiVersion(),
        requested.kind(),
        requested.metadata().withResourceVersion(storage),
        requested.spec(),
        requested.status());
  }
}
