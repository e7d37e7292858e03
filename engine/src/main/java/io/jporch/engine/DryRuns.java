package io.jporch.engine;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.api.config.Repository;
import io.jporch.core.cache.PackageCache;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.engine.internal.Previews;
import io.jporch.task.TaskHandler;
import java.util.List;

/**
 * Server-side dry runs of the engine's writes: the same checks, and the same task, Kptfile
 * mutations and render in a draft that is discarded instead of closed, so nothing reaches Git, the
 * metadata store or the watchers. Porch executes dry runs for real; jporch honours them.
 */
final class DryRuns {
  private final DefaultCadEngine engine;
  private final PackageCache cache;
  private final TaskHandler taskHandler;

  DryRuns(DefaultCadEngine engine, PackageCache cache, TaskHandler taskHandler) {
    this.engine = engine;
    this.cache = cache;
    this.taskHandler = taskHandler;
  }

  io.jporch.core.api.PackageRevision create(
      RequestContext ctx, Repository repository, io.jporch.core.api.PackageRevision object) {
    DefaultCadEngine.CreatePlan plan = engine.planCreate(ctx, repository, object);
    PackageRevisionDraft draft = plan.repo().createPackageRevisionDraft(ctx, plan.key());
    taskHandler.applyTask(ctx, draft, repository, plan.request());
    return Previews.created(
        plan.key(), plan.lifecycle(), List.of(plan.task()), draft.resources(), object.metadata());
  }

  io.jporch.core.api.PackageRevision update(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      io.jporch.core.api.PackageRevision oldObject,
      io.jporch.core.api.PackageRevision newObject) {
    EngineRules.checkUpdate(repository, current, oldObject, newObject);
    io.jporch.core.repository.Repository repo = cache.openRepository(ctx, repository);
    io.jporch.core.api.PackageRevision object = current.toApiObject();
    if (EngineRules.completesDeletion(current.metadata(), newObject)) {
      return object;
    }
    Lifecycle oldLifecycle = EngineRules.oldLifecycle(current, oldObject);
    Lifecycle newLifecycle = EngineRules.newLifecycle(newObject);
    if (oldLifecycle.isPublished()) {
      EngineRules.checkPublishedTarget(current, oldLifecycle, newLifecycle);
      return Previews.updated(object, newObject.metadata(), newLifecycle, null);
    }
    EngineRules.checkUnpublishedTarget(current.key().objectName(), newLifecycle);
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(ctx, current);
    taskHandler.doPRMutations(ctx, current, oldObject, newObject, draft);
    var updated = Previews.updated(object, newObject.metadata(), newLifecycle, draft.resources());
    if (newLifecycle == Lifecycle.PUBLISHED) {
      String publisher =
          ctx.user() != null && ctx.user().isAuthenticated() ? ctx.user().name() : null;
      updated = Previews.published(updated, nextRevision(ctx, repo, current), publisher);
    }
    return updated;
  }

  CadEngine.ResourcesPreview updateResources(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      PackageRevisionResources newResources) {
    EngineRules.checkResourcesUpdate(repository, current, newResources);
    io.jporch.core.repository.Repository repo = cache.openRepository(ctx, repository);
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(ctx, current);
    RenderStatus status = taskHandler.doPRResourceMutations(ctx, current, draft, newResources);
    String renderError = status == null ? null : status.error();
    if (renderError != null && !renderError.isEmpty()) {
      throw new InternalErrorException(
          ResourceRef.packageRevisionResources(current.key().objectName()),
          "error rendering package in kpt function pipeline (dry run: nothing was pushed)."
              + " Details: "
              + renderError);
    }
    return new CadEngine.ResourcesPreview(draft.resources(), status);
  }

  /**
   * What publishing would assign: 1 + the highest revision number the package has or ever had (see
   * {@link io.jporch.core.repository.Repository#highestRevisionEverPublished}).
   */
  private static int nextRevision(
      RequestContext ctx, io.jporch.core.repository.Repository repo, PackageRevision current) {
    String path = current.key().packageKey().path();
    int highest = 0;
    for (PackageRevision r :
        repo.listPackageRevisions(ctx, PackageRevisionFilter.forPackagePath(path))) {
      if (r.key().packageKey().path().equals(path) && r.lifecycle().isPublished()) {
        highest = Math.max(highest, r.key().revision());
      }
    }
    return Math.max(highest, repo.highestRevisionEverPublished(ctx, current.key().packageKey()))
        + 1;
  }
}
