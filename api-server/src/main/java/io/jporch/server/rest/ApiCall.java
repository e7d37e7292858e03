package io.jporch.server.rest;

import io.jporch.core.context.RequestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One API request as the REST storages see it, independent of the HTTP library: who asks (context),
 * the verb, the resource URL, the query and the raw body with its content type, the warnings
 * collected for the response ({@code Warning} headers), the client's {@code User-Agent} (the
 * default field manager) and, for deletes, the preconditions of the DeleteOptions.
 */
public record ApiCall(
    RequestContext context,
    String method,
    ResourcePath path,
    QueryParams query,
    byte[] body,
    String contentType,
    List<String> warnings,
    String userAgent,
    Preconditions preconditions) {

  public ApiCall {
    body = body == null ? new byte[0] : body;
    query = query == null ? QueryParams.EMPTY : query;
    warnings = warnings == null ? new CopyOnWriteArrayList<>() : warnings;
    preconditions = preconditions == null ? Preconditions.NONE : preconditions;
  }

  /** A call with its warning list and no user agent or preconditions. */
  public ApiCall(
      RequestContext context,
      String method,
      ResourcePath path,
      QueryParams query,
      byte[] body,
      String contentType,
      List<String> warnings) {
    this(context, method, path, query, body, contentType, warnings, null, null);
  }

  /** A call that collects its warnings in a fresh list. */
  public ApiCall(
      RequestContext context,
      String method,
      ResourcePath path,
      QueryParams query,
      byte[] body,
      String contentType) {
    this(context, method, path, query, body, contentType, null, null, null);
  }

  /** The namespace of the URL, or null for a cluster-wide request. */
  public String namespace() {
    return path.namespace();
  }

  /** The object name of the URL, or null for a collection. */
  public String name() {
    return path.name();
  }

  /**
   * True for a server-side dry run ({@code dryRun=All}, validated by the dispatcher): the storage
   * validates everything and answers as the real call would, but changes nothing.
   */
  public boolean dryRun() {
    return WriteOptions.DRY_RUN_ALL.equals(query.first("dryRun"));
  }

  /** The same call with a JSON body. */
  public ApiCall withJsonBody(byte[] json) {
    return new ApiCall(
        context, method, path, query, json, "application/json", warnings, userAgent, preconditions);
  }

  /** The same call on {@code newPath} with {@code newMethod} (e.g. a create through apply). */
  public ApiCall withTarget(String newMethod, ResourcePath newPath) {
    return new ApiCall(
        context, newMethod, newPath, query, body, contentType, warnings, userAgent, preconditions);
  }

  /** The same call with {@code dryRun=All} set and the given delete preconditions. */
  public ApiCall withDeleteOptions(boolean dryRun, Preconditions value) {
    Map<String, List<String>> values = new LinkedHashMap<>(query.values());
    if (dryRun) {
      values.put("dryRun", List.of(WriteOptions.DRY_RUN_ALL));
    } else {
      values.remove("dryRun");
    }
    return new ApiCall(
        context,
        method,
        path,
        new QueryParams(values),
        body,
        contentType,
        warnings,
        userAgent,
        value);
  }
}
