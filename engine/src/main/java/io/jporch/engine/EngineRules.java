package io.jporch.engine;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.ForbiddenException;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageRevision;
import java.util.List;
import java.util.Objects;

/**
 * The engine's checks of updates and deletes, shared by the real calls and their dry runs: the
 * optimistic lock, lifecycle transitions, Draft-only resource updates and the published-delete
 * guard. Port of the corresponding checks in Porch's {@code pkg/engine/engine.go}.
 */
final class EngineRules {
  private EngineRules() {}

  /** The optimistic-lock checks of an update. */
  static void checkUpdate(
      Repository repository,
      PackageRevision current,
      io.jporch.core.api.PackageRevision oldObject,
      io.jporch.core.api.PackageRevision newObject) {
    DefaultCadEngine.requireRepository(repository);
    Objects.requireNonNull(current, "current");
    String name = current.key().objectName();
    String newRv =
        newObject == null || newObject.metadata() == null
            ? null
            : newObject.metadata().resourceVersion();
    if (newRv == null || newRv.isEmpty()) {
      throw new InternalErrorException(
          ResourceRef.packageRevision(name), DefaultCadEngine.RV_REQUIRED);
    }
    String oldRv =
        oldObject != null && oldObject.metadata() != null
            ? oldObject.metadata().resourceVersion()
            : current.resourceVersion();
    if (!newRv.equals(oldRv)) {
      throw new ConflictException(
          ResourceRef.packageRevision(name), DefaultCadEngine.OPTIMISTIC_LOCK_MESSAGE);
    }
  }

  /** True when the update removes the last finalizer of a terminating revision. */
  static boolean completesDeletion(
      ObjectMeta stored, io.jporch.core.api.PackageRevision newObject) {
    return stored != null
        && stored.deletionTimestamp() != null
        && DefaultCadEngine.isEmpty(newObject.metadata().finalizers());
  }

  static Lifecycle oldLifecycle(
      PackageRevision current, io.jporch.core.api.PackageRevision oldObject) {
    return oldObject != null && oldObject.spec() != null && oldObject.spec().lifecycle() != null
        ? oldObject.spec().lifecycle()
        : current.lifecycle();
  }

  static Lifecycle newLifecycle(io.jporch.core.api.PackageRevision newObject) {
    return newObject.spec() == null || newObject.spec().lifecycle() == null
        ? Lifecycle.DRAFT
        : newObject.spec().lifecycle();
  }

  /** A Draft or Proposed revision cannot go to DeletionProposed. */
  static void checkUnpublishedTarget(String name, Lifecycle newLifecycle) {
    if (newLifecycle == Lifecycle.DELETION_PROPOSED) {
      throw new InvalidException(
          ResourceRef.packageRevision(name),
          List.of(
              FieldError.invalid(
                  "spec.lifecycle",
                  newLifecycle.value(),
                  "value can be only updated to Draft,Proposed,Published")));
    }
  }

  /** A Published revision can only switch to DeletionProposed and back. */
  static void checkPublishedTarget(
      PackageRevision current, Lifecycle oldLifecycle, Lifecycle newLifecycle) {
    if (newLifecycle == oldLifecycle || newLifecycle.isPublished()) {
      return;
    }
    Lifecycle other =
        oldLifecycle == Lifecycle.PUBLISHED ? Lifecycle.DELETION_PROPOSED : Lifecycle.PUBLISHED;
    throw new InvalidException(
        ResourceRef.packageRevision(current.key().objectName()),
        List.of(
            FieldError.invalid(
                "spec.lifecycle",
                newLifecycle.value(),
                "package with "
                    + oldLifecycle.value()
                    + " lifecycle value can only be updated to '"
                    + other.value()
                    + "'")));
  }

  /** The checks of a resources update: resourceVersion and Draft lifecycle. */
  static void checkResourcesUpdate(
      Repository repository, PackageRevision current, PackageRevisionResources newResources) {
    DefaultCadEngine.requireRepository(repository);
    Objects.requireNonNull(current, "current");
    ResourceRef ref = ResourceRef.packageRevisionResources(current.key().objectName());
    String newRv =
        newResources == null || newResources.metadata() == null
            ? null
            : newResources.metadata().resourceVersion();
    if (newRv == null || newRv.isEmpty()) {
      throw new InternalErrorException(ref, DefaultCadEngine.RV_REQUIRED);
    }
    if (!newRv.equals(current.resourceVersion())) {
      throw new ConflictException(ref, DefaultCadEngine.OPTIMISTIC_LOCK_MESSAGE);
    }
    if (current.lifecycle() != Lifecycle.DRAFT) {
      throw new ForbiddenException(
          ref,
          "cannot update a package revision with lifecycle value \""
              + current.lifecycle().value()
              + "\"; package must be Draft");
    }
  }

  /** A Published revision must be proposed for deletion first. */
  static void checkDelete(Repository repository, PackageRevision revision) {
    DefaultCadEngine.requireRepository(repository);
    Objects.requireNonNull(revision, "revision");
    if (revision.lifecycle() == Lifecycle.PUBLISHED) {
      throw new ForbiddenException(
          ResourceRef.packageRevision(revision.key().objectName()),
          DefaultCadEngine.DELETE_PUBLISHED_MESSAGE);
    }
  }
}
