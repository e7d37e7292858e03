package io.jporch.server.rest;

import io.jporch.core.context.RequestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One API request as the REST storages see it, independent of the HTTP library: who asks (context),
 * the verb, the resource URL, the query and the raw body with its content type, plus the warnings
 * collected for the response ({@code Warning} headers).
 */
public record ApiCall(
    RequestContext context,
    String method,
    ResourcePath path,
    QueryParams query,
    byte[] body,
    String contentType,
    List<String> warnings) {

  public ApiCall {
    body = body == null ? new byte[0] : body;
    query = query == null ? QueryParams.EMPTY : query;
    warnings = warnings == null ? new CopyOnWriteArrayList<>() : warnings;
  }

  /** A call that collects its warnings in a fresh list. */
  public ApiCall(
      RequestContext context,
      String method,
      ResourcePath path,
      QueryParams query,
      byte[] body,
      String contentType) {
    this(context, method, path, query, body, contentType, null);
  }

  /** The namespace of the URL, or null for a cluster-wide request. */
  public String namespace() {
    return path.namespace();
  }

  /** The object name of the URL, or null for a collection. */
  public String name() {
    return path.name();
  }
}
