package io.jporch.git.internal;

import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.error.ServiceUnavailableException;
import io.jporch.core.repository.Credential;
import io.jporch.core.repository.CredentialResolver;
import io.jporch.core.repository.RemoteCredentials;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The credentials of one registered repository and how they are put on a JGit transport: HTTP Basic
 * through a {@link UsernamePasswordCredentialsProvider}, Bearer as an {@code Authorization} header
 * ({@link TransportHttp#setAdditionalHeaders}), a CA bundle through a per-transport HTTP connection
 * factory. Port of the credential handling in {@code git.go} ({@code getAuthMethod}, {@code
 * doGitWithAuth}).
 *
 * <p>Credentials are resolved before every remote operation, so an edited Secret is used at the
 * next fetch or push. When the remote refuses them, {@link SharedClone} asks again once: if the
 * resolution changed meanwhile it retries, otherwise it fails with {@link #refused}, whose message
 * names the remote and the Secret but no secret value.
 */
public final class RemoteAuth {
  /** Anonymous access, for clones opened without a repository (tests, temporary clones). */
  public static final RemoteAuth ANONYMOUS = new RemoteAuth(CredentialResolver.ANONYMOUS, null);

  private final CredentialResolver resolver;
  private final io.jporch.core.api.config.Repository spec;
  private final ReentrantLock lock = new ReentrantLock();
  private TrustedCertificates trusted; // guarded by lock; the trust of the last CA bundle

  /** The credentials of the repository {@code spec}, as {@code resolver} finds them. */
  public RemoteAuth(CredentialResolver resolver, io.jporch.core.api.config.Repository spec) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.spec = spec;
  }

  /** Resolves the credentials now; failures are the resolver's {@code PorchException}s. */
  RemoteCredentials resolve(RequestContext ctx) {
    if (spec == null) {
      return RemoteCredentials.ANONYMOUS;
    }
    RemoteCredentials credentials = resolver.resolve(ctx, spec);
    return credentials == null ? RemoteCredentials.ANONYMOUS : credentials;
  }

  /** Puts {@code credentials} on a freshly opened transport. */
  void configure(Transport transport, RemoteCredentials credentials) {
    switch (credentials.credential()) {
      case Credential.Anonymous a -> {}
      case Credential.BasicAuth basic ->
          transport.setCredentialsProvider(
              new UsernamePasswordCredentialsProvider(basic.username(), basic.password()));
      case Credential.BearerToken bearer -> {
        if (transport instanceof TransportHttp http) {
          http.setAdditionalHeaders(Map.of("Authorization", "Bearer " + bearer.token()));
        }
      }
    }
    if (credentials.caBundle() != null && transport instanceof TransportHttp http) {
      http.setHttpConnectionFactory(trust(credentials.caBundle()).connectionFactory());
    }
  }

  private TrustedCertificates trust(String pem) {
    lock.lock();
    try {
      if (trusted == null || !trusted.pem().equals(pem)) {
        trusted = TrustedCertificates.parse(pem);
      }
      return trusted;
    } finally {
      lock.unlock();
    }
  }

  /**
   * True if {@code e} says the remote refused the request for lack of (valid) credentials: HTTP
   * 401, 403 on a Git service, or JGit finding no credentials for a challenge.
   */
  static boolean isAuthFailure(TransportException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (message.contains("not authorized")
          || message.contains("authentication is required")
          || message.contains("authentication not supported")
          || message.contains("not permitted")
          || message.contains("401 unauthorized")
          || message.contains("403 forbidden")) {
        return true;
      }
    }
    return false;
  }

  /** The failure reported when the remote refuses the credentials of {@code credentials}. */
  static ServiceUnavailableException refused(
      String url, RemoteCredentials credentials, TransportException e) {
    String using =
        switch (credentials.credential()) {
          case Credential.Anonymous a -> "without credentials";
          case Credential.BasicAuth basic ->
              "as user \"" + basic.username() + "\" (" + credentials.source() + ")";
          case Credential.BearerToken bearer ->
              "with a bearer token (" + credentials.source() + ")";
        };
    return new ServiceUnavailableException(
        (ResourceRef) null,
        "authentication to "
            + Urls.redacted(url)
            + " failed "
            + using
            + ": "
            + Urls.redactedMessage(e.getMessage(), url),
        GitErrors.detached(e));
  }
}
