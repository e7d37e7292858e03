package io.jporch.engine;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.PackageRevisionSpec;
import io.jporch.core.api.RenderFailures;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.api.Task;
import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.PackageCache;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.ForbiddenException;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.PorchException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.util.Names;
import io.jporch.core.util.Timestamps;
import io.jporch.engine.internal.CreationRules;
import io.jporch.task.TaskHandler;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CaD engine: creates, updates and deletes package revisions through drafts of the cached
 * repositories, applying Porch's business rules. Port of Porch's {@code pkg/engine/engine.go}.
 *
 * <p>Every change goes draft → task → close: a draft whose task or render fails is never closed, so
 * nothing is left behind; if storing the request's metadata fails after a create was closed, the
 * new revision is deleted again. Change notifications come from the cache. Differences from Porch:
 * the workspace and path checks compare full package paths (Porch compares the last segment only),
 * a stale resourceVersion is a {@link ConflictException} (409, Porch: 500), and resource updates of
 * a non-Draft revision are a {@link ForbiddenException}.
 */
public final class DefaultCadEngine implements CadEngine {
  private static final Logger log = LoggerFactory.getLogger(DefaultCadEngine.class);

  /** Kubernetes' optimistic-lock message. */
  public static final String OPTIMISTIC_LOCK_MESSAGE =
      "the object has been modified; please apply your changes to the latest version and try again";

  /** Porch's refusal to delete a Published revision. */
  public static final String DELETE_PUBLISHED_MESSAGE =
      "published PackageRevisions must be proposed for deletion by setting spec.lifecycle to"
          + " 'DeletionProposed' prior to deletion";

  static final String RV_REQUIRED = "resourceVersion must be specified for an update";

  private final PackageCache cache;
  private final TaskHandler taskHandler;
  private final DryRuns dryRuns;

