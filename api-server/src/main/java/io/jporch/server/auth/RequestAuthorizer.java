package io.jporch.server.auth;

import java.util.concurrent.CompletionStage;

/**
 * Authorizes requests: standalone mode with its policy ({@link Authorizer}), cluster mode with
 * SubjectAccessReviews ({@code io.jporch.server.cluster.DelegatingAuthorizer}). The answer may
 * arrive later; implementations never block the calling thread.
 */
public interface RequestAuthorizer {
  /** Whether the request may proceed, and why not. */
  CompletionStage<Decision> authorize(RequestAttributes request);

  /**
   * An authorization decision.
   *
   * @param allowed whether the request may proceed
   * @param reason why (kube-apiserver appends it to a 403's message); empty when none was given
   */
  record Decision(boolean allowed, String reason) {
    public static final Decision ALLOW = new Decision(true, "");
    public static final Decision DENY = new Decision(false, "");

    public Decision {
      reason = reason == null ? "" : reason;
    }
  }
}
