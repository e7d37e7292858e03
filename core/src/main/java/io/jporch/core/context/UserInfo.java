package io.jporch.core.context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authenticated user of a request, as Kubernetes' {@code user.Info}.
 *
 * @param name the user name
 * @param uid the user's UID, or null when the authenticator does not know it
 * @param groups the groups the user belongs to
 * @param extra further attributes (front-proxy {@code X-Remote-Extra-*} headers, TokenReview {@code
 *     extra}); passed on to SubjectAccessReviews
 */
public record UserInfo(
    String name, String uid, List<String> groups, Map<String, List<String>> extra) {
  public static final String AUTHENTICATED_GROUP = "system:authenticated";

  /** A user with a name and groups only. */
  public UserInfo(String name, List<String> groups) {
    this(name, null, groups, null);
  }

  public UserInfo {
    groups = groups == null ? List.of() : List.copyOf(groups);
    if (extra == null || extra.isEmpty()) {
      extra = Map.of();
    } else {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      extra.forEach((k, v) -> copy.put(k, v == null ? List.of() : List.copyOf(v)));
      extra = java.util.Collections.unmodifiableMap(copy);
    }
    uid = uid == null || uid.isEmpty() ? null : uid;
  }

  /** True when Porch would use this user as the commit author. */
  public boolean isAuthenticated() {
    return groups.contains(AUTHENTICATED_GROUP);
  }
}
