package io.jporch.server.auth;

import io.jporch.core.context.UserInfo;
import java.util.List;
import java.util.Optional;

/**
 * Standalone authentication: a request that presents the server's bearer token acts as the cluster
 * administrator. Replaces kube-apiserver's delegated authentication in standalone mode.
 */
public final class Authenticator {
  /** The identity every authenticated standalone request gets. */
  public static final UserInfo ADMIN =
      new UserInfo("admin", List.of("system:masters", UserInfo.AUTHENTICATED_GROUP));

  private static final String BEARER = "bearer ";
  private final BearerToken token;

  public Authenticator(BearerToken token) {
    this.token = token;
  }

  /** The user for an {@code Authorization} header value, or empty if it is missing or wrong. */
  public Optional<UserInfo> authenticate(String authorizationHeader) {
    if (authorizationHeader == null
        || authorizationHeader.length() <= BEARER.length()
        || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String presented = authorizationHeader.substring(BEARER.length()).strip();
    return token.matches(presented) ? Optional.of(ADMIN) : Optional.empty();
  }
}
