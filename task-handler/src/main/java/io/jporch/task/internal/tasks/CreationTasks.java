package io.jporch.task.internal.tasks;

import io.jporch.core.api.PackageRevisionStatus;
import io.jporch.core.api.Task;
import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.PorchException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.util.Names;
import io.jporch.task.GitPackageFetcher;
import io.jporch.task.RevisionResolver;
import io.jporch.task.internal.update.PackageUpdater;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The creation tasks that start from other content: {@code clone} (from a registered revision or a
 * Git location), {@code edit} (copy of a published revision of the same package) and {@code
 * upgrade} (three-way update onto a new upstream). Each returns the new package's files; the caller
 * merges package metadata, renders and writes. Port of Porch's {@code pkg/task/clone.go}, {@code
 * edit.go} and {@code upgrade.go}; errors carry Porch's messages.
 */
public final class CreationTasks {
  private final RevisionResolver revisions;
  private final GitPackageFetcher git;

  public CreationTasks(RevisionResolver revisions, GitPackageFetcher git) {
    this.revisions = Objects.requireNonNull(revisions, "revisions");
    this.git = Objects.requireNonNull(git, "git");
  }

  // ------------------------------------------------------------------ clone

  /** Files of a clone of {@code spec}'s upstream into {@code target}. */
  public Map<String, String> clone(
      RequestContext ctx,
      Repository target,
      io.jporch.core.api.PackageRevision object,
      Task.CloneTaskSpec spec) {
    ResourceRef ref = ref(object);
    String namespace = namespace(object);
    String packageName = Objects.requireNonNullElse(object.spec().packageName(), "");
    Task.UpstreamPackage upstream = spec.upstreamRef();
    Map<String, String> files;
    if (upstream != null && upstream.upstreamRef() != null) {
      files = cloneRegistered(ctx, ref, namespace, packageName, upstream.upstreamRef());
    } else if (upstream != null && upstream.git() != null) {
      files = cloneGit(ctx, ref, namespace, packageName, upstream.git());
    } else if (upstream != null && upstream.oci() != null) {
      throw new InternalErrorException(ref, "clone from OCI is not implemented");
    } else {
      throw new InternalErrorException(
          ref, "invalid clone source (neither of git, oci, nor upstream were specified)");
    }
    if (target != null && target.spec() != null && target.spec().deployment()) {
      try {
        files = PackageContext.generate(files, packageName);
      } catch (IllegalArgumentException e) {
        throw new InternalErrorException(ref, e.getMessage(), e);
      }
    }
    return MergeKeys.ensure(files);
  }

  private Map<String, String> cloneRegistered(
      RequestContext ctx,
      ResourceRef ref,
      String namespace,
      String packageName,
      Task.PackageRevisionRef upstreamRef) {
    String name = upstreamRef.name();
    if (name == null || name.isEmpty()) {
      throw new InternalErrorException(ref, "upstreamRef.name is required");
    }
    RevisionResolver.Resolved upstream =
        fetch(ctx, ref, namespace, name, "failed to fetch package revision \"" + name + "\": ");
    PackageRevision revision = upstream.revision();
    if (revision.key().isPlaceholder()) {
      throw new InternalErrorException(
          ref,
          "upstream revision may not be the placeholder package revision "
              + revision.key().repository().name()
              + "/"
              + revision.key().objectName());
    }
    Map<String, String> files = new LinkedHashMap<>(revision.resources());
    PackageRevisionStatus.GitLock lock = lockOf(ref, revision, name);
    try {
      UpstreamKptfile.update(files, packageName, lock);
    } catch (IllegalArgumentException e) {
      throw new InternalErrorException(
          ref, "failed to apply upstream lock to package \"" + name + "\": " + message(e, name), e);
    }
    return files;
  }

  private Map<String, String> cloneGit(
      RequestContext ctx,
      ResourceRef ref,
      String namespace,
      String packageName,
      Task.GitPackage source) {
    GitPackageFetcher.Fetched fetched;
    try {
      fetched = git.fetch(ctx, namespace, source);
    } catch (PorchException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InternalErrorException(ref, "cannot clone Git repository: " + e.getMessage(), e);
    }
    Map<String, String> files = new LinkedHashMap<>(fetched.resources());
    try {
      UpstreamKptfile.update(files, packageName, fetched.lock());
    } catch (IllegalArgumentException e) {
      throw new InternalErrorException(
          ref,
          "failed to clone package "
              + source.directory()
              + "@"
              + source.ref()
              + ": "
              + message(e, source.directory()),
          e);
    }
    return files;
  }

  // ------------------------------------------------------------------ edit

  /** Files of a new revision copied from {@code spec.sourceRef}. */
  public Map<String, String> edit(
      RequestContext ctx,
      Repository target,
      io.jporch.core.api.PackageRevision object,
      Task.EditTaskSpec spec) {
    ResourceRef ref = ref(object);
    String name =
        spec.sourceRef() == null ? "" : Objects.requireNonNullElse(spec.sourceRef().name(), "");
    String repository = target == null ? "" : target.name();
    String packageName =
        Names.trimSlashes(Objects.requireNonNullElse(object.spec().packageName(), ""));
    PackageRevision source =
        fetch(ctx, ref, namespace(object), name, "failed to fetch package \"" + name + "\": ")
            .revision();
    if (!source.key().packageKey().path().equals(packageName)
        || !source.key().repository().name().equals(repository)) {
      throw new InternalErrorException(
          ref, "source revision must be from same package " + repository + "/" + packageName);
    }
    if (source.key().isPlaceholder()) {
      throw new InternalErrorException(
          ref,
          "source revision may not be the placeholder package revision "
              + source.key().repository().name()
              + "/"
              + source.key().objectName());
    }
    if (!source.lifecycle().isPublished()) {
      throw new InternalErrorException(ref, "source revision must be published");
    }
    return new LinkedHashMap<>(source.resources());
  }

