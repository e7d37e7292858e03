package io.jporch.server.auth;

import io.jporch.core.context.UserInfo;

/**
 * What a request asks to do, as kube-apiserver's authorizers see it ({@code authorizer.Attributes}
 * built from {@code RequestInfo}).
 *
 * @param user the authenticated (or anonymous) user
 * @param verb {@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code
 *     patch}, {@code delete}, {@code deletecollection}; for a non-resource request the lower-case
 *     HTTP method
 * @param resourceRequest true for {@code /api/...} and {@code /apis/...} URLs that name a resource
 * @param path the URL path
 * @param apiGroup the API group ({@code ""} for the core group)
 * @param apiVersion the API version
 * @param namespace the namespace, {@code ""} for cluster-scoped and all-namespaces requests
 * @param resource the resource, e.g. {@code packagerevisions}
 * @param subresource the subresource, e.g. {@code approval}, or {@code ""}
 * @param name the object name, or {@code ""}
 */
public record RequestAttributes(
    UserInfo user,
    String verb,
    boolean resourceRequest,
    String path,
    String apiGroup,
    String apiVersion,
    String namespace,
    String resource,
    String subresource,
    String name) {

  public RequestAttributes {
    verb = nonNull(verb);
    path = nonNull(path);
    apiGroup = nonNull(apiGroup);
    apiVersion = nonNull(apiVersion);
    namespace = nonNull(namespace);
    resource = nonNull(resource);
    subresource = nonNull(subresource);
    name = nonNull(name);
  }

  /** A non-resource request: a path and the lower-case HTTP method. */
  public static RequestAttributes nonResource(UserInfo user, String verb, String path) {
    return new RequestAttributes(user, verb, false, path, "", "", "", "", "", "");
  }

  /** The same attributes for another user. */
  public RequestAttributes withUser(UserInfo other) {
    return new RequestAttributes(
        other,
        verb,
        resourceRequest,
        path,
        apiGroup,
        apiVersion,
        namespace,
        resource,
        subresource,
        name);
  }

  /** {@code resource} or {@code resource/subresource}, as RBAC rules name it. */
  public String resourceKey() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
