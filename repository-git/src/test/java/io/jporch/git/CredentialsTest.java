package io.jporch.git;

import static io.jporch.git.GitTestSupport.KPTFILE;
import static io.jporch.git.GitTestSupport.NAMESPACE;
import static io.jporch.git.GitTestSupport.ctx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.error.ServiceUnavailableException;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.Repository;
import io.jporch.core.secret.Secret;
import io.jporch.core.secret.SecretCredentialResolver;
import io.jporch.testing.fake.FakeSecretStore;
import io.jporch.testing.git.GitFixtures;
import io.jporch.testing.http.GitHttpServer;
import io.jporch.testing.http.HttpAuth;
import io.jporch.testing.http.TestCertificate;
import io.jporch.testing.http.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials from Secrets against {@code git http-backend} demanding HTTP Basic or Bearer, and
 * HTTPS with a CA bundle: registration and lifecycle, refused credentials with a clear message that
 * never shows the secret, and an edited Secret taking effect without reopening anything.
 */
class CredentialsTest {
  private static final String PASSWORD = "correct-horse-battery";
  private static final String WRONG = "wrong-password-123";
  private static final String TOKEN = "token-abc-987";

  @TempDir Path tmp;
  private final FakeSecretStore secrets = new FakeSecretStore();
  private GitHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private GitRepositoryFactory factory() {
    return new GitRepositoryFactory(
        tmp.resolve("cache"),
        new GitOptions(2, Duration.ofSeconds(20), Duration.ofSeconds(20)),
        new SecretCredentialResolver(secrets, true));
  }

  /** A bare copy of the trivial fixture served by a new server demanding {@code auth}. */
  private String serve(HttpAuth auth, TestCertificate certificate) throws IOException {
    Path root = Files.createDirectories(tmp.resolve("srv"));
    server =
        certificate == null
            ? GitHttpServer.start(root, auth)
            : GitHttpServer.startHttps(root, auth, certificate);
    Path dir = TestData.unpackPorchGitRepo("trivial-repository", root.resolve("trivial"));
    try (var repo = GitFixtures.open(dir.resolve(".git"))) {
      StoredConfig config = repo.getConfig();
      config.setBoolean("core", null, "bare", true);
      config.save();
    }
    return server.url("trivial/.git");
  }

  private static io.jporch.core.api.config.Repository spec(String url, String secretName) {
    return io.jporch.core.api.config.Repository.of(
        ObjectMeta.named(NAMESPACE, "secured"),
        new io.jporch.core.api.config.Repository.Spec(
            null,
            false,
            io.jporch.core.api.config.Repository.TYPE_GIT,
            null,
            null,
            new io.jporch.core.api.config.Repository.Git(
                url,
                "main",
                false,
                null,
                secretName == null
                    ? null
                    : new io.jporch.core.api.config.Repository.SecretRef(secretName),
                null,
                null),
            null),
        null);
  }

  private static PackageRevision publish(Repository repo, String pkg) {
    PackageRevisionDraft draft =
        repo.createPackageRevisionDraft(
            ctx(), new PackageRevisionKey(new PackageKey(repo.key(), pkg), 0, "ws"));
    draft.updateResources(
        ctx(), Map.of("Kptfile", KPTFILE), Task.init(new Task.InitTaskSpec(null, "d", null, null)));
    draft.updateLifecycle(Lifecycle.PROPOSED);
    PackageRevision proposed = repo.closePackageRevisionDraft(ctx(), draft, 0);
    PackageRevisionDraft approve = repo.openPackageRevisionDraft(ctx(), proposed);
    approve.updateLifecycle(Lifecycle.PUBLISHED);
    return repo.closePackageRevisionDraft(ctx(), approve, 1);
  }

  @Test
  void basicAuthRegistrationAndLifecycle() throws IOException {
    String url = serve(HttpAuth.basic("alice", PASSWORD), null);
    secrets.putBasicAuth(NAMESPACE, "git-auth", "alice", PASSWORD);
    try (Repository repo = factory().open(ctx(), spec(url, "git-auth"))) {
      PackageRevision published = publish(repo, "fresh");
      assertThat(published.lifecycle()).isEqualTo(Lifecycle.PUBLISHED);
      assertThat(GitFixtures.refs(server.projectRoot().resolve("trivial/.git")))
          .containsEntry("refs/tags/fresh/v1", published.resourceVersion());
    }
    assertThat(server.requests())
        .anySatisfy(r -> assertThat(r.query()).isEqualTo("service=git-receive-pack"));
  }

