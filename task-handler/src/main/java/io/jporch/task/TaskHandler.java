package io.jporch.task;

import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import java.util.Map;

/**
 * Produces package content for the engine: the creation task, the Kptfile patch of a
 * PackageRevision update, resource replacement, and render. Every method that writes does so with
 * one {@link PackageRevisionDraft#updateResources} call, or not at all. Port of Porch's {@code
 * pkg/task/taskhandler.go}.
 */
public interface TaskHandler {
  /**
   * Applies the object's single creation task to the new (empty) draft: builds the package, merges
   * {@code spec.packageMetadata} (add/overwrite) and {@code spec.readinessGates} into the Kptfile,
   * renders, and writes the result with the task. Nothing is written if any step fails.
   *
   * @throws io.jporch.core.error.PorchException if the task is invalid or not supported, or the
   *     render fails
   */
  void applyTask(
      RequestContext ctx,
      PackageRevisionDraft draft,
      io.jporch.core.api.config.Repository repository,
      io.jporch.core.api.PackageRevision object);

  /**
   * For a Draft ({@code oldObject.spec.lifecycle} Draft): patches the Kptfile from {@code
   * newObject} (package metadata, readiness gates and conditions, each only when non-null),
   * re-renders and writes the draft with a {@code render} task. Does nothing for other lifecycles.
   *
   * @throws io.jporch.core.error.InternalErrorException if the render fails (nothing written)
   */
  void doPRMutations(
      RequestContext ctx,
      PackageRevision current,
      io.jporch.core.api.PackageRevision oldObject,
      io.jporch.core.api.PackageRevision newObject,
      PackageRevisionDraft draft);

  /**
   * Replaces the whole package content with {@code newResources}, renders and writes the draft with
   * a {@code render} task.
   *
   * <p>If the render fails, nothing is written and an {@link
   * io.jporch.core.error.InternalErrorException} is thrown, unless {@code current} carries the
   * annotation {@code porch.kpt.dev/push-on-render-failure: "true"}: then the (unrendered) content
   * is written and the returned status has a non-empty {@code error}, so that the caller can push
   * the draft and report the failure.
   *
   * @return the render status, or null when the pipeline produced no results and no error
   */
  RenderStatus doPRResourceMutations(
      RequestContext ctx,
      PackageRevision current,
      PackageRevisionDraft draft,
      PackageRevisionResources newResources);

  /** Renders a package ({@code kpt fn render} semantics) without writing anything. */
  RenderResult render(Map<String, String> resources);
}
