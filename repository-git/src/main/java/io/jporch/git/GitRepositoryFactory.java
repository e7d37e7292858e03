package io.jporch.git;

import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.CredentialResolver;
import io.jporch.core.repository.RepositoryFactory;
import io.jporch.git.internal.ClonePool;
import io.jporch.git.internal.GitRepositoryOpener;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens Git-backed repositories. Each distinct remote URL gets one bare clone below {@code
 * <cacheDirectory>/git}, shared (reference-counted) by every repository that uses the URL and
 * deleted when the last of them closes. Port of {@code pkg/externalrepo/git/gitrepofactory.go}.
 *
 * <p>Thread-safe; one instance is meant to live as long as the server.
 */
public final class GitRepositoryFactory implements RepositoryFactory {
  private final GitRepositoryOpener opener;

  /** A factory with {@link GitOptions#DEFAULTS} and anonymous access to remotes. */
  public GitRepositoryFactory(Path cacheDirectory) {
    this(cacheDirectory, GitOptions.DEFAULTS);
  }

  /** A factory with explicit options and anonymous access to remotes. */
  public GitRepositoryFactory(Path cacheDirectory, GitOptions options) {
    this(cacheDirectory, options, CredentialResolver.ANONYMOUS);
  }

  /**
   * A factory whose repositories authenticate with the credentials {@code credentials} resolves for
   * them (from {@code spec.git.secretRef}), asked again before every fetch and push so that an
   * edited Secret takes effect without reopening the repository.
   */
  public GitRepositoryFactory(
      Path cacheDirectory, GitOptions options, CredentialResolver credentials) {
    Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(credentials, "credentials");
    this.opener =
        new GitRepositoryOpener(
            cacheDirectory.resolve("git"), new ClonePool(options), options, credentials);
  }

  /**
   * Opens (cloning or fetching) the repository described by {@code spec}; see {@link
   * RepositoryFactory#open}. Fails with {@link io.jporch.core.error.BadRequestException} for a type
   * other than {@code git}, {@link io.jporch.core.error.InvalidException} for a bad {@code
   * spec.git}, {@link io.jporch.core.error.ServiceUnavailableException} when the remote cannot be
   * reached and {@link io.jporch.core.error.NotFoundException} when the registered branch does not
   * exist and {@code createBranch} is off.
   */
  @Override
  public io.jporch.core.repository.Repository open(RequestContext ctx, Repository spec) {
    return opener.open(ctx, spec);
  }
}
