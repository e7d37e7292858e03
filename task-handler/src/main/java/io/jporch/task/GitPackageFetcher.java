package io.jporch.task;

import io.jporch.core.api.PackageRevisionStatus;
import io.jporch.core.api.Task;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.InternalErrorException;
import java.util.Map;

/**
 * Reads a package straight from a Git repository that is not registered, for {@code clone} with
 * {@code upstreamRef.git}. Port of the temporary clone in Porch's {@code pkg/task/clone.go} ({@code
 * cloneFromGit}).
 */
@FunctionalInterface
public interface GitPackageFetcher {
  /** Fetches nothing: every clone from Git fails. */
  GitPackageFetcher NONE =
      (ctx, namespace, source) -> {
        throw new InternalErrorException(null, "cannot clone Git repository: not configured");
      };

  /**
   * The files of the package at {@code source.directory} of {@code source.ref} (a branch, a tag,
   * {@code <directory>/<ref>} or a commit), with the lock naming the remote URL, the directory
   * (slashes trimmed), the ref as given and the resolved commit. {@code source.secretRef} names a
   * Secret of {@code namespace} with the credentials.
   *
   * @throws io.jporch.core.error.PorchException if the repository, ref or package cannot be read
   */
  Fetched fetch(RequestContext ctx, String namespace, Task.GitPackage source);

  /** Package files (path relative to the package → content) and where they came from. */
  record Fetched(Map<String, String> resources, PackageRevisionStatus.GitLock lock) {}
}