  @Test
  void wrongPasswordFailsClearlyAndAFixedSecretWorksWithoutRestart() throws IOException {
    String url = serve(HttpAuth.basic("alice", PASSWORD), null);
    secrets.putBasicAuth(NAMESPACE, "git-auth", "alice", WRONG);
    GitRepositoryFactory factory = factory();

    assertThatThrownBy(() -> factory.open(ctx(), spec(url, "git-auth")))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("authentication to " + url + " failed")
        .hasMessageContaining("\"alice\"")
        .hasMessageContaining("Secret default/git-auth")
        .hasMessageNotContaining(WRONG)
        .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain(WRONG));

    secrets.putBasicAuth(NAMESPACE, "git-auth", "alice", PASSWORD);
    try (Repository repo = factory.open(ctx(), spec(url, "git-auth"))) {
      assertThat(repo.branchCommitHash(ctx())).isNotEmpty();
      assertThat(repo.listPackageRevisions(ctx(), PackageRevisionFilter.ALL)).isNotNull();
    }
  }

  @Test
  void anEditedSecretIsUsedByAnOpenRepository() throws IOException {
    String url = serve(HttpAuth.basic("alice", PASSWORD), null);
    secrets.putBasicAuth(NAMESPACE, "git-auth", "alice", PASSWORD);
    try (Repository repo = factory().open(ctx(), spec(url, "git-auth"))) {
      secrets.putBasicAuth(NAMESPACE, "git-auth", "alice", WRONG);
      assertThatThrownBy(() -> repo.refresh(ctx()))
          .isInstanceOf(ServiceUnavailableException.class)
          .hasMessageContaining("authentication")
          .hasMessageNotContaining(WRONG);
      secrets.putBasicAuth(NAMESPACE, "git-auth", "alice", PASSWORD);
      repo.refresh(ctx());
      assertThat(publish(repo, "after-fix").lifecycle()).isEqualTo(Lifecycle.PUBLISHED);
    }
  }

  @Test
  void withoutSecretAnAuthenticatingRemoteIsRefused() throws IOException {
    String url = serve(HttpAuth.basic("alice", PASSWORD), null);
    assertThatThrownBy(() -> factory().open(ctx(), spec(url, null)))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("without credentials");
  }

  @Test
  void missingSecretIsNamed() throws IOException {
    String url = serve(HttpAuth.basic("alice", PASSWORD), null);
    assertThatThrownBy(() -> factory().open(ctx(), spec(url, "nope")))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("secret \"nope\" not found in namespace \"default\"");
  }

  @Test
  void bearerTokenFromAnOpaqueSecret() throws IOException {
    String url = serve(HttpAuth.bearer(TOKEN), null);
    secrets.put(NAMESPACE, "token", Secret.TYPE_OPAQUE, Map.of("bearerToken", "not-" + TOKEN));
    GitRepositoryFactory factory = factory();
    assertThatThrownBy(() -> factory.open(ctx(), spec(url, "token")))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("with a bearer token (Secret default/token)")
        .hasMessageNotContaining(TOKEN);

    secrets.put(NAMESPACE, "token", Secret.TYPE_OPAQUE, Map.of("bearerToken", TOKEN));
    try (Repository repo = factory.open(ctx(), spec(url, "token"))) {
      assertThat(publish(repo, "by-token").lifecycle()).isEqualTo(Lifecycle.PUBLISHED);
    }
  }

  @Test
  void httpsTrustsTheNamespaceCaBundle() throws IOException {
    TestCertificate certificate = TestCertificate.generate(tmp.resolve("tls"));
    String url = serve(HttpAuth.basic("alice", PASSWORD), certificate);
    secrets.putBasicAuth(NAMESPACE, "git-auth", "alice", PASSWORD);
    GitRepositoryFactory factory = factory();
    assertThatThrownBy(() -> factory.open(ctx(), spec(url, "git-auth")))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("cannot fetch repository " + url);

    secrets.put(
        NAMESPACE,
        NAMESPACE + "-ca-bundle",
        Secret.TYPE_OPAQUE,
        Map.of("ca.crt", certificate.pem()));
    try (Repository repo = factory.open(ctx(), spec(url, "git-auth"))) {
      assertThat(publish(repo, "over-tls").lifecycle()).isEqualTo(Lifecycle.PUBLISHED);
    }
  }
}
