package io.jporch.server.auth;

import io.jporch.core.context.UserInfo;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Standalone authentication, as kube-apiserver's union of authenticators: a client certificate
 * verified against {@code --client-ca-file} (user = CN, groups = O), the server's generated bearer
 * token (the kubeconfig's credential: the administrator, in {@code system:masters}), or a token of
 * {@code --token-auth-file}. Every authenticated user is in {@code system:authenticated}. A request
 * that presents no credentials is {@code system:anonymous} (group {@code system:unauthenticated})
 * when anonymous access is enabled, and unauthenticated otherwise; a request that presents
 * credentials none of which is valid is unauthenticated, even with anonymous access.
 */
public final class Authenticator implements RequestAuthenticator {
  /** The identity of the generated token. */
  public static final UserInfo ADMIN =
      new UserInfo("admin", List.of("system:masters", UserInfo.AUTHENTICATED_GROUP));

  /** The identity of requests without credentials when anonymous access is enabled. */
  public static final UserInfo ANONYMOUS =
      new UserInfo("system:anonymous", List.of("system:unauthenticated"));

  private static final String BEARER = "bearer ";
  private final BearerToken token;
  private final TokenFile tokens;
  private final ClientCertificates certificates;
  private final boolean anonymous;

  /** Only the generated token; no anonymous access. */
  public Authenticator(BearerToken token) {
    this(token, TokenFile.EMPTY, null, false);
  }

  /**
   * @param token the generated administrator token
   * @param tokens further static tokens ({@link TokenFile#EMPTY} for none)
   * @param certificates client CAs, or null when client certificates are not accepted
   * @param anonymous whether requests without credentials are served as {@link #ANONYMOUS}
   */
  public Authenticator(
      BearerToken token, TokenFile tokens, ClientCertificates certificates, boolean anonymous) {
    this.token = token;
    this.tokens = tokens;
    this.certificates = certificates;
    this.anonymous = anonymous;
  }

  /** True when the TLS server should request client certificates. */
  public boolean requestsClientCertificates() {
    return certificates != null;
  }

  /** The client CAs, when client certificates are accepted. */
  public Optional<ClientCertificates> clientCertificates() {
    return Optional.ofNullable(certificates);
  }

  @Override
  public CompletionStage<Optional<UserInfo>> authenticate(Credentials credentials) {
    return CompletableFuture.completedFuture(
        authenticate(credentials.authorization(), credentials.peerChain()));
  }

  @Override
  public List<X509Certificate> clientCertificateAuthorities() {
    return certificates == null ? List.of() : certificates.authorities();
  }

  /** The user for an {@code Authorization} header value, or empty if it is missing or wrong. */
  public Optional<UserInfo> authenticate(String authorizationHeader) {
    return authenticate(authorizationHeader, List.of());
  }

  /**
   * The user of a request: its {@code Authorization} header (may be null) and the certificate chain
   * the client presented (leaf first; empty when none).
   */
  public Optional<UserInfo> authenticate(
      String authorizationHeader, List<X509Certificate> peerChain) {
    boolean presented = false;
    if (certificates != null && !peerChain.isEmpty()) {
      presented = true;
      Optional<UserInfo> user = certificates.authenticate(new ArrayList<>(peerChain));
      if (user.isPresent()) {
        return user;
      }
    }
    String bearer = bearer(authorizationHeader);
    if (bearer != null) {
      presented = true;
      if (token.matches(bearer)) {
        return Optional.of(ADMIN);
      }
      Optional<UserInfo> user = tokens.authenticate(bearer);
      if (user.isPresent()) {
        return user;
      }
    }
    return !presented && anonymous ? Optional.of(ANONYMOUS) : Optional.empty();
  }

  /** The token of a {@code Bearer} header, or null when there is none. */
  private static String bearer(String header) {
    if (header == null
        || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String presented = header.substring(BEARER.length()).strip();
    return presented.isEmpty() ? null : presented;
  }
}
