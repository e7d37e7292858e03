package io.jporch.server.rest;

import io.jporch.core.error.MethodNotAllowedException;
import io.jporch.core.error.NotFoundException;
import io.jporch.server.fields.Schemas;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes a resource request to its storage by verb, as kube-apiserver's generic handlers do: GET on
 * a collection lists or watches, GET on a name gets, POST creates, PUT replaces, PATCH patches the
 * current object, DELETE deletes; writes go through the generic pipeline of {@link Writes} first
 * (options, strict decoding, patches, field management, server-side apply). Legacy {@code /watch/}
 * URLs become watches (a named one adds a {@code metadata.name} field selector).
 */
public final class ApiDispatcher {
  private final Map<String, ResourceHandler> handlers = new LinkedHashMap<>();
  private final Writes writes;

  public ApiDispatcher(List<ResourceHandler> handlers, UnknownFieldFinder unknownFields) {
    this(handlers, unknownFields, Schemas.none());
  }

  /**
   * @param unknownFields finds fields the schemas do not declare ({@code fieldValidation})
   * @param schemas the published type information (field management, strategic merge patch)
   */
  public ApiDispatcher(
      List<ResourceHandler> handlers, UnknownFieldFinder unknownFields, Schemas schemas) {
    this.writes = new Writes(schemas, unknownFields, Clock.systemUTC());
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
    return switch (call.method()) {
      case "GET" ->
          collection
              ? (call.query().flag("watch") ? handler.watch(call) : handler.list(call))
              : handler.get(call);
      case "POST" -> {
        if (!collection || call.namespace() == null && handler.descriptor().namespaced()) {
          throw notAllowed();
        }
        yield writes.create(handler, call);
      }
      case "PUT" -> item(collection, () -> writes.replace(handler, call));
      case "PATCH" -> item(collection, () -> writes.patch(handler, call));
      case "DELETE" -> item(collection, () -> writes.delete(handler, call));
      default -> throw notAllowed();
    };
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
