package io.jporch.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ServiceUnavailableException;
import io.jporch.core.repository.Credential;
import io.jporch.core.repository.RemoteCredentials;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretCredentialResolverTest {
  private static final String PEM =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  private final Map<String, Secret> secrets = new HashMap<>();
  private final SecretStore store = (ns, name) -> Optional.ofNullable(secrets.get(ns + "/" + name));

  private void put(String name, String type, Map<String, String> values) {
    secrets.put("team/" + name, Secret.of(ObjectMeta.named("team", name), type, values));
  }

  private static Repository repo(String secretName) {
    return Repository.of(
        ObjectMeta.named("team", "blueprints"),
        new Repository.Spec(
            null,
            false,
            Repository.TYPE_GIT,
            null,
            null,
            new Repository.Git(
                "https://example.com/r.git",
                "main",
                false,
                null,
                secretName == null ? null : new Repository.SecretRef(secretName),
                null,
                null),
            null),
        null);
  }

  private RemoteCredentials resolve(String secretName) {
    return new SecretCredentialResolver(store, true)
        .resolve(RequestContext.system(), repo(secretName));
  }

  @Test
  void noSecretRefIsAnonymous() {
    RemoteCredentials credentials = resolve(null);
    assertThat(credentials.credential()).isEqualTo(Credential.ANONYMOUS);
    assertThat(credentials.caBundle()).isNull();
  }

  @Test
  void basicAuthSecret() {
    put("git", Secret.TYPE_BASIC_AUTH, Map.of("username", "alice", "password", "s3cret"));
    RemoteCredentials credentials = resolve("git");
    assertThat(credentials.credential()).isEqualTo(new Credential.BasicAuth("alice", "s3cret"));
    assertThat(credentials.source()).isEqualTo("Secret team/git");
    assertThat(credentials.toString()).doesNotContain("s3cret");
  }

  @Test
  void opaqueSecretWithBearerToken() {
    put("git", null, Map.of("bearerToken", "tok-123"));
    RemoteCredentials credentials = resolve("git");
    assertThat(credentials.credential()).isEqualTo(new Credential.BearerToken("tok-123"));
    assertThat(credentials.toString()).doesNotContain("tok-123");
  }

  @Test
  void stringDataWinsOverData() {
    secrets.put(
        "team/git",
        new Secret(
            "v1",
            "Secret",
            ObjectMeta.named("team", "git"),
            null,
            Map.of("bearerToken", "b2xk"),
            Map.of("bearerToken", "new"),
            "Opaque"));
    assertThat(resolve("git").credential()).isEqualTo(new Credential.BearerToken("new"));
  }

  @Test
  void opaqueSecretWithoutBearerTokenIsRefused() {
    put("git", Secret.TYPE_OPAQUE, Map.of("password", "hunter2"));
    assertThatThrownBy(() -> resolve("git"))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("bearerToken")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void otherSecretTypesAreRefused() {
    put("git", "kubernetes.io/ssh-auth", Map.of("ssh-privatekey", "KEY"));
    assertThatThrownBy(() -> resolve("git"))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("kubernetes.io/ssh-auth")
        .hasMessageNotContaining("KEY");
  }

  @Test
  void missingSecretIsAClearError() {
    assertThatThrownBy(() -> resolve("absent"))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("\"absent\"")
        .hasMessageContaining("\"team\"");
  }

  @Test
  void invalidBase64NamesTheKeyOnly() {
    secrets.put(
        "team/git",
        new Secret(
            "v1",
            "Secret",
            ObjectMeta.named("team", "git"),
            null,
            Map.of("bearerToken", "not base64 ***"),
            null,
            "Opaque"));
    assertThatThrownBy(() -> resolve("git"))
        .hasMessageContaining("data.bearerToken")
        .hasMessageNotContaining("***");
  }

  @Test
  void caBundleOfTheNamespace() {
    put("team-ca-bundle", Secret.TYPE_OPAQUE, Map.of("ca.crt", PEM));
    assertThat(resolve(null).caBundle()).isEqualTo(PEM);
    assertThat(
            new SecretCredentialResolver(store, false)
                .resolve(RequestContext.system(), repo(null))
                .caBundle())
        .isNull();
  }

  @Test
  void caBundleWithoutCertificateIsRefused() {
    put("team-ca-bundle", Secret.TYPE_OPAQUE, Map.of("ca.crt", "garbage"));
    assertThatThrownBy(() -> resolve(null)).hasMessageContaining("ca.crt");
  }

  @Test
  void versionChangesExactlyWhenASecretChanges() {
    put("git", Secret.TYPE_BASIC_AUTH, Map.of("username", "alice", "password", "one"));
    String first = resolve("git").version();
    assertThat(resolve("git").version()).isEqualTo(first);
    put("git", Secret.TYPE_BASIC_AUTH, Map.of("username", "alice", "password", "two"));
    String second = resolve("git").version();
    assertThat(second).isNotEqualTo(first);
    put("team-ca-bundle", Secret.TYPE_OPAQUE, Map.of("ca.crt", PEM));
    assertThat(resolve("git").version()).isNotEqualTo(second);
  }

  @Test
  void secretToStringHidesValues() {
    Secret secret =
        Secret.of(
            ObjectMeta.named("team", "git"), Secret.TYPE_OPAQUE, Map.of("bearerToken", "xyz"));
    assertThat(secret.toString())
        .contains("bearerToken")
        .doesNotContain("xyz")
        .doesNotContain("eHl6");
  }
}
