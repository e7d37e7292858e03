package io.jporch.server.auth;

import io.jporch.core.context.UserInfo;
import java.util.List;

/**
 * One rule of the {@link AuthorizationPolicy}: the subjects it applies to and what it allows, with
 * RBAC's matching ({@code *} matches anything; a resource is {@code resource} or {@code
 * resource/subresource}; {@code resource/*} matches every subresource of a resource, and a star
 * followed by {@code /sub} that subresource of every resource; a path in {@code nonResourceURLs}
 * ending in {@code *} is a prefix).
 *
 * @param users user names the rule applies to
 * @param groups groups the rule applies to (any user in one of them)
 * @param verbs allowed verbs
 * @param apiGroups API groups ({@code ""} is the core group)
 * @param resources resources, with subresources as {@code resource/subresource}
 * @param resourceNames object names; empty means every object
 * @param namespaces namespaces; empty (or {@code *}) means every namespace and cluster-wide
 *     requests, otherwise only requests in one of these namespaces (a list across all namespaces is
 *     not covered, as with a RoleBinding)
 * @param nonResourceURLs paths of non-resource requests
 */
public record PolicyRule(
    List<String> users,
    List<String> groups,
    List<String> verbs,
    List<String> apiGroups,
    List<String> resources,
    List<String> resourceNames,
    List<String> namespaces,
    List<String> nonResourceURLs) {
  static final String ALL = "*";

  public PolicyRule {
    users = copy(users);
    groups = copy(groups);
    verbs = copy(verbs);
    apiGroups = copy(apiGroups);
    resources = copy(resources);
    resourceNames = copy(resourceNames);
    namespaces = copy(namespaces);
    nonResourceURLs = copy(nonResourceURLs);
  }

  /** True when the rule applies to {@code user}. */
  public boolean appliesTo(UserInfo user) {
    return users.contains(user.name()) || user.groups().stream().anyMatch(groups::contains);
  }

  /** True when the rule allows the request (the subject is checked by {@link #appliesTo}). */
  public boolean allows(RequestAttributes request) {
    if (!matchesVerb(request.verb())) {
      return false;
    }
    if (!request.resourceRequest()) {
      return nonResourceURLs.stream().anyMatch(url -> matchesPath(url, request.path()));
    }
    return matchesAny(apiGroups, request.apiGroup())
        && matchesResource(request)
        && (resourceNames.isEmpty() || resourceNames.contains(request.name()))
        && matchesNamespace(request.namespace());
  }

  private boolean matchesVerb(String verb) {
    return verbs.contains(ALL) || verbs.contains(verb);
  }

  private boolean matchesResource(RequestAttributes request) {
    String key = request.resourceKey();
    for (String r : resources) {
      if (r.equals(ALL) || r.equals(key)) {
        return true;
      }
      if (!request.subresource().isEmpty()
          && (r.equals("*/" + request.subresource()) || r.equals(request.resource() + "/*"))) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesNamespace(String namespace) {
    if (namespaces.isEmpty() || namespaces.contains(ALL)) {
      return true;
    }
    return !namespace.isEmpty() && namespaces.contains(namespace);
  }

  private static boolean matchesAny(List<String> values, String value) {
    return values.contains(ALL) || values.contains(value);
  }

  private static boolean matchesPath(String rule, String path) {
    if (rule.equals(ALL)) {
      return true;
    }
    if (rule.endsWith("*")) {
      return path.startsWith(rule.substring(0, rule.length() - 1));
    }
    return rule.equals(path);
  }

  private static List<String> copy(List<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }
}
