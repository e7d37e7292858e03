package io.jporch.server.support;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.api.Task;
import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.PackageCache;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.util.Uids;
import io.jporch.engine.CadEngine;
import java.util.List;
import java.util.Map;

/**
 * A small in-process {@link CadEngine} for API-layer tests: drives drafts on the package cache the
 * way the engine does (init creates a Kptfile, updates switch lifecycles, resources replace files,
 * resourceVersion is checked) without tasks, rendering or function runtimes.
 */
public final class SimpleEngine implements CadEngine {
  private final PackageCache cache;

  public SimpleEngine(PackageCache cache) {
    this.cache = cache;
  }

  @Override
  public PackageRevision createPackageRevision(
      RequestContext ctx, Repository repository, io.jporch.core.api.PackageRevision object) {
    var repo = cache.openRepository(ctx, repository);
    var spec = object.spec();
    PackageRevisionKey key =
        new PackageRevisionKey(
            new PackageKey(repo.key(), spec.packageName()), 0, spec.workspaceName());
    boolean exists =
        repo
            .listPackageRevisions(ctx, PackageRevisionFilter.forPackagePath(spec.packageName()))
            .stream()
            .anyMatch(r -> r.key().workspace().equals(spec.workspaceName()));
    if (exists) {
      throw new InternalErrorException(
          ResourceRef.packageRevision(key.objectName()),
          "package revision workspaceNames must be unique; package revision with name "
              + spec.packageName()
              + " in repo "
              + repository.name()
              + " with workspaceName "
              + spec.workspaceName()
              + " already exists");
    }
    PackageRevisionDraft draft = repo.createPackageRevisionDraft(ctx, key);
    Task task =
        spec.tasks() == null || spec.tasks().isEmpty() ? Task.init(null) : spec.tasks().get(0);
    draft.updateResources(ctx, Map.of("Kptfile", kptfile(key.packageKey().name())), task);
    draft.updateLifecycle(Lifecycle.DRAFT);
    PackageRevision created = repo.closePackageRevisionDraft(ctx, draft, 0);
    if (object.metadata() != null) {
      created.setMetadata(ctx, userMetadata(object.metadata()));
    }
    return created;
  }

  @Override
  public PackageRevision updatePackageRevision(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      io.jporch.core.api.PackageRevision oldObject,
      io.jporch.core.api.PackageRevision newObject) {
    checkVersion(oldObject.metadata(), newObject.metadata(), oldObject.metadata().name());
    var repo = cache.openRepository(ctx, repository);
    Lifecycle target = newObject.spec().lifecycle();
    PackageRevision result = current;
    if (current.lifecycle().isPublished()) {
      if (target != current.lifecycle()) {
        result = repo.updateLifecycle(ctx, current, target);
      }
    } else if (target != current.lifecycle()) {
      PackageRevisionDraft draft = repo.openPackageRevisionDraft(ctx, current);
      draft.updateLifecycle(target);
      result = repo.closePackageRevisionDraft(ctx, draft, 0);
    }
    result.setMetadata(ctx, userMetadata(newObject.metadata()));
    return result;
  }

  @Override
  public ResourcesUpdate updatePackageResources(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      PackageRevisionResources newResources) {
    checkVersion(
        ObjectMeta.named(null, null).withResourceVersion(current.resourceVersion()),
        newResources.metadata(),
        current.key().objectName());
    if (current.lifecycle() != Lifecycle.DRAFT) {
      throw new InternalErrorException(
          ResourceRef.packageRevisionResources(current.key().objectName()),
          "cannot update a package revision with lifecycle value \""
              + current.lifecycle()
              + "\"; package must be Draft");
    }
    var repo = cache.openRepository(ctx, repository);
    PackageRevisionDraft draft = repo.openPackageRevisionDraft(ctx, current);
    draft.updateResources(ctx, newResources.spec().resources(), Task.render());
    PackageRevision updated = repo.closePackageRevisionDraft(ctx, draft, 0);
    return new ResourcesUpdate(updated, RenderStatus.EMPTY);
  }

