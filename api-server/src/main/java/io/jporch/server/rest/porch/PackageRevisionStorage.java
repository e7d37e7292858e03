package io.jporch.server.rest.porch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevision;
import io.jporch.core.api.Task;
import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.KubeList;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.ForbiddenException;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.util.Names;
import io.jporch.core.util.Timestamps;
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
import io.jporch.server.rest.selector.FieldSelector;
import io.jporch.server.rest.selector.LabelSelectors;
import io.jporch.server.rest.selector.RevisionQuery;
import io.jporch.server.watch.ChangeJournal;
import io.jporch.server.watch.WatchStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST storage of {@code packagerevisions}. Port of pkg/registry/porch/packagerevision.go and the
 * update half of packagecommon.go: list/get across repositories, create through the engine behind
 * the strategy and an identity try-lock, update and patch behind a per-object try-lock, delete with
 * Porch's published and upstream-reference guards, and watch.
 */
public final class PackageRevisionStorage implements ResourceHandler {
  private static final Logger log = LoggerFactory.getLogger(PackageRevisionStorage.class);
  private static final String CONFLICT = "another request is already in progress ";

  private final CadEngine engine;
  private final RevisionReader reader;
  private final TryLocks locks;
  private final VersionedRevisions versions;
  private final ListPager pager;
  private final Duration bookmarkInterval;
  private final PackageRevisionStrategy strategy = new PackageRevisionStrategy();

  /**
   * @param journal numbers the changes of package revisions: the resourceVersions of objects and
   *     lists, and the history watches resume from
   */
  public PackageRevisionStorage(
      CadEngine engine,
      RevisionReader reader,
      TryLocks locks,
      ChangeJournal journal,
      ListPager pager,
      Duration bookmarkInterval) {
    this.engine = engine;
    this.reader = reader;
    this.locks = locks;
    this.versions = new VersionedRevisions(reader, journal);
    this.pager = pager;
    this.bookmarkInterval = bookmarkInterval;
  }

  /** The versioned view of revisions (shared with the resources storage). */
  VersionedRevisions versions() {
    return versions;
  }

  @Override
  public ResourceDescriptor descriptor() {
    return PorchResources.PACKAGE_REVISIONS;
  }

  @Override
  public TableDefinition table() {
    return PorchTables.PACKAGE_REVISIONS;
  }

  @Override
  public ApiResult list(ApiCall call) {
    ListOptions options = ListOptions.parse(call.query(), false);
    RevisionQuery query = query(call);
    ListPager.Page<PackageRevision> page =
        pager.page(
            ListPager.scope(call, descriptor()),
            options,
            () -> {
              long version = versions.journal().version();
              options.requireListableAt(version);
              List<PackageRevision> items =
                  versions.list(call.context(), query, warnings(call)).stream()
                      .map(VersionedRevisions.Versioned::object)
                      .toList();
              return new ListPager.Listing<>(version, items);
            },
            Optional::of);
    return new ApiResult.Collection(
        new KubeList<>(
            ApiGroups.PORCH_API_VERSION, "PackageRevisionList", page.meta(), page.items()));
  }

  /** Adds each warning to the call's {@code Warning} headers once. */
  static java.util.function.Consumer<String> warnings(ApiCall call) {
    return w -> {
      if (!call.warnings().contains(w)) {
        call.warnings().add(w);
      }
    };
  }

  @Override
  public ApiResult watch(ApiCall call) {
    ListOptions options = ListOptions.parse(call.query(), true);
    RevisionQuery query = query(call);
    return new ApiResult.Stream(
        new WatchStream<>(
            descriptor().name(),
            versions.journal().changes(),
            () ->
                versions.list(call.context(), query).stream()
                    .map(VersionedRevisions.Versioned::object)
                    .toList(),
            versions,
            query::matches,
            options,
            bookmarkInterval));
  }

  @Override
  public ApiResult create(ApiCall call) {
    String ns = call.namespace();
    ObjectNode body = (ObjectNode) Bodies.parseObject(call.body(), call.contentType());
    ObjectIdentity.check(body, descriptor(), ns, null);
    String rawLifecycle = ApiObjects.takeRawLifecycle(body);
    PackageRevision object = Bodies.convert(body, PackageRevision.class, null);
    String clientName = object.metadata().name();
    if (clientName != null && !clientName.isEmpty()) {
      log.debug("Ignoring client-provided metadata.name {} on create", clientName);
    }
    String repositoryName = object.spec() == null ? null : object.spec().repository();
    if (repositoryName == null || repositoryName.isEmpty()) {
      throw new BadRequestException(null, "spec.repositoryName is required");
    }
    Repository repository = reader.repository(ns, repositoryName);
    List<FieldError> errors = strategy.validateCreate(object, rawLifecycle);
    if (!errors.isEmpty()) {
      throw new InvalidException(ResourceRef.packageRevision(nullToEmpty(clientName)), errors);
    }
    String packageName = object.spec().packageName();
    String workspace = object.spec().workspaceName();
    String key = String.join("-", ns, repositoryName, packageName, workspace);
    try (var held =
        locks.tryLock(key, () -> creationConflict(ns, repositoryName, packageName, workspace))) {
      if (call.dryRun()) {
        return ApiResult.created(engine.dryRunCreate(call.context(), repository, object));
      }
      var created = engine.createPackageRevision(call.context(), repository, object);
      log.info("Created package revision {}/{}", ns, created.key().objectName());
      return ApiResult.created(written(call, created, ResourceRef.packageRevision(clientName)));
    }
  }

