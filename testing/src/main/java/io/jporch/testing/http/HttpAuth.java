package io.jporch.testing.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * What {@link GitHttpServer} demands of a request: nothing, HTTP Basic with one user name and
 * password, a Bearer token, or either of the two. A request without an acceptable {@code
 * Authorization} header gets {@code 401} with a {@code WWW-Authenticate} challenge, as a Git host
 * answers.
 *
 * @param username required user name for Basic, or null when Basic is not accepted
 * @param password required password for Basic
 * @param bearerToken required Bearer token, or null when Bearer is not accepted
 */
public record HttpAuth(String username, String password, String bearerToken) {
  /** No authentication required. */
  public static final HttpAuth NONE = new HttpAuth(null, null, null);

  /** HTTP Basic with exactly this user name and password. */
  public static HttpAuth basic(String username, String password) {
    return new HttpAuth(username, password, null);
  }

  /** {@code Authorization: Bearer <token>} with exactly this token. */
  public static HttpAuth bearer(String token) {
    return new HttpAuth(null, null, token);
  }

  /** True if requests must authenticate. */
  public boolean required() {
    return username != null || bearerToken != null;
  }

  /** True if {@code authorization} (the header value, may be null) satisfies this policy. */
  public boolean accepts(String authorization) {
    if (!required()) {
      return true;
    }
    if (authorization == null) {
      return false;
    }
    int space = authorization.indexOf(' ');
    if (space < 0) {
      return false;
    }
    String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
    String value = authorization.substring(space + 1).strip();
    if (scheme.equals("basic") && username != null) {
      String expected =
          Base64.getEncoder()
              .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
      return same(expected, value);
    }
    return scheme.equals("bearer") && bearerToken != null && same(bearerToken, value);
  }

  /** The challenge sent with a 401. */
  public String challenge() {
    return username != null ? "Basic realm=\"git\"" : "Bearer realm=\"git\"";
  }

  private static boolean same(String expected, String actual) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "HttpAuth[basic=" + (username != null) + ", bearer=" + (bearerToken != null) + "]";
  }
}
