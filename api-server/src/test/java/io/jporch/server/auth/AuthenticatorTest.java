package io.jporch.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.context.UserInfo;
import io.jporch.server.support.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private static final TestPki.Issued CA = TestPki.authority("clients");
  private static final TestPki.Issued OTHER_CA = TestPki.authority("other");
  private static final BearerToken ADMIN_TOKEN = BearerToken.of("admin-token-0123456789");
  private static final TokenFile TOKENS =
      TokenFile.parse("alice-token,alice,u1,\"authors\"\n", "tokens.csv");

  private static ClientCertificates cas() {
    return ClientCertificates.of(CA.certificatePem().getBytes(StandardCharsets.US_ASCII));
  }

  private static List<X509Certificate> chain(TestPki.Issued... certs) {
    return java.util.Arrays.stream(certs).map(TestPki.Issued::certificate).toList();
  }

  @Test
  void generatedAndFileTokens() {
    Authenticator auth = new Authenticator(ADMIN_TOKEN, TOKENS, null, false);
    assertThat(auth.authenticate("Bearer admin-token-0123456789")).contains(Authenticator.ADMIN);
    assertThat(auth.authenticate("bearer alice-token"))
        .contains(new UserInfo("alice", List.of("authors", UserInfo.AUTHENTICATED_GROUP)));
    assertThat(auth.authenticate("Bearer nope")).isEmpty();
    assertThat(auth.authenticate((String) null)).isEmpty();
    assertThat(auth.authenticate("Basic YTpi")).isEmpty();
    assertThat(auth.requestsClientCertificates()).isFalse();
  }

  @Test
  void clientCertificatesAuthenticateAsCommonNameAndOrganizations() {
    Authenticator auth = new Authenticator(ADMIN_TOKEN, TokenFile.EMPTY, cas(), false);
    TestPki.Issued carol = TestPki.client(CA, "carol", List.of("approvers", "porch"));
    assertThat(auth.authenticate(null, chain(carol)))
        .contains(
            new UserInfo("carol", List.of("approvers", "porch", UserInfo.AUTHENTICATED_GROUP)));
    assertThat(auth.authenticate(null, chain(carol, CA)))
        .as("a chain that includes the CA")
        .contains(
            new UserInfo("carol", List.of("approvers", "porch", UserInfo.AUTHENTICATED_GROUP)));
    assertThat(auth.requestsClientCertificates()).isTrue();
  }

  @Test
  void certificatesThatDoNotVerifyDoNotAuthenticate() {
    Authenticator auth = new Authenticator(ADMIN_TOKEN, TOKENS, cas(), true);
    TestPki.Issued foreign = TestPki.client(OTHER_CA, "mallory", List.of("system:masters"));
    TestPki.Issued expired =
        TestPki.client(CA, "old", List.of(), KeyPurposeId.id_kp_clientAuth, Duration.ofDays(-1));
    TestPki.Issued serverOnly =
        TestPki.client(CA, "srv", List.of(), KeyPurposeId.id_kp_serverAuth, Duration.ofDays(1));
    TestPki.Issued noName = TestPki.client(CA, null, List.of("g"));
    for (TestPki.Issued bad : List.of(foreign, expired, serverOnly, noName)) {
      assertThat(auth.authenticate(null, chain(bad)))
          .as("%s: presented credentials that fail are not anonymous", bad.certificate())
          .isEmpty();
    }
    assertThat(auth.authenticate(null, chain(CA))).as("the CA itself").isEmpty();
    assertThat(auth.authenticate("Bearer alice-token", chain(foreign)))
        .as("a valid token with an invalid certificate authenticates, as kube's union")
        .map(UserInfo::name)
        .contains("alice");
  }

  @Test
  void anonymousOnlyWithoutCredentialsAndOnlyWhenEnabled() {
    Authenticator anonymous = new Authenticator(ADMIN_TOKEN, TOKENS, null, true);
    assertThat(anonymous.authenticate((String) null)).contains(Authenticator.ANONYMOUS);
    assertThat(anonymous.authenticate("Basic YTpi")).contains(Authenticator.ANONYMOUS);
    assertThat(anonymous.authenticate("Bearer wrong")).isEmpty();
    assertThat(Authenticator.ANONYMOUS.isAuthenticated()).isFalse();
    assertThat(new Authenticator(ADMIN_TOKEN).authenticate((String) null)).isEmpty();
  }
}