  @Override
  public ApiResult update(ApiCall call, UnaryOperator<JsonNode> update) {
    return updateRevision(call, update, strategy, descriptor());
  }

  /** The update pipeline shared with the approval subresource (01-api §7.3, §7.4). */
  ApiResult updateRevision(
      ApiCall call,
      UnaryOperator<JsonNode> update,
      RevisionStrategy rules,
      ResourceDescriptor resource) {
    String ns = call.namespace();
    String name = call.name();
    ResourceRef ref = ResourceRef.packageRevision(name);
    try (var held =
        locks.tryLock(ns + "/" + name, () -> busy(ref, "on package revision", ns, name))) {
      RevisionReader.Found found = reader.get(call.context(), ns, name, ref);
      VersionedRevisions.Versioned current =
          versions
              .versioned(call.context(), found.revision())
              .orElseThrow(() -> new NotFoundException(ref, ""));
      PackageRevision old = current.object();
      ObjectNode body = asObject(update.apply(Bodies.toTree(old)));
      ObjectIdentity.check(body, resource, ns, name);
      String rawLifecycle = ApiObjects.takeRawLifecycle(body);
      PackageRevision requested =
          rules.prepareForUpdate(Bodies.convert(body, PackageRevision.class, ref), old);
      List<FieldError> errors = rules.validateUpdate(requested, old, rawLifecycle);
      if (!errors.isEmpty()) {
        throw new InvalidException(ref, errors);
      }
      requested = ApiObjects.withoutLatestLabel(rules.canonicalize(requested));
      // Optimistic locking on jporch's resourceVersion; the engine then checks the storage's.
      String storage = current.revision().resourceVersion();
      if (call.dryRun()) {
        PackageRevision preview =
            engine.dryRunUpdate(
                call.context(),
                found.repository(),
                current.revision(),
                ApiObjects.withResourceVersion(old, storage),
                ApiObjects.toStorageVersion(requested, old, storage, ref));
        // Nothing was written: the object keeps its resourceVersion.
        return ApiResult.ok(
            ApiObjects.withResourceVersion(preview, old.metadata().resourceVersion()));
      }
      var updated =
          engine.updatePackageRevision(
              call.context(),
              found.repository(),
              current.revision(),
              ApiObjects.withResourceVersion(old, storage),
              ApiObjects.toStorageVersion(requested, old, storage, ref));
      logTransition(ns, name, old, requested);
      if (completesDeletion(old, requested)) {
        // The last finalizer of a terminating revision is gone: the engine deleted it. Answer
        // with its final state, as Porch does (the update succeeded; a re-read would be 404).
        return ApiResult.ok(old.withMetadata(old.metadata().withFinalizers(List.of())));
      }
      return ApiResult.ok(written(call, updated, ref));
    }
  }

  @Override
  public ApiResult delete(ApiCall call) {
    String ns = call.namespace();
    String name = call.name();
    ResourceRef ref = ResourceRef.packageRevision(name);
    RevisionReader.Found found = reader.get(call.context(), ns, name, ref);
    PackageRevision object =
        versions
            .versioned(call.context(), found.revision())
            .map(VersionedRevisions.Versioned::object)
            .orElseThrow(() -> new NotFoundException(ref, ""));
    call.preconditions().check(ref, object.metadata().uid(), object.metadata().resourceVersion());
    if (PackageRevisionStrategy.lifecycle(object) == Lifecycle.PUBLISHED) {
      throw new ForbiddenException(
          ref,
          "published PackageRevisions must be proposed for deletion by setting spec.lifecycle to"
              + " 'DeletionProposed' prior to deletion");
    }
    findDownstream(call.context(), ns, name)
        .ifPresent(
            downstream -> {
              throw new ForbiddenException(
                  ref,
                  "cannot delete package revision, it is referenced as upstream by: " + downstream);
            });
    try (var held =
        locks.tryLock(ns + "/" + name, () -> busy(ref, "on package revision", ns, name))) {
      if (call.dryRun()) {
        boolean terminating =
            engine.dryRunDelete(call.context(), found.repository(), found.revision());
        ObjectMeta meta = object.metadata();
        return ApiResult.ok(
            terminating && meta.deletionTimestamp() == null
                ? object.withMetadata(meta.withDeletionTimestamp(Timestamps.now()))
                : object);
      }
      engine.deletePackageRevision(call.context(), found.repository(), found.revision());
      log.info("Deleted package revision {}/{}", ns, name);
      return ApiResult.ok(object);
    }
  }

