package io.jporch.server.auth;

import io.jporch.core.context.UserInfo;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Authenticates requests: standalone mode with its own credentials ({@link Authenticator}), cluster
 * mode by delegating to kube-apiserver ({@code io.jporch.server.cluster.DelegatingAuthenticator}).
 * The answer may arrive later (a TokenReview); implementations never block the calling thread.
 */
public interface RequestAuthenticator {
  /** The user, or empty when the request is not authenticated (401). */
  CompletionStage<Optional<UserInfo>> authenticate(Credentials credentials);

  /**
   * The CAs the TLS server names when it requests client certificates; empty when it does not
   * request them.
   */
  List<X509Certificate> clientCertificateAuthorities();
}
