package io.jporch.core.context;

import java.util.List;

/** The authenticated user of a request. */
public record UserInfo(String name, List<String> groups) {
  public static final String AUTHENTICATED_GROUP = "system:authenticated";

  public UserInfo {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** True when Porch would use this user as the commit author. */
  public boolean isAuthenticated() {
    return groups.contains(AUTHENTICATED_GROUP);
  }
}
