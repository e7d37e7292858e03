package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.MethodNotAllowedException;
import io.jporch.core.error.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Routes a resource request to its storage by verb, as kube-apiserver's generic handlers do: GET on
 * a collection lists or watches, GET on a name gets, POST creates, PUT replaces, PATCH patches the
 * current object, DELETE deletes. Legacy {@code /watch/} URLs become watches (a named one adds a
 * {@code metadata.name} field selector).
 */
public final class ApiDispatcher {
  private final Map<String, ResourceHandler> handlers = new LinkedHashMap<>();
  private final UnknownFieldFinder unknownFields;

  public ApiDispatcher(List<ResourceHandler> handlers, UnknownFieldFinder unknownFields) {
    this.unknownFields = unknownFields;
    for (ResourceHandler handler : handlers) {
      ResourceDescriptor d = handler.descriptor();
      this.handlers.put(key(d.group(), d.version(), d.name()), handler);
    }
  }

  /** The handler for a resource URL, if the resource is served. */
  public Optional<ResourceHandler> handler(ResourcePath path) {
    return Optional.ofNullable(handlers.get(key(path.group(), path.version(), path.resourceKey())));
  }

  /** Every served resource of {@code group/version}, in registration order. */
  public List<ResourceDescriptor> resources(String group, String version) {
    List<ResourceDescriptor> result = new ArrayList<>();
    for (ResourceHandler handler : handlers.values()) {
      ResourceDescriptor d = handler.descriptor();
      if (d.group().equals(group) && d.version().equals(version)) {
        result.add(d);
      }
    }
    return result;
  }

  /** Every served {@code group/version}, in registration order. */
  public List<String> groupVersions() {
    return handlers.values().stream().map(h -> h.descriptor().groupVersion()).distinct().toList();
  }

  /** Runs the call on its storage. Blocking; call it off the event loop. */
  public ApiResult dispatch(ApiCall call) {
    ResourcePath path = call.path();
    ResourceHandler handler = handler(path).orElseThrow(ApiDispatcher::notFound);
    if (handler.descriptor().namespaced() && path.name() != null && path.namespace() == null) {
      throw notFound();
    }
    if (path.legacyWatch()) {
      return legacyWatch(handler, call);
    }
    boolean collection = path.isCollection();
    rejectDryRun(call);
    return switch (call.method()) {
      case "GET" ->
          collection
              ? (call.query().flag("watch") ? handler.watch(call) : handler.list(call))
              : handler.get(call);
      case "POST" -> {
        if (!collection || call.namespace() == null && handler.descriptor().namespaced()) {
          throw notAllowed();
        }
        validateFields(
            call, handler.descriptor(), Bodies.parseObject(call.body(), call.contentType()));
        yield handler.create(call);
      }
      case "PUT" ->
          item(collection, () -> handler.update(call, replaceWith(call, handler.descriptor())));
      case "PATCH" ->
          item(collection, () -> handler.update(call, patchWith(call, handler.descriptor())));
      case "DELETE" -> item(collection, () -> handler.delete(call));
      default -> throw notAllowed();
    };
  }

  /**
   * Porch ignores {@code dryRun} and executes the request (01-api §7.9); jporch refuses it instead,
   * so that a server-side dry run never changes anything.
   */
  private static void rejectDryRun(ApiCall call) {
    String dryRun = call.query().first("dryRun");
    if (!call.method().equals("GET") && dryRun != null && !dryRun.isEmpty()) {
      throw new BadRequestException(
          null, "dryRun is not supported by this server; the request was not executed");
    }
  }

  private static ApiResult legacyWatch(ResourceHandler handler, ApiCall call) {
    if (!call.method().equals("GET") || call.path().subresource() != null) {
      throw notAllowed();
    }
    ApiCall watch = call;
    if (call.name() != null) {
      ResourcePath p = call.path();
      ResourcePath collection =
          new ResourcePath(p.group(), p.version(), p.namespace(), p.resource(), null, null, true);
      Map<String, List<String>> query = new LinkedHashMap<>(call.query().values());
      String existing = call.query().first("fieldSelector");
      String byName = "metadata.name=" + call.name();
      query.put(
          "fieldSelector",
          List.of(existing == null || existing.isEmpty() ? byName : existing + "," + byName));
      watch =
          new ApiCall(
              call.context(),
              call.method(),
              collection,
              new QueryParams(query),
              call.body(),
              call.contentType(),
              call.warnings());
    }
    return handler.watch(watch);
  }

  private UnaryOperator<JsonNode> replaceWith(ApiCall call, ResourceDescriptor resource) {
    JsonNode body = Bodies.parseObject(call.body(), call.contentType());
    validateFields(call, resource, body);
    return current -> body.deepCopy();
  }

  private UnaryOperator<JsonNode> patchWith(ApiCall call, ResourceDescriptor resource) {
    return current -> {
      JsonNode patched = Patches.apply(current, call.body(), call.contentType());
      validateFields(call, resource, patched);
      return patched;
    };
  }

  /**
   * Server-side field validation: {@code fieldValidation=Strict} rejects unknown fields (400),
   * {@code Ignore} accepts them, and {@code Warn} (the default) accepts them with a warning.
   */
  private void validateFields(ApiCall call, ResourceDescriptor resource, JsonNode object) {
    String directive = call.query().first("fieldValidation");
    if ("Ignore".equals(directive)) {
      return;
    }
    List<String> unknown = unknownFields.unknownFields(resource.group(), resource.kind(), object);
    if (unknown.isEmpty()) {
      return;
    }
    List<String> problems = unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
    if ("Strict".equals(directive)) {
      throw new BadRequestException(null, "strict decoding error: " + String.join(", ", problems));
    }
    call.warnings().addAll(problems);
  }

  private interface Verb {
    ApiResult run();
  }

  private static ApiResult item(boolean collection, Verb verb) {
    if (collection) {
      throw notAllowed();
    }
    return verb.run();
  }

  static NotFoundException notFound() {
    return new NotFoundException(null, "the server could not find the requested resource");
  }

  private static MethodNotAllowedException notAllowed() {
    return ResourceHandler.notAllowed();
  }

  private static String key(String group, String version, String resource) {
    return group + "/" + version + "/" + resource;
  }
}