  // ------------------------------------------------------------------ upgrade

  /** Files of the local revision updated from the old to the new upstream. */
  public Map<String, String> upgrade(
      RequestContext ctx,
      Repository target,
      io.jporch.core.api.PackageRevision object,
      Task.UpgradeTaskSpec spec) {
    ResourceRef ref = ref(object);
    String namespace = namespace(object);
    String pkg = Objects.requireNonNullElse(object.spec().packageName(), "");
    String oldName = refName(spec.oldUpstreamRef());
    String newName = refName(spec.newUpstreamRef());
    String localName = refName(spec.localPackageRevisionRef());
    PackageRevision original =
        fetch(
                ctx,
                ref,
                namespace,
                oldName,
                "error fetching the resources for package \""
                    + pkg
                    + "\" with ref {Name:"
                    + oldName
                    + "}: ")
            .revision();
    PackageRevision updated =
        fetch(
                ctx,
                ref,
                namespace,
                newName,
                "error fetching revision for target upstream \"" + newName + "\": ")
            .revision();
    requirePublished(ref, original, oldName);
    requirePublished(ref, updated, newName);
    if (updated.key().isPlaceholder()) {
      throw new InternalErrorException(
          ref,
          "target upstream revision may not be the placeholder package revision "
              + updated.key().repository().name()
              + "/"
              + updated.key().objectName());
    }
    PackageRevision local =
        fetch(
                ctx,
                ref,
                namespace,
                localName,
                "error fetching revision \"" + localName + "\" to be upgraded: ")
            .revision();
    requirePublished(ref, local, localName);
    if (local.key().isPlaceholder()) {
      throw new InternalErrorException(
          ref,
          "source revision may not be the placeholder package revision "
              + local.key().repository().name()
              + "/"
              + local.key().objectName());
    }
    Map<String, String> files;
    try {
      files =
          new LinkedHashMap<>(
              PackageUpdater.update(
                  // As kpt pkg update does: identities come from merge keys on all three trees.
                  MergeKeys.ensure(local.resources()),
                  MergeKeys.ensure(original.resources()),
                  MergeKeys.ensure(updated.resources()),
                  spec.strategy()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InternalErrorException(
          ref,
          "error updating the package \""
              + pkg
              + "\" to revision \""
              + newName
              + "\": "
              + e.getMessage(),
          e);
    }
    PackageRevisionStatus.GitLock lock = lockOf(ref, updated, newName);
    try {
      UpstreamKptfile.update(files, null, lock);
    } catch (IllegalArgumentException e) {
      throw new InternalErrorException(
          ref, "failed to apply upstream lock to package \"" + pkg + "\": " + message(e, pkg), e);
    }
    return MergeKeys.ensure(files);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Every source of an upgrade must be published, wherever it lives. Porch checks this only for
   * revisions of the package being created (engine), so a Draft upstream in another repository
   * slips through and the new revision's upstream lock points at a draft branch (compatibility.md).
   */
  private static void requirePublished(ResourceRef ref, PackageRevision revision, String name) {
    if (!revision.lifecycle().isPublished()) {
      throw new InternalErrorException(
          ref,
          "all source PackageRevisions of upgrade task must be published, \"" + name + "\" is not");
    }
  }

  private RevisionResolver.Resolved fetch(
      RequestContext ctx, ResourceRef ref, String namespace, String name, String prefix) {
    return revisions
        .find(ctx, namespace, name)
        .orElseThrow(
            () ->
                new InternalErrorException(
                    ref, prefix + "cannot find package revision \"" + name + "\""));
  }

  private static PackageRevisionStatus.GitLock lockOf(
      ResourceRef ref, PackageRevision revision, String name) {
    var api = revision.toApiObject();
    PackageRevisionStatus.Locator self = api.status() == null ? null : api.status().selfLock();
    if (self == null || self.git() == null) {
      throw new InternalErrorException(
          ref, "cannot determine upstream lock for package \"" + name + "\"");
    }
    return self.git();
  }

  private static String message(IllegalArgumentException e, String name) {
    return "package is missing Kptfile".equals(e.getMessage())
        ? "package \"" + name + "\" is missing Kptfile"
        : e.getMessage();
  }

  private static String refName(Task.PackageRevisionRef r) {
    return r == null || r.name() == null ? "" : r.name();
  }

  private static String namespace(io.jporch.core.api.PackageRevision object) {
    return object.metadata() == null || object.metadata().namespace() == null
        ? ""
        : object.metadata().namespace();
  }

  private static ResourceRef ref(io.jporch.core.api.PackageRevision object) {
    String name = object == null || object.metadata() == null ? null : object.metadata().name();
    return ResourceRef.packageRevision(name);
  }
}
