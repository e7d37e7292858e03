package io.jporch.server.rest.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.meta.KubeList;
import io.jporch.core.api.meta.ListMeta;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.api.meta.Status;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.repository.LabelSelector;
import io.jporch.core.secret.Secret;
import io.jporch.server.rest.ApiCall;
import io.jporch.server.rest.ApiResult;
import io.jporch.server.rest.Bodies;
import io.jporch.server.rest.ObjectIdentity;
import io.jporch.server.rest.ResourceDescriptor;
import io.jporch.server.rest.ResourceHandler;
import io.jporch.server.rest.TableDefinition;
import io.jporch.server.rest.selector.FieldSelector;
import io.jporch.server.rest.selector.LabelSelectors;
import io.jporch.server.standalone.FileSecretStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST storage of core/v1 {@code secrets} in standalone mode, so that {@code kubectl create secret
 * generic|docker-registry ...}, {@code get}, {@code edit}, {@code patch} and {@code delete} work
 * unchanged and repositories can name their credentials in {@code spec.git.secretRef}. Values are
 * returned only by this resource and never logged.
 */
public final class SecretStorage implements ResourceHandler {
  private static final Logger log = LoggerFactory.getLogger(SecretStorage.class);
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final FileSecretStore store;

  public SecretStorage(FileSecretStore store) {
    this.store = store;
  }

  @Override
  public ResourceDescriptor descriptor() {
    return CoreResources.SECRETS;
  }

  @Override
  public TableDefinition table() {
    return SecretTable.TABLE;
  }

  @Override
  public ApiResult list(ApiCall call) {
    String rv = store.resourceVersion();
    Predicate<Secret> selected = selector(call);
    List<Secret> items = store.list(call.namespace()).stream().filter(selected).toList();
    return new ApiResult.Collection(
        new KubeList<>(Secret.API_VERSION, "SecretList", new ListMeta(rv, null), items));
  }

  @Override
  public ApiResult get(ApiCall call) {
    return ApiResult.ok(require(call.namespace(), call.name()));
  }

  @Override
  public ApiResult create(ApiCall call) {
    ObjectNode body = (ObjectNode) Bodies.parseObject(call.body(), call.contentType());
    ObjectIdentity.check(body, descriptor(), call.namespace(), null);
    Secret requested = SecretValidation.normalize(named(convert(body, null)));
    List<FieldError> errors = SecretValidation.validate(requested);
    if (!errors.isEmpty()) {
      throw new InvalidException(
          FileSecretStore.ref(nullToEmpty(requested.metadata().name())), errors);
    }
    if (call.dryRun()) {
      return ApiResult.created(store.create(requested, true));
    }
    Secret stored = store.create(requested, false);
    log.info(
        "Created secret {}/{} (type {})",
        stored.metadata().namespace(),
        stored.metadata().name(),
        stored.typeOrDefault());
    return ApiResult.created(stored);
  }

  @Override
  public ApiResult update(ApiCall call, UnaryOperator<JsonNode> update) {
    Secret current = require(call.namespace(), call.name());
    JsonNode changed = update.apply(Bodies.toTree(current));
    if (!(changed instanceof ObjectNode body)) {
      throw new BadRequestException(null, "the updated object must be a JSON object");
    }
    ObjectIdentity.check(body, descriptor(), call.namespace(), call.name());
    Secret requested = SecretValidation.normalize(convert(body, call.name()));
    List<FieldError> errors = SecretValidation.validateUpdate(requested, current);
    if (!errors.isEmpty()) {
      throw new InvalidException(FileSecretStore.ref(call.name()), errors);
    }
    if (call.dryRun()) {
      return ApiResult.ok(store.update(requested, true));
    }
    Secret stored = store.update(requested, false);
    log.info("Updated secret {}/{}", call.namespace(), call.name());
    return ApiResult.ok(stored);
  }

  @Override
  public ApiResult delete(ApiCall call) {
    Secret deleted =
        store.delete(
            call.namespace(),
            call.name(),
            s ->
                call.preconditions()
                    .check(
                        FileSecretStore.ref(call.name()),
                        s.metadata().uid(),
                        s.metadata().resourceVersion()),
            call.dryRun());
    if (!call.dryRun()) {
      log.info("Deleted secret {}/{}", call.namespace(), call.name());
    }
    return ApiResult.ok(
        new Status(
            "v1",
            "Status",
            ListMeta.EMPTY,
            "Success",
            null,
            null,
            new Status.Details(deleted.metadata().name(), "", "secrets", null),
            0));
  }

  /** Server-side apply to a missing name creates the Secret. */
  @Override
  public ApiResult createByApply(ApiCall call) {
    return create(call);
  }

  private Secret require(String namespace, String name) {
    return store
        .get(namespace, name)
        .orElseThrow(() -> new NotFoundException(FileSecretStore.ref(name), ""));
  }

  private static Secret convert(ObjectNode body, String name) {
    // Never echo the body: a conversion error message would otherwise carry secret values.
    try {
      return Bodies.convert(body, Secret.class, FileSecretStore.ref(name));
    } catch (RuntimeException e) {
      throw new BadRequestException(
          null, "Secret in version \"v1\" cannot be handled as a Secret: malformed object");
    }
  }

  /** Gives a Secret that only has {@code generateName} a name, as kube-apiserver does. */
  private static Secret named(Secret secret) {
    ObjectMeta meta = secret.metadata();
    boolean unnamed = meta.name() == null || meta.name().isEmpty();
    if (!unnamed || meta.generateName() == null || meta.generateName().isEmpty()) {
      return secret;
    }
    StringBuilder name = new StringBuilder(meta.generateName());
    for (int i = 0; i < 5; i++) {
      name.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
    }
    return new Secret(
        secret.apiVersion(),
        secret.kind(),
        meta.withName(name.toString()),
        secret.immutable(),
        secret.data(),
        secret.stringData(),
        secret.type());
  }

  private static Predicate<Secret> selector(ApiCall call) {
    LabelSelector labels = LabelSelectors.parse(call.query().first("labelSelector"));
    Predicate<Secret> result = s -> labels.matches(s.metadata().labelsOrEmpty());
    for (FieldSelector.Requirement req :
        FieldSelector.parse(call.query().first("fieldSelector")).requirements()) {
      Function<Secret, String> field =
          switch (req.field()) {
            case "metadata.name" -> s -> s.metadata().name();
            case "metadata.namespace" -> s -> s.metadata().namespace();
            case "type" -> Secret::typeOrDefault;
            default ->
                throw new BadRequestException(null, "field label not supported: " + req.field());
          };
      boolean negate = req.operator() == FieldSelector.Operator.NOT_EQUALS;
      String value = req.value();
      result = result.and(s -> negate != value.equals(field.apply(s)));
    }
    return result;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
