package io.jporch.server.rest.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.KubeList;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.LabelSelector;
import io.jporch.server.rest.ApiCall;
import io.jporch.server.rest.ApiResult;
import io.jporch.server.rest.Bodies;
import io.jporch.server.rest.ListOptions;
import io.jporch.server.rest.ListPager;
import io.jporch.server.rest.ObjectIdentity;
import io.jporch.server.rest.ResourceDescriptor;
import io.jporch.server.rest.ResourceHandler;
import io.jporch.server.rest.TableDefinition;
import io.jporch.server.rest.selector.FieldSelector;
import io.jporch.server.rest.selector.LabelSelectors;
import io.jporch.server.store.RepositoryStore;
import io.jporch.server.watch.WatchStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST storage of config.porch.kpt.dev {@code repositories} in standalone mode, where jporch plays
 * kube-apiserver's part for the Repository CRD: CRUD with schema defaults and validation,
 * optimistic locking, watch, and opening/closing the repository in the package cache.
 */
public final class RepositoryStorage implements ResourceHandler {
  private static final Logger log = LoggerFactory.getLogger(RepositoryStorage.class);
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RepositoryStore store;

  /** Serialises the conflict check with the write it guards. */
  private final ReentrantLock registration = new ReentrantLock();

  private final RepositoryReconciler reconciler;
  private final ListPager pager;
  private final Duration bookmarkInterval;

  public RepositoryStorage(
      RepositoryStore store,
      RepositoryReconciler reconciler,
      ListPager pager,
      Duration bookmarkInterval) {
    this.store = store;
    this.reconciler = reconciler;
    this.pager = pager;
    this.bookmarkInterval = bookmarkInterval;
  }

  @Override
  public ResourceDescriptor descriptor() {
    return ConfigResources.REPOSITORIES;
  }

  @Override
  public TableDefinition table() {
    return RepositoryTable.TABLE;
  }

  @Override
  public ApiResult list(ApiCall call) {
    ListOptions options = ListOptions.parse(call.query(), false);
    Predicate<Repository> selected = selector(call);
    ListPager.Page<Repository> page =
        pager.page(
            ListPager.scope(call, descriptor()),
            options,
            () -> {
              long version = store.changes().version();
              options.requireListableAt(version);
              return new ListPager.Listing<>(
                  version, store.list(call.namespace()).stream().filter(selected).toList());
            },
            Optional::of);
    return new ApiResult.Collection(
        new KubeList<>(ApiGroups.CONFIG_API_VERSION, "RepositoryList", page.meta(), page.items()));
  }

  @Override
  public ApiResult watch(ApiCall call) {
    ListOptions options = ListOptions.parse(call.query(), true);
    Predicate<Repository> selected = selector(call);
    String namespace = call.namespace();
    Predicate<Repository> inNamespace = r -> namespace == null || namespace.equals(r.namespace());
    return new ApiResult.Stream(
        new WatchStream<>(
            descriptor().name(),
            store.changes(),
            () -> store.list(namespace),
            RepositoryWatch.KIND,
            inNamespace.and(selected),
            options,
            bookmarkInterval));
  }

  @Override
  public ApiResult get(ApiCall call) {
    return ApiResult.ok(require(call.namespace(), call.name()));
  }

  @Override
  public ApiResult create(ApiCall call) {
    ObjectNode body = (ObjectNode) Bodies.parseObject(call.body(), call.contentType());
    ObjectIdentity.check(body, descriptor(), call.namespace(), null);
    Repository requested = named(Bodies.convert(body, Repository.class, null));
    requested = RepositoryValidation.withDefaults(requested).withStatus(null);
    List<FieldError> errors = RepositoryValidation.validate(requested);
    if (!errors.isEmpty()) {
      throw new InvalidException(ResourceRef.repository(nullToEmpty(requested.name())), errors);
    }
    Repository stored;
    registration.lock();
    try {
      refuseConflicts(requested);
      if (call.dryRun()) {
        return ApiResult.created(store.create(requested, true));
      }
      stored = store.create(requested);
    } finally {
      registration.unlock();
    }
    log.info(
        "Registered repository {}/{} ({})",
        stored.namespace(),
        stored.name(),
        stored.spec().git().repo());
    return ApiResult.created(reconciler.open(stored));
  }

