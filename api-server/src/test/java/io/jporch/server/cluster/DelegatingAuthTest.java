package io.jporch.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.context.UserInfo;
import io.jporch.server.auth.Authenticator;
import io.jporch.server.auth.Credentials;
import io.jporch.server.auth.RequestAttributes;
import io.jporch.server.auth.RequestAuthorizer.Decision;
import io.jporch.server.support.TestPki;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The delegating authenticator's union and caches, and the delegating authorizer's caches. */
class DelegatingAuthTest {
  private final TestPki.Issued frontProxyCa = TestPki.authority("front-proxy-ca");
  private final AuthenticationConfig config =
      new AuthenticationConfig(
          null,
          new AuthenticationConfig.RequestHeader(
              io.jporch.server.auth.ClientCertificates.of(
                  frontProxyCa.certificatePem().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
              List.of("front-proxy-client"),
              List.of("X-Remote-User"),
              List.of(),
              List.of("X-Remote-Group"),
              List.of("X-Remote-Extra-")));
  private final AtomicLong clock = new AtomicLong(1_000);
  private final AtomicInteger tokenReviews = new AtomicInteger();

  private DelegatingAuthenticator authenticator(boolean anonymous) {
    return new DelegatingAuthenticator(
        config,
        token -> {
          tokenReviews.incrementAndGet();
          return token.equals("good")
              ? Optional.of(new UserInfo("erin", List.of("ops")))
              : Optional.empty();
        },
        anonymous,
        Duration.ofSeconds(10),
        clock::get);
  }

  private static Optional<UserInfo> authenticate(DelegatingAuthenticator a, Credentials c) {
    return a.authenticate(c).toCompletableFuture().join();
  }

  @Test
  void anonymousOnlyWithoutCredentials() {
    try (DelegatingAuthenticator on = authenticator(true);
        DelegatingAuthenticator off = authenticator(false)) {
      Credentials none = new Credentials(null, List.of(), Map.of());
      assertThat(authenticate(on, none)).contains(Authenticator.ANONYMOUS);
      assertThat(authenticate(off, none)).isEmpty();
      // A rejected token never falls back to anonymous (Go's FailOnError union).
      assertThat(authenticate(on, new Credentials("Bearer bad", List.of(), Map.of()))).isEmpty();
      // Headers without a front-proxy certificate are ignored.
      Credentials claims =
          new Credentials(null, List.of(), Map.of("x-remote-user", List.of("admin")));
      assertThat(authenticate(on, claims)).contains(Authenticator.ANONYMOUS);
    }
  }

  @Test
  void frontProxyHeadersNameTheUser() {
    TestPki.Issued proxy = TestPki.client(frontProxyCa, "front-proxy-client", List.of());
    try (DelegatingAuthenticator a = authenticator(false)) {
      Optional<UserInfo> user =
          authenticate(
              a,
              new Credentials(
                  null,
                  List.of(proxy.certificate()),
                  Map.of(
                      "x-remote-user", List.of("dora"),
                      "x-remote-group", List.of("devs", "ops"),
                      "x-remote-extra-acme.com%2fproject", List.of("p1"))));
      assertThat(user).isPresent();
      assertThat(user.get().name()).isEqualTo("dora");
      assertThat(user.get().groups()).containsExactly("devs", "ops", "system:authenticated");
      assertThat(user.get().extra()).containsEntry("acme.com/project", List.of("p1"));
    }
  }

  @Test
  void tokenAnswersAreCachedForTheirTtl() {
    try (DelegatingAuthenticator a = authenticator(false)) {
      Credentials good = new Credentials("Bearer good", List.of(), Map.of());
      assertThat(authenticate(a, good).map(UserInfo::name)).contains("erin");
      assertThat(authenticate(a, good).get().groups()).contains("system:authenticated");
      assertThat(tokenReviews).hasValue(1);
      Credentials bad = new Credentials("Bearer bad", List.of(), Map.of());
      assertThat(authenticate(a, bad)).isEmpty();
      assertThat(authenticate(a, bad)).isEmpty();
      assertThat(tokenReviews).hasValue(2);
      clock.addAndGet(Duration.ofSeconds(10).toNanos());
      assertThat(authenticate(a, good)).isPresent();
      assertThat(tokenReviews).hasValue(3);
    }
  }

  @Test
  void decisionsAreCachedAndMastersAndHealthNeedNoReview() {
    AtomicInteger reviews = new AtomicInteger();
    try (DelegatingAuthorizer authorizer =
        new DelegatingAuthorizer(
            request -> {
              reviews.incrementAndGet();
              return request.verb().equals("get")
                  ? Decision.ALLOW
                  : new Decision(false, "no writes");
            },
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            clock::get)) {
      UserInfo alice = new UserInfo("alice", List.of("authors", "system:authenticated"));
      RequestAttributes get = attributes(alice, "get");
      RequestAttributes delete = attributes(alice, "delete");
      assertThat(decide(authorizer, get)).isEqualTo(Decision.ALLOW);
      assertThat(decide(authorizer, get)).isEqualTo(Decision.ALLOW);
      assertThat(decide(authorizer, delete)).isEqualTo(new Decision(false, "no writes"));
      assertThat(decide(authorizer, delete).allowed()).isFalse();
      assertThat(reviews).hasValue(2);
      clock.addAndGet(Duration.ofSeconds(5).toNanos());
      decide(authorizer, get); // allowed answers live 10 s
      decide(authorizer, delete); // denied ones 5 s here
      assertThat(reviews).hasValue(3);

      UserInfo root = new UserInfo("root", List.of("system:masters"));
      assertThat(decide(authorizer, attributes(root, "delete")).allowed()).isTrue();
      assertThat(
              decide(authorizer, RequestAttributes.nonResource(alice, "get", "/livez")).allowed())
          .isTrue();
      assertThat(reviews).hasValue(3);
    }
  }

  private static Decision decide(DelegatingAuthorizer authorizer, RequestAttributes request) {
    return authorizer.authorize(request).toCompletableFuture().join();
  }

  private static RequestAttributes attributes(UserInfo user, String verb) {
    return new RequestAttributes(
        user,
        verb,
        true,
        "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions/x",
        "porch.kpt.dev",
        "v1alpha1",
        "default",
        "packagerevisions",
        "",
        "x");
  }
}
