package io.jporch.git;

import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.CredentialResolver;
import io.jporch.git.internal.TemporaryClone;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one package from a Git repository that is not registered: a temporary bare clone (removed
 * afterwards) is fetched with the credentials of an optional Secret, the ref is resolved as Porch
 * does ({@code <directory>/<ref>}, then {@code <ref>}, as tag, branch or commit) and the files
 * below the directory are returned. Port of the clone-from-Git path of Porch's {@code
 * pkg/task/clone.go} ({@code git.OpenRepository} with branch verification skipped, {@code
 * GetPackageRevision}).
 */
public final class GitPackageReader {
  private final Path tempRoot;
  private final GitOptions options;
  private final CredentialResolver credentials;

  /**
   * @param tempRoot where temporary clones are made
   * @param credentials resolves the Secret named by a clone's {@code secretRef}
   */
  public GitPackageReader(Path tempRoot, GitOptions options, CredentialResolver credentials) {
    this.tempRoot = Objects.requireNonNull(tempRoot, "tempRoot");
    this.options = Objects.requireNonNull(options, "options");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /** The package files and the resolved location. */
  public record Result(
      Map<String, String> files, String repo, String directory, String ref, String commit) {}

  /**
   * Reads the package at {@code directory} of {@code ref} in {@code url}.
   *
   * @param secretName a Secret of {@code namespace} with credentials, or null
   * @throws io.jporch.core.error.PorchException if the remote, the ref or the package cannot be
   *     read
   */
  public Result read(
      RequestContext ctx,
      String namespace,
      String url,
      String ref,
      String directory,
      String secretName) {
    Repository spec =
        Repository.of(
            io.jporch.core.api.meta.ObjectMeta.named(namespace, "clone-git-package"),
            new Repository.Spec(
                null,
                false,
                Repository.TYPE_GIT,
                null,
                null,
                new Repository.Git(
                    url,
                    null,
                    false,
                    directory,
                    secretName == null || secretName.isEmpty()
                        ? null
                        : new Repository.SecretRef(secretName),
                    null,
                    null),
                null),
            null);
    TemporaryClone.Package pkg =
        TemporaryClone.readPackage(ctx, tempRoot, options, credentials, spec, url, ref, directory);
    return new Result(pkg.files(), url, pkg.directory(), ref, pkg.commit());
  }
}
