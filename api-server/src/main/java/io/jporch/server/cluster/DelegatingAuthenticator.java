package io.jporch.server.cluster;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jporch.core.context.UserInfo;
import io.jporch.server.auth.Authenticator;
import io.jporch.server.auth.Credentials;
import io.jporch.server.auth.RequestAuthenticator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode's authentication, as k8s.io/apiserver's delegating authenticator: requests that
 * kube-apiserver proxies (front-proxy client certificate issued by the request-header CA, with a
 * common name among {@code requestheader-allowed-names}, naming the user in {@code X-Remote-User},
 * {@code X-Remote-Group} and {@code X-Remote-Extra-*}), then client certificates issued by the
 * cluster's client CA, then bearer tokens checked with a TokenReview, answers kept for {@value
 * #TOKEN_TTL_SECONDS} s (valid and invalid alike). The first that authenticates wins; when none
 * does and one of them failed (a certificate that does not verify, a token the cluster rejects) the
 * request is unauthenticated; a request with no credentials at all is {@code system:anonymous} when
 * anonymous access is on. Every authenticated user is in {@code system:authenticated}. Front-proxy
 * headers count only with a verified front-proxy certificate.
 */
public final class DelegatingAuthenticator implements RequestAuthenticator, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DelegatingAuthenticator.class);
  static final long TOKEN_TTL_SECONDS = 10;
  private static final int CACHE_CAPACITY = 10_000;
  private static final String BEARER = "bearer ";

  /** Checks a bearer token with the cluster; blocking. Empty: the token is not valid. */
  @FunctionalInterface
  public interface TokenReviewer {
    Optional<UserInfo> review(String token);
  }

  private volatile AuthenticationConfig config;
  private final TokenReviewer reviewer;
  private final boolean anonymous;
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("jporch-tokenreview-", 0).factory());
  private final TtlCache<String, Optional<UserInfo>> tokens;

  /**
   * @param config the front-proxy and client CA settings
   * @param reviewer checks bearer tokens (TokenReview), or null when tokens are not accepted
   * @param anonymous whether requests without credentials are {@code system:anonymous}
   */
  public DelegatingAuthenticator(
      AuthenticationConfig config, TokenReviewer reviewer, boolean anonymous) {
    this(config, reviewer, anonymous, Duration.ofSeconds(TOKEN_TTL_SECONDS), System::nanoTime);
  }

  DelegatingAuthenticator(
      AuthenticationConfig config,
      TokenReviewer reviewer,
      boolean anonymous,
      Duration tokenTtl,
      java.util.function.LongSupplier nanoClock) {
    this.config = config;
    this.reviewer = reviewer;
    this.anonymous = anonymous;
    this.tokens = new TtlCache<>(answer -> tokenTtl, CACHE_CAPACITY, nanoClock);
  }

  /**
   * Uses {@code next} from now on (the cluster published new CAs or front-proxy settings). Cached
   * token answers stay valid: they do not depend on it.
   */
  public void update(AuthenticationConfig next) {
    this.config = java.util.Objects.requireNonNull(next, "next");
  }

  /** TokenReviews through {@code client} ({@code authentication.k8s.io/v1}). */
  public static TokenReviewer tokenReviews(KubernetesClient client) {
    return token -> {
      TokenReview review =
          client
              .resource(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build())
              .create();
      TokenReviewStatus status = review == null ? null : review.getStatus();
      if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
        if (status != null && status.getError() != null && !status.getError().isEmpty()) {
          log.debug("TokenReview: {}", status.getError());
        }
        return Optional.empty();
      }
      var user = status.getUser();
      if (user == null || user.getUsername() == null || user.getUsername().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new UserInfo(user.getUsername(), user.getUid(), user.getGroups(), user.getExtra()));
    };
  }

  @Override
  public CompletionStage<Optional<UserInfo>> authenticate(Credentials credentials) {
    boolean failed = false;
    List<X509Certificate> chain = credentials.peerChain();
    AuthenticationConfig config = this.config;
    AuthenticationConfig.RequestHeader header = config.requestHeader();
    if (header != null && !chain.isEmpty()) {
      Optional<UserInfo> proxy = header.ca().authenticate(chain);
      if (proxy.isEmpty()) {
        failed = true; // not a front-proxy certificate (it may still be a client certificate)
      } else if (!header.allowedNames().isEmpty()
          && !header.allowedNames().contains(proxy.get().name())) {
        log.debug("Front-proxy certificate {} is not an allowed name", proxy.get().name());
        failed = true;
      } else {
        Optional<UserInfo> user = fromHeaders(header, credentials);
        if (user.isPresent()) {
          return CompletableFuture.completedFuture(user);
        }
      }
    }
    if (config.clientCa() != null && !chain.isEmpty()) {
      Optional<UserInfo> user = config.clientCa().authenticate(chain);
      if (user.isPresent()) {
        return CompletableFuture.completedFuture(user);
      }
      failed = true;
    }
    String token = bearer(credentials.authorization());
    if (token != null && reviewer != null) {
      return tokens
          .get(digest(token), k -> CompletableFuture.supplyAsync(() -> review(token), executor))
          .thenApply(user -> user.isPresent() ? user : none(true));
    }
    if (token != null) {
      failed = true;
    }
    return CompletableFuture.completedFuture(none(failed));
  }

  private Optional<UserInfo> review(String token) {
    return reviewer.review(token).map(DelegatingAuthenticator::authenticated);
  }

  /** Nobody authenticated: anonymous when nothing was presented and anonymous access is on. */
  private Optional<UserInfo> none(boolean failed) {
    return !failed && anonymous ? Optional.of(Authenticator.ANONYMOUS) : Optional.empty();
  }

  /** The user the front proxy names, or empty when no user header is set. */
  static Optional<UserInfo> fromHeaders(
      AuthenticationConfig.RequestHeader header, Credentials credentials) {
    String name = first(credentials, header.usernameHeaders());
    if (name == null) {
      return Optional.empty();
    }
    String uid = first(credentials, header.uidHeaders());
    List<String> groups = new ArrayList<>();
    for (String h : header.groupHeaders()) {
      for (String value : credentials.header(h)) {
        if (!value.isEmpty()) {
          groups.add(value);
        }
      }
    }
    Map<String, List<String>> extra = new LinkedHashMap<>();
    for (String prefix : header.extraHeaderPrefixes()) {
      String p = prefix.toLowerCase(Locale.ROOT);
      credentials
          .headers()
          .forEach(
              (h, values) -> {
                if (h.startsWith(p) && h.length() > p.length()) {
                  extra
                      .computeIfAbsent(unescape(h.substring(p.length())), k -> new ArrayList<>())
                      .addAll(values);
                }
              });
    }
    return Optional.of(authenticated(new UserInfo(name, uid, groups, extra)));
  }

  private static String first(Credentials credentials, List<String> headers) {
    for (String h : headers) {
      for (String value : credentials.header(h)) {
        if (!value.isEmpty()) {
          return value;
        }
      }
    }
    return null;
  }

  /** An {@code X-Remote-Extra-} key is %-encoded; a malformed one is kept as it is (as Go does). */
  private static String unescape(String key) {
    try {
      return URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return key;
    }
  }

  /** k8s.io/apiserver's group adder: every authenticated user is in system:authenticated. */
  static UserInfo authenticated(UserInfo user) {
    if (user.groups().contains(UserInfo.AUTHENTICATED_GROUP)) {
      return user;
    }
    List<String> groups = new ArrayList<>(user.groups());
    groups.add(UserInfo.AUTHENTICATED_GROUP);
    return new UserInfo(user.name(), user.uid(), groups, user.extra());
  }

  @Override
  public List<X509Certificate> clientCertificateAuthorities() {
    AuthenticationConfig config = this.config;
    List<X509Certificate> all = new ArrayList<>();
    if (config.requestHeader() != null) {
      all.addAll(config.requestHeader().ca().authorities());
    }
    if (config.clientCa() != null) {
      all.addAll(config.clientCa().authorities());
    }
    return all;
  }

  private static String bearer(String header) {
    if (header == null
        || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String presented = header.substring(BEARER.length()).strip();
    return presented.isEmpty() ? null : presented;
  }

  /** Tokens are cached under their SHA-256, never as themselves. */
  private static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
