package io.jporch.testing.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHttpServerTest {
  @TempDir Path temp;
  private Path root;
  private GitHttpServer server;

  @BeforeEach
  void start() throws IOException {
    root = Files.createDirectories(temp.resolve("srv"));
    server = GitHttpServer.start(root);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void gitCliClonesCommitsAndPushes() throws IOException {
    Path bare = server.createBareRepository("team/demo.git");
    assertThat(server.url("team/demo.git"))
        .isEqualTo("http://127.0.0.1:" + server.port() + "/team/demo.git");

    Path work = temp.resolve("work");
    git(temp, "clone", "-q", server.url("team/demo.git"), work.toString());
    Files.writeString(work.resolve("hello.txt"), "hello\n");
    git(work, "add", "hello.txt");
    git(work, "commit", "-q", "-m", "first");
    git(work, "push", "-q", "origin", "HEAD:refs/heads/main");
    git(work, "tag", "pkg/v1");
    git(work, "push", "-q", "origin", "pkg/v1");

    assertThat(git(bare, "--git-dir=" + bare, "show", "main:hello.txt")).isEqualTo("hello\n");
    assertThat(git(bare, "--git-dir=" + bare, "rev-parse", "refs/tags/pkg/v1"))
        .isEqualTo(git(work, "rev-parse", "HEAD"));

    Path second = temp.resolve("second");
    git(temp, "clone", "-q", server.url("team/demo.git"), second.toString());
    assertThat(second.resolve("hello.txt")).hasContent("hello");
    assertThat(server.requests())
        .anySatisfy(r -> assertThat(r.query()).isEqualTo("service=git-receive-pack"))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
  }

  @Test
  void jgitClonesAndPushes() throws Exception {
    Path bare = server.createBareRepository("jgit.git");
    seed(bare);

    Path work = temp.resolve("jgit-work");
    try (Git git =
        Git.cloneRepository().setURI(server.url("jgit.git")).setDirectory(work.toFile()).call()) {
      assertThat(work.resolve("seed.txt")).hasContent("seed");
      Files.writeString(work.resolve("from-jgit.txt"), "jgit\n");
      git.add().addFilepattern("from-jgit.txt").call();
      PersonIdent ident = new PersonIdent("Test", "test@example.com");
      git.commit().setMessage("from jgit").setAuthor(ident).setCommitter(ident).call();
      git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
    assertThat(git(bare, "--git-dir=" + bare, "show", "main:from-jgit.txt")).isEqualTo("jgit\n");
  }

  @Test
  void largeChunkedPushAndGzippedFetchRequests() throws IOException {
    Path bare = server.createBareRepository("big.git");
    Path work = temp.resolve("big-work");
    git(temp, "clone", "-q", server.url("big.git"), work.toString());
    byte[] random = new byte[3 * 1024 * 1024];
    new Random(42).nextBytes(random);
    Files.write(work.resolve("blob.bin"), random);
    git(work, "add", "blob.bin");
    git(work, "commit", "-q", "-m", "big");
    // 60 tagged commits: cloning them needs an upload-pack request above 1 KiB, which git gzips.
    for (int i = 0; i < 60; i++) {
      git(work, "commit", "-q", "--allow-empty", "-m", "c" + i);
      git(work, "tag", "t" + i);
    }
    git(work, "push", "-q", "origin", "HEAD:refs/heads/main", "--tags");
    assertThat(git(bare, "--git-dir=" + bare, "tag", "--list").lines()).hasSize(60);

    Path clone = temp.resolve("big-clone");
    git(temp, "clone", "-q", "--no-single-branch", server.url("big.git"), clone.toString());
    assertThat(Files.size(clone.resolve("blob.bin"))).isEqualTo(random.length);
    assertThat(git(clone, "tag", "--list").lines()).hasSize(60);

    assertThat(server.requests())
        .anySatisfy(r -> assertThat(r.chunked()).isTrue())
        .anySatisfy(r -> assertThat(r.contentEncoding()).isEqualTo("gzip"));
  }

  @Test
  void servesUnpackedPorchFixture() {
    Path dir = TestData.unpackPorchGitRepo("simple-repository", root.resolve("simple"));
    assertThat(dir.resolve(".git")).isDirectory();
    String refs = git(temp, "ls-remote", server.url("simple/.git"));
    assertThat(refs)
        .contains("refs/heads/main", "refs/tags/basens/v1", "refs/tags/basens/v2")
        .contains("refs/tags/empty/v1", "refs/tags/istions/v1", "refs/tags/istions/v2");
  }

  @Test
  void unknownRepositoryIsNotFound() {
    assertThat(gitExitCode(temp, "ls-remote", server.url("missing.git"))).isNotZero();
    assertThat(server.requests()).anySatisfy(r -> assertThat(r.status()).isEqualTo(404));
  }

  @Test
  void basicAuthIsDemandedAndChecked() throws IOException {
    try (GitHttpServer secured =
        GitHttpServer.start(
            Files.createDirectories(temp.resolve("secured")), HttpAuth.basic("alice", "pw1"))) {
      secured.createBareRepository("auth.git");
      String url = secured.url("auth.git");
      String withUser = url.replace("http://", "http://alice:pw1@");
      String wrong = url.replace("http://", "http://alice:nope@");

      assertThat(gitExitCode(temp, "ls-remote", url)).isNotZero();
      assertThat(gitExitCode(temp, "ls-remote", wrong)).isNotZero();
      assertThat(gitExitCode(temp, "ls-remote", withUser)).isZero();
      assertThat(secured.requests())
          .anySatisfy(r -> assertThat(r.status()).isEqualTo(401))
          .anySatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }
  }

  @Test
  void bearerTokenIsChecked() {
    HttpAuth auth = HttpAuth.bearer("tok");
    assertThat(auth.accepts(null)).isFalse();
    assertThat(auth.accepts("Bearer tok")).isTrue();
    assertThat(auth.accepts("Bearer other")).isFalse();
    assertThat(auth.accepts("Basic dG9rOg==")).isFalse();
    assertThat(auth.challenge()).startsWith("Bearer");
    assertThat(HttpAuth.NONE.accepts(null)).isTrue();
  }

  @Test
  void httpsWithATestCertificate() throws Exception {
    TestCertificate certificate = TestCertificate.generate(temp.resolve("tls"));
    try (GitHttpServer https =
        GitHttpServer.startHttps(
            Files.createDirectories(temp.resolve("tls-root")), HttpAuth.NONE, certificate)) {
      https.createBareRepository("tls.git");
      assertThat(https.url("tls.git")).startsWith("https://127.0.0.1:");
      URI refs = URI.create(https.url("tls.git") + "/info/refs?service=git-upload-pack");
      HttpRequest request = HttpRequest.newBuilder(refs).build();
      try (HttpClient untrusting = HttpClient.newHttpClient()) {
        assertThatThrownBy(() -> untrusting.send(request, BodyHandlers.discarding()))
            .isInstanceOf(IOException.class);
      }
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry(
          "ca",
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(certificate.pem().getBytes(StandardCharsets.UTF_8))));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      try (HttpClient trusting = HttpClient.newBuilder().sslContext(context).build()) {
        assertThat(trusting.send(request, BodyHandlers.discarding()).statusCode()).isEqualTo(200);
      }
    }
  }

  private void seed(Path bare) throws IOException {
    Path seed = temp.resolve("seed");
    git(temp, "clone", "-q", bare.toString(), seed.toString());
    Files.writeString(seed.resolve("seed.txt"), "seed");
    git(seed, "add", "seed.txt");
    git(seed, "commit", "-q", "-m", "seed");
    git(seed, "push", "-q", "origin", "HEAD:refs/heads/main");
  }

  private static String git(Path dir, String... args) {
    Result result = runGit(dir, args);
    if (result.exitCode != 0) {
      throw new AssertionError("git " + String.join(" ", args) + " failed: " + result.stderr);
    }
    return result.stdout;
  }

  private static int gitExitCode(Path dir, String... args) {
    return runGit(dir, args).exitCode;
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result runGit(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "init.defaultBranch=main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("GIT_AUTHOR_NAME", "Test");
    builder.environment().put("GIT_AUTHOR_EMAIL", "test@example.com");
    builder.environment().put("GIT_COMMITTER_NAME", "Test");
    builder.environment().put("GIT_COMMITTER_EMAIL", "test@example.com");
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      Process process = builder.start();
      CompletableFuture<String> out = read(process.getInputStream());
      CompletableFuture<String> err = read(process.getErrorStream());
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("git " + String.join(" ", args) + " timed out");
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static CompletableFuture<String> read(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
