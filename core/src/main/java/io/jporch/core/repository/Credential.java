package io.jporch.core.repository;

import java.util.Objects;

/**
 * How a Git remote is authenticated. Port of Porch's {@code repository.Credential} kinds that work
 * in practice: none, HTTP Basic ({@code kubernetes.io/basic-auth} Secret) and HTTP Bearer ({@code
 * Opaque} Secret with key {@code bearerToken}).
 *
 * <p>No implementation prints its secret part: {@code toString} is redacted, so a credential that
 * ends up in a log line or an exception message reveals only its kind and user name.
 */
public sealed interface Credential
    permits Credential.Anonymous, Credential.BasicAuth, Credential.BearerToken {
  /** No authentication. */
  Anonymous ANONYMOUS = new Anonymous();

  /** No authentication. */
  record Anonymous() implements Credential {}

  /** HTTP Basic: user name and password (a token may serve as the password). */
  record BasicAuth(String username, String password) implements Credential {
    public BasicAuth {
      username = Objects.requireNonNullElse(username, "");
      password = Objects.requireNonNullElse(password, "");
    }

    @Override
    public String toString() {
      return "BasicAuth[username=" + username + ", password=<redacted>]";
    }
  }

  /** HTTP {@code Authorization: Bearer <token>}. */
  record BearerToken(String token) implements Credential {
    public BearerToken {
      token = Objects.requireNonNullElse(token, "");
    }

    @Override
    public String toString() {
      return "BearerToken[<redacted>]";
    }
  }
}