  @Override
  public ApiResult update(ApiCall call, UnaryOperator<JsonNode> update) {
    ResourceRef ref = ResourceRef.repository(call.name());
    Repository current = require(call.namespace(), call.name());
    ObjectNode body = asObject(update.apply(Bodies.toTree(current)));
    ObjectIdentity.check(body, descriptor(), call.namespace(), call.name());
    Repository requested =
        RepositoryValidation.withDefaults(Bodies.convert(body, Repository.class, ref));
    List<FieldError> errors = RepositoryValidation.validateUpdate(requested, current);
    if (!errors.isEmpty()) {
      throw new InvalidException(ref, errors);
    }
    Repository stored;
    registration.lock();
    try {
      refuseConflicts(requested);
      if (call.dryRun()) {
        return ApiResult.ok(store.update(requested, true));
      }
      stored = store.update(requested);
    } finally {
      registration.unlock();
    }
    if (!Objects.equals(current.spec(), stored.spec())) {
      log.info("Repository {}/{} changed; reopening it", stored.namespace(), stored.name());
      stored = reconciler.reopen(current, stored);
    }
    return ApiResult.ok(stored);
  }

  @Override
  public ApiResult delete(ApiCall call) {
    ResourceRef ref = ResourceRef.repository(call.name());
    Repository deleted =
        store.delete(
            call.namespace(),
            call.name(),
            r ->
                call.preconditions().check(ref, r.metadata().uid(), r.metadata().resourceVersion()),
            call.dryRun());
    if (call.dryRun()) {
      return ApiResult.ok(deleted);
    }
    reconciler.close(deleted);
    log.info("Unregistered repository {}/{}", deleted.namespace(), deleted.name());
    return ApiResult.ok(deleted);
  }

  /** Repository is a custom resource: no strategic merge patch (as kube-apiserver serves CRDs). */
  @Override
  public List<String> patchTypes() {
    return ConfigResources.PATCH_TYPES;
  }

  /** The status belongs to the status subresource. */
  @Override
  public List<String> resetFields() {
    return List.of("status");
  }

  /** Server-side apply to a missing name creates the Repository. */
  @Override
  public ApiResult createByApply(ApiCall call) {
    return create(call);
  }

  /**
   * Refuses a registration that Porch's Repository webhook denies (see {@link
   * RepositoryConflicts}); 400 with the text kube-apiserver answers for the denial.
   */
  private void refuseConflicts(Repository requested) {
    RepositoryConflicts.find(store.list(null), requested)
        .ifPresent(
            existing -> {
              throw new BadRequestException(
                  ResourceRef.repository(nullToEmpty(requested.name())),
                  RepositoryConflicts.message(existing));
            });
  }

  Repository require(String namespace, String name) {
    return store
        .get(namespace, name)
        .orElseThrow(() -> new NotFoundException(ResourceRef.repository(name), ""));
  }

  static ObjectNode asObject(JsonNode node) {
    if (node instanceof ObjectNode object) {
      return object;
    }
    throw new BadRequestException(null, "the updated object must be a JSON object");
  }

  /** Gives an object that only has {@code generateName} a name, as kube-apiserver does. */
  private static Repository named(Repository repository) {
    ObjectMeta meta = repository.metadata();
    boolean unnamed = meta.name() == null || meta.name().isEmpty();
    if (!unnamed || meta.generateName() == null || meta.generateName().isEmpty()) {
      return repository;
    }
    StringBuilder name = new StringBuilder(meta.generateName());
    for (int i = 0; i < 5; i++) {
      name.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
    }
    return repository.withMetadata(meta.withName(name.toString()));
  }

  private static Predicate<Repository> selector(ApiCall call) {
    LabelSelector labels = LabelSelectors.parse(call.query().first("labelSelector"));
    Predicate<Repository> fields = fieldSelector(call);
    return r -> labels.matches(r.metadata().labelsOrEmpty()) && fields.test(r);
  }

  /** CRDs support {@code metadata.name} and {@code metadata.namespace} field selectors. */
  private static Predicate<Repository> fieldSelector(ApiCall call) {
    Predicate<Repository> result = r -> true;
    for (FieldSelector.Requirement req :
        FieldSelector.parse(call.query().first("fieldSelector")).requirements()) {
      java.util.function.Function<Repository, String> field =
          switch (req.field()) {
            case "metadata.name" -> Repository::name;
            case "metadata.namespace" -> Repository::namespace;
            default ->
                throw new BadRequestException(
                    null,
                    "\""
                        + req.field()
                        + "\" is not a known field selector: only \"metadata.name\","
                        + " \"metadata.namespace\"");
          };
      boolean negate = req.operator() == FieldSelector.Operator.NOT_EQUALS;
      String value = req.value();
      result = result.and(r -> negate != value.equals(field.apply(r)));
    }
    return result;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