  /**
   * Server-side apply to a missing name creates the revision, provided the name is the one Porch
   * computes from the spec ({@code <repository>.<dotted package path>.<workspace>}): Porch ignores
   * client names on create, so any other name would create an object the next apply cannot find.
   */
  @Override
  public ApiResult createByApply(ApiCall call) {
    JsonNode body = Bodies.parseObject(call.body(), call.contentType());
    JsonNode spec = body.path("spec");
    String repository = spec.path("repository").asText("");
    String packageName = spec.path("packageName").asText("");
    String workspace = spec.path("workspaceName").asText("");
    String urlName = body.path("metadata").path("name").asText("");
    if (!repository.isEmpty() && !packageName.isEmpty() && !workspace.isEmpty()) {
      String computed =
          Names.packageRevisionObjectName(repository, Names.trimSlashes(packageName), workspace);
      if (!computed.equals(urlName)) {
        throw new InvalidException(
            ResourceRef.packageRevision(urlName),
            List.of(
                FieldError.invalid(
                    "metadata.name",
                    urlName,
                    "a PackageRevision created by server-side apply must be named \""
                        + computed
                        + "\", the name computed from spec.repository, spec.packageName and"
                        + " spec.workspaceName")));
      }
    }
    return create(call);
  }

  /** The object {@code call} names, versioned (also the approval subresource's GET). */
  @Override
  public ApiResult get(ApiCall call) {
    return ApiResult.ok(
        versions
            .get(
                call.context(),
                call.namespace(),
                call.name(),
                ResourceRef.packageRevision(call.name()))
            .object());
  }

  /**
   * The object a write produced, as clients read it now (a write also stores metadata after closing
   * the draft, so the revision returned by the engine is read again).
   */
  private static boolean completesDeletion(PackageRevision old, PackageRevision requested) {
    return old.metadata().deletionTimestamp() != null
        && (requested.metadata() == null
            || requested.metadata().finalizers() == null
            || requested.metadata().finalizers().isEmpty());
  }

  private PackageRevision written(
      ApiCall call, io.jporch.core.repository.PackageRevision revision, ResourceRef ref) {
    return versions
        .versioned(call.context(), revision)
        .map(VersionedRevisions.Versioned::object)
        .orElseThrow(() -> new NotFoundException(ref, ""));
  }

  /** The first non-placeholder revision whose clone or upgrade task names {@code name}. */
  private Optional<String> findDownstream(RequestContext ctx, String ns, String name) {
    RevisionQuery all = RevisionQuery.parse(ns, FieldSelector.EVERYTHING, null);
    for (var revision : reader.list(ctx, all)) {
      if (revision.key().revision() == -1) {
        continue;
      }
      Optional<PackageRevision> api = toApi(revision);
      List<Task> tasks = api.map(a -> a.spec() == null ? null : a.spec().tasks()).orElse(null);
      if (tasks != null && tasks.stream().anyMatch(t -> referencesUpstream(t, name))) {
        return Optional.of(revision.key().objectName());
      }
    }
    return Optional.empty();
  }

  private static boolean referencesUpstream(Task task, String name) {
    if (Task.CLONE.equals(task.type()) && task.cloneSpec() != null) {
      var upstream = task.cloneSpec().upstreamRef();
      return upstream != null
          && upstream.upstreamRef() != null
          && name.equals(upstream.upstreamRef().name());
    }
    if (Task.UPGRADE.equals(task.type()) && task.upgrade() != null) {
      var newUpstream = task.upgrade().newUpstreamRef();
      return newUpstream != null && name.equals(newUpstream.name());
    }
    return false;
  }

  static RevisionQuery query(ApiCall call) {
    return RevisionQuery.parse(
        call.namespace(),
        FieldSelector.parse(call.query().first("fieldSelector")),
        LabelSelectors.parse(call.query().first("labelSelector")));
  }

  static Optional<PackageRevision> toApi(io.jporch.core.repository.PackageRevision revision) {
    try {
      return Optional.of(revision.toApiObject());
    } catch (RuntimeException e) {
      log.warn("Skipping package revision {}: {}", revision.key().objectName(), e.toString());
      return Optional.empty();
    }
  }

  static ObjectNode asObject(JsonNode node) {
    if (node instanceof ObjectNode object) {
      return object;
    }
    throw new BadRequestException(null, "the updated object must be a JSON object");
  }

  static ConflictException busy(ResourceRef ref, String what, String ns, String name) {
    return new ConflictException(ref, CONFLICT + what + " \"" + ns + "/" + name + "\"");
  }

  private static ConflictException creationConflict(String ns, String repo, String pkg, String ws) {
    ResourceRef ref =
        new ResourceRef(
            ApiGroups.PORCH_GROUP, "packagerevisions", PackageRevision.KIND, "(new creation)");
    return new ConflictException(
        ref,
        CONFLICT
            + "to create package revision with details namespace=\"%s\", repository=\"%s\", package=\"%s\",workspace=\"%s\""
                .formatted(ns, repo, pkg, ws));
  }

  private static void logTransition(
      String ns, String name, PackageRevision old, PackageRevision requested) {
    Lifecycle from = PackageRevisionStrategy.lifecycle(old);
    Lifecycle to = PackageRevisionStrategy.lifecycle(requested);
    if (from != to) {
      log.info("Package revision {}/{} moved from {} to {}", ns, name, from, to);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
