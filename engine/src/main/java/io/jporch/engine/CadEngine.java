package io.jporch.engine;

import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionFilter;
import java.util.List;
import java.util.Map;

/**
 * The Configuration-as-Data engine: every change to a package goes through a draft (open → mutate →
 * close, or discard on failure). Port of Porch's {@code pkg/engine/engine.go} {@code CaDEngine}.
 *
 * <p>The REST layer has already validated the object (strategy) and resolved the Repository; the
 * engine enforces Porch's business rules and throws {@link io.jporch.core.error.PorchException}s.
 */
public interface CadEngine {
  /** Creates a Draft from the object's single task (default: init). Returns the new revision. */
  PackageRevision createPackageRevision(
      RequestContext ctx, Repository repository, io.jporch.core.api.PackageRevision object);

  /**
   * Updates lifecycle, package metadata, readiness gates, conditions and Kubernetes metadata.
   * {@code current} is the stored revision, {@code oldObject} its API object as read, {@code
   * newObject} the requested state (resourceVersion must match). Approval is this call with
   * lifecycle Published.
   */
  PackageRevision updatePackageRevision(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      io.jporch.core.api.PackageRevision oldObject,
      io.jporch.core.api.PackageRevision newObject);

  /** Replaces the files of a Draft and renders; returns the revision and the render status. */
  ResourcesUpdate updatePackageResources(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      PackageRevisionResources newResources);

  /** Deletes the revision (a Published one must be DeletionProposed first). */
  void deletePackageRevision(RequestContext ctx, Repository repository, PackageRevision revision);

  /** Revisions of one repository that match the filter. */
  List<PackageRevision> listPackageRevisions(
      RequestContext ctx, Repository repository, PackageRevisionFilter filter);

  // ------------------------------------------------------------------ dry runs

  /**
   * A server-side dry run of {@link #createPackageRevision}: every check of the real create, then
   * the task (and render) run in a draft that is discarded, never closed, so no Git ref, metadata
   * or change event appears. Returns the object the create would answer with (without
   * resourceVersion and selfLock: nothing was committed).
   */
  io.jporch.core.api.PackageRevision dryRunCreate(
      RequestContext ctx, Repository repository, io.jporch.core.api.PackageRevision object);

  /**
   * A dry run of {@link #updatePackageRevision}: the same checks, and for a Draft the Kptfile
   * mutations and render in a discarded draft. Returns the object the update would answer with
   * (publishing shows the revision number it would get).
   */
  io.jporch.core.api.PackageRevision dryRunUpdate(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      io.jporch.core.api.PackageRevision oldObject,
      io.jporch.core.api.PackageRevision newObject);

  /** A dry run of {@link #updatePackageResources}: render in a discarded draft. */
  ResourcesPreview dryRunUpdateResources(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      PackageRevisionResources newResources);

  /**
   * A dry run of {@link #deletePackageRevision}: the checks only. Returns true if the delete would
   * only mark the revision as terminating (it has finalizers).
   */
  boolean dryRunDelete(RequestContext ctx, Repository repository, PackageRevision revision);

  /** Files and render status a resources update would produce. */
  record ResourcesPreview(Map<String, String> resources, RenderStatus renderStatus) {}

  /**
   * Result of {@link #updatePackageResources}. {@code renderStatus} is null when the pipeline
   * produced neither results nor an error (Porch then omits {@code status.renderStatus}).
   */
  record ResourcesUpdate(PackageRevision revision, RenderStatus renderStatus) {}
}
