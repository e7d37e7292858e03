package io.jporch.core.context;

import java.time.Instant;
import java.util.UUID;

/**
 * What Go's {@code ctx} carries through every layer: the user (commit author, publishedBy), a
 * deadline and a request id for logs.
 */
public record RequestContext(UserInfo user, Instant deadline, String requestId) {
  /** A context for work the server does on its own behalf (start-up, background sync). */
  public static RequestContext system() {
    return new RequestContext(
        new UserInfo("system:jporch", java.util.List.of()),
        Instant.now().plusSeconds(300),
        UUID.randomUUID().toString());
  }
}