  @Override
  public void deletePackageRevision(
      RequestContext ctx, Repository repository, PackageRevision revision) {
    cache.openRepository(ctx, repository).deletePackageRevision(ctx, revision);
  }

  @Override
  public List<PackageRevision> listPackageRevisions(
      RequestContext ctx, Repository repository, PackageRevisionFilter filter) {
    return cache.openRepository(ctx, repository).listPackageRevisions(ctx, filter);
  }

  @Override
  public io.jporch.core.api.PackageRevision dryRunCreate(
      RequestContext ctx, Repository repository, io.jporch.core.api.PackageRevision object) {
    var repo = cache.openRepository(ctx, repository);
    var spec = object.spec();
    PackageRevisionKey key =
        new PackageRevisionKey(
            new PackageKey(repo.key(), spec.packageName()), 0, spec.workspaceName());
    ObjectMeta meta =
        userMetadata(object.metadata())
            .withName(key.objectName())
            .withNamespace(repository.namespace())
            .withUid(Uids.packageRevision(repository.namespace(), key.objectName()));
    return io.jporch.core.api.PackageRevision.of(meta, spec.withLifecycle(Lifecycle.DRAFT), null);
  }

  @Override
  public io.jporch.core.api.PackageRevision dryRunUpdate(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      io.jporch.core.api.PackageRevision oldObject,
      io.jporch.core.api.PackageRevision newObject) {
    checkVersion(oldObject.metadata(), newObject.metadata(), oldObject.metadata().name());
    ObjectMeta requested = newObject.metadata();
    ObjectMeta meta =
        oldObject
            .metadata()
            .withLabels(requested.labels())
            .withAnnotations(requested.annotations())
            .withFinalizers(requested.finalizers())
            .withOwnerReferences(requested.ownerReferences())
            .withManagedFields(requested.managedFields());
    return oldObject
        .withMetadata(meta)
        .withSpec(oldObject.spec().withLifecycle(newObject.spec().lifecycle()));
  }

  @Override
  public ResourcesPreview dryRunUpdateResources(
      RequestContext ctx,
      Repository repository,
      PackageRevision current,
      PackageRevisionResources newResources) {
    checkVersion(
        ObjectMeta.named(null, null).withResourceVersion(current.resourceVersion()),
        newResources.metadata(),
        current.key().objectName());
    return new ResourcesPreview(newResources.spec().resources(), RenderStatus.EMPTY);
  }

  @Override
  public boolean dryRunDelete(RequestContext ctx, Repository repository, PackageRevision revision) {
    return revision.metadata() != null
        && revision.metadata().finalizers() != null
        && !revision.metadata().finalizers().isEmpty();
  }

  private static void checkVersion(ObjectMeta current, ObjectMeta requested, String name) {
    String wanted = requested == null ? null : requested.resourceVersion();
    if (wanted == null || wanted.isEmpty()) {
      throw new InternalErrorException(
          ResourceRef.packageRevision(name), "resourceVersion must be specified for an update");
    }
    if (!wanted.equals(current.resourceVersion())) {
      throw new ConflictException(
          ResourceRef.packageRevision(name),
          "the object has been modified; please apply your changes to the latest version and try again");
    }
  }

  private static ObjectMeta userMetadata(ObjectMeta meta) {
    return new ObjectMeta(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        meta.labels(),
        meta.annotations(),
        meta.finalizers(),
        meta.ownerReferences(),
        meta.managedFields());
  }

  private static String kptfile(String name) {
    return """
        apiVersion: kpt.dev/v1
        kind: Kptfile
        metadata:
          name: %s
          annotations:
            config.kubernetes.io/local-config: "true"
        info:
          description: %s description
        """
        .formatted(name, name);
  }
}