  public DefaultCadEngine(PackageCache cache, TaskHandler taskHandler) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.taskHandler = Objects.requireNonNull(taskHandler, "taskHandler");
    this.dryRuns = new DryRuns(this, cache, taskHandler);
  }

  // ---------------------------------------------------------------------- create

  /** What a create will do, once every check passed. */
  record CreatePlan(
      io.jporch.core.repository.Repository repo,
      PackageRevisionKey key,
      Task task,
      Lifecycle lifecycle,
      io.jporch.core.api.PackageRevision request) {}

  @Override
  public PackageRevision createPackageRevision(
      RequestContext ctx, Repository repository, io.jporch.core.api.PackageRevision object) {
    CreatePlan plan = planCreate(ctx, repository, object);
    io.jporch.core.repository.Repository repo = plan.repo();
    PackageRevisionKey key = plan.key();
    PackageRevisionDraft draft = repo.createPackageRevisionDraft(ctx, key);
    // A failure here leaves the draft unclosed: nothing was stored.
    taskHandler.applyTask(ctx, draft, repository, plan.request());
    draft.updateLifecycle(plan.lifecycle());
    PackageRevision created = close(ctx, repo, draft);
    try {
      created.setMetadata(ctx, requestedMetadata(created, object.metadata(), null));
    } catch (RuntimeException e) {
      rollback(ctx, repo, created);
      throw e;
    }
    log.info("Created package revision {}", key.objectName());
    return created;
  }

  /** Every check of a create (01-api §7.1), up to the key of the new revision. */
  CreatePlan planCreate(
      RequestContext ctx, Repository repository, io.jporch.core.api.PackageRevision object) {
    requireRepository(repository);
    if (object == null || object.spec() == null) {
      throw new InternalErrorException(null, "spec is required to create a package revision");
    }
    PackageRevisionSpec spec = object.spec();
    List<Task> tasks = spec.tasks() == null ? List.of() : spec.tasks();
    if (tasks.size() > 1) {
      throw internal("task list must not contain more than one task");
    }
    String packageName = Objects.requireNonNullElse(spec.packageName(), "");
    Task task =
        tasks.isEmpty() || tasks.getFirst() == null
            ? Task.init(new Task.InitTaskSpec("", packageName + " description", null, null))
            : tasks.getFirst();
    Lifecycle lifecycle = spec.lifecycle() == null ? Lifecycle.DRAFT : spec.lifecycle();
    if (lifecycle.isPublished()) {
      throw internal("cannot create a package revision with lifecycle value 'Final'");
    }

    io.jporch.core.repository.Repository repo = cache.openRepository(ctx, repository);
    String path = Names.trimSlashes(packageName);
    String workspace = Objects.requireNonNullElse(spec.workspaceName(), "");
    List<String> problems = Names.validatePackageRevisionParts(repository.name(), path, workspace);
    if (!problems.isEmpty()) {
      throw internal(
          "failed to create packagerevision: package revision kubernetes resource name invalid:\n"
              + String.join("\n", problems));
    }
    List<PackageRevision> existing =
        repo.listPackageRevisions(
            ctx,
            new PackageRevisionFilter(repository.name(), null, null, null, 0, null, null, null));
    new CreationRules(repository.name(), packageName, path, workspace, task).check(existing);

    PackageRevisionKey key = new PackageRevisionKey(new PackageKey(repo.key(), path), 0, workspace);
    var request = object.withSpec(spec.withTasks(List.of(task)).withLifecycle(lifecycle));
    return new CreatePlan(repo, key, task, lifecycle, request);
  }

  private static PackageRevision close(
      RequestContext ctx, io.jporch.core.repository.Repository repo, PackageRevisionDraft draft) {
    try {
      return repo.closePackageRevisionDraft(ctx, draft, 0);
    } catch (PorchException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InternalErrorException(
          ResourceRef.packageRevision(draft.key().objectName()),
          "failed to close package revision draft: " + e.getMessage(),
          e);
    }
  }

  private static void rollback(
      RequestContext ctx, io.jporch.core.repository.Repository repo, PackageRevision created) {
    try {
      repo.deletePackageRevision(ctx, created);
    } catch (RuntimeException e) {
      log.warn("Cannot roll back the creation of {}", created.key().objectName(), e);
    }
  }

  // ---------------------------------------------------------------------- update

  @Override
  public PackageRevision updatePackageRevision(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      io.jporch.core.api.PackageRevision oldObject,
      io.jporch.core.api.PackageRevision newObject) {
    EngineRules.checkUpdate(repository, current, oldObject, newObject);
    String name = current.key().objectName();
    io.jporch.core.repository.Repository repo = cache.openRepository(ctx, repository);
    ObjectMeta stored = current.metadata();
    if (EngineRules.completesDeletion(stored, newObject)) {
      // The last finalizer is gone: complete the deferred delete.
      repo.deletePackageRevision(ctx, current);
      log.info("Deleted package revision {} (finalizers removed)", name);
      return current;
    }
    Lifecycle oldLifecycle = EngineRules.oldLifecycle(current, oldObject);
    Lifecycle newLifecycle = EngineRules.newLifecycle(newObject);
    if (oldLifecycle.isPublished()) {
      return updatePublished(ctx, repo, current, oldLifecycle, newLifecycle, newObject, stored);
    }
    EngineRules.checkUnpublishedTarget(name, newLifecycle);
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(ctx, current);
    // Render failures abandon the draft: nothing is pushed.
    taskHandler.doPRMutations(ctx, current, oldObject, newObject, draft);
    draft.updateLifecycle(newLifecycle);
    PackageRevision updated = repo.closePackageRevisionDraft(ctx, draft, 0);
    updated.setMetadata(ctx, requestedMetadata(updated, newObject.metadata(), stored));
    if (newLifecycle != oldLifecycle) {
      log.info("Package revision {}: {} -> {}", name, oldLifecycle, newLifecycle);
    }
    return updated;
  }

  private PackageRevision updatePublished(
      RequestContext ctx,
      io.jporch.core.repository.Repository repo,
      PackageRevision current,
      Lifecycle oldLifecycle,
      Lifecycle newLifecycle,
      io.jporch.core.api.PackageRevision newObject,
      ObjectMeta stored) {
    PackageRevision updated = current;
    EngineRules.checkPublishedTarget(current, oldLifecycle, newLifecycle);
    if (newLifecycle != oldLifecycle) {
      updated = repo.updateLifecycle(ctx, current, newLifecycle);
      log.info(
          "Package revision {}: {} -> {}", current.key().objectName(), oldLifecycle, newLifecycle);
    }
    updated.setMetadata(ctx, requestedMetadata(updated, newObject.metadata(), stored));
    return updated;
  }

  /**
   * The metadata to store: labels, annotations, finalizers and owner references from the request;
   * the timestamps stay the server's.
   */
  private static ObjectMeta requestedMetadata(
      PackageRevision revision, ObjectMeta requested, ObjectMeta stored) {
    ObjectMeta r = requested == null ? ObjectMeta.named(null, null) : requested;
    return ObjectMeta.named(revision.key().repository().namespace(), revision.key().objectName())
        .withLabels(r.labels())
        .withAnnotations(r.annotations())
        .withFinalizers(r.finalizers())
        .withOwnerReferences(r.ownerReferences())
        .withManagedFields(r.managedFields())
        .withCreationTimestamp(stored == null ? null : stored.creationTimestamp())
        .withDeletionTimestamp(stored == null ? null : stored.deletionTimestamp());
  }

  // ---------------------------------------------------------------------- resources

  @Override
  public ResourcesUpdate updatePackageResources(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      PackageRevisionResources newResources) {
    EngineRules.checkResourcesUpdate(repository, current, newResources);
    ResourceRef ref = ResourceRef.packageRevisionResources(current.key().objectName());
    io.jporch.core.repository.Repository repo = cache.openRepository(ctx, repository);
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(ctx, current);
    RenderStatus status = taskHandler.doPRResourceMutations(ctx, current, draft, newResources);
    String renderError = status == null ? null : status.error();
    boolean renderFailed = renderError != null && !renderError.isEmpty();
    PackageRevision updated;
    try {
      updated = repo.closePackageRevisionDraft(ctx, draft, 0);
    } catch (RuntimeException e) {
      if (renderFailed) {
        throw new InternalErrorException(
            ref,
            "failed to push package to remote: "
                + e.getMessage()
                + "; render error: "
                + renderError,
            e);
      }
      throw e;
    }
    if (renderFailed) {
      String message =
          "error rendering package in kpt function pipeline. Package pushed to remote despite"
              + " render failure. Details: "
              + renderError;
      throw new InternalErrorException(ref, message, RenderFailures.causes(message, status));
    }
    return new ResourcesUpdate(updated, status);
  }

  // ---------------------------------------------------------------------- delete, list

  @Override
  public void deletePackageRevision(
      RequestContext ctx, Repository repository, PackageRevision revision) {
    EngineRules.checkDelete(repository, revision);
    String name = revision.key().objectName();
    io.jporch.core.repository.Repository repo = cache.openRepository(ctx, repository);
    ObjectMeta meta = revision.metadata();
    if (meta != null && !isEmpty(meta.finalizers())) {
      if (meta.deletionTimestamp() == null) {
        revision.setMetadata(ctx, meta.withDeletionTimestamp(Timestamps.now()));
        log.info(
            "Package revision {} is terminating: it has finalizers {}", name, meta.finalizers());
      }
      return;
    }
    repo.deletePackageRevision(ctx, revision);
    log.info("Deleted package revision {}", name);
  }

  // ---------------------------------------------------------------------- dry runs

  @Override
  public io.jporch.core.api.PackageRevision dryRunCreate(
      RequestContext ctx, Repository repository, io.jporch.core.api.PackageRevision object) {
    return dryRuns.create(ctx, repository, object);
  }

  @Override
  public io.jporch.core.api.PackageRevision dryRunUpdate(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      io.jporch.core.api.PackageRevision oldObject,
      io.jporch.core.api.PackageRevision newObject) {
    return dryRuns.update(ctx, repository, current, oldObject, newObject);
  }

  @Override
  public ResourcesPreview dryRunUpdateResources(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      PackageRevisionResources newResources) {
    return dryRuns.updateResources(ctx, repository, current, newResources);
  }

  @Override
  public boolean dryRunDelete(RequestContext ctx, Repository repository, PackageRevision revision) {
    EngineRules.checkDelete(repository, revision);
    ObjectMeta meta = revision.metadata();
    return meta != null && !isEmpty(meta.finalizers());
  }

  @Override
  public List<PackageRevision> listPackageRevisions(
      RequestContext ctx, Repository repository, PackageRevisionFilter filter) {
    requireRepository(repository);
    return cache
        .openRepository(ctx, repository)
        .listPackageRevisions(ctx, filter == null ? PackageRevisionFilter.ALL : filter);
  }

  // ---------------------------------------------------------------------- helpers

  static void requireRepository(Repository repository) {
    if (repository == null || repository.metadata() == null || repository.name() == null) {
      throw new InternalErrorException(null, "the Repository object is required");
    }
  }

  private static InternalErrorException internal(String message) {
    return new InternalErrorException(null, message);
  }

  static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }
}
