package io.jporch.server.rest.config;

import io.jporch.core.api.config.Repository;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * The registration rules of Porch's Repository validating webhook ({@code
 * porchrepositorywebhook.nephio.org}): two Repositories on the same Git URL (compared as Porch
 * normalises it) and branch conflict when, in the same namespace, they use the same directory, or,
 * in any namespaces, one uses the repository root and the other a sub-directory, or one directory
 * is nested in the other.
 */
public final class RepositoryConflicts {
  /** The name of Porch's webhook in its ValidatingWebhookConfiguration. */
  public static final String WEBHOOK_NAME = "porchrepositorywebhook.nephio.org";

  /** The reason the webhook gives when it denies a registration. */
  public static final String REASON = "RepositoryConflict";

  private RepositoryConflicts() {}

  /**
   * The first of {@code existing} (other than {@code attempted} itself, by namespace and name) that
   * {@code attempted} conflicts with.
   */
  public static Optional<Repository> find(Collection<Repository> existing, Repository attempted) {
    for (Repository other : existing) {
      if (Objects.equals(other.namespace(), attempted.namespace())
          && Objects.equals(other.name(), attempted.name())) {
        continue;
      }
      if (conflict(other, attempted)) {
        return Optional.of(other);
      }
    }
    return Optional.empty();
  }

  /** The message kube-apiserver answers when the webhook denies a registration. */
  static String message(Repository existing) {
    return "admission webhook \"" + WEBHOOK_NAME + "\" denied the request: " + denial(existing);
  }

  /** The webhook's own message when it denies a registration conflicting with {@code existing}. */
  public static String denial(Repository existing) {
    return "Repository conflict with existing repository: "
        + existing.namespace()
        + "/"
        + existing.name();
  }

  static boolean conflict(Repository existing, Repository attempted) {
    Repository.Git a = git(existing);
    Repository.Git b = git(attempted);
    if (a == null || b == null) {
      return false;
    }
    if (!normalizedUrl(a.repo()).equals(normalizedUrl(b.repo()))
        || !Objects.equals(nullToEmpty(a.branch()), nullToEmpty(b.branch()))) {
      return false;
    }
    String dirA = trimSlashes(a.directory());
    String dirB = trimSlashes(b.directory());
    if (dirA.equals(dirB)) {
      return Objects.equals(existing.namespace(), attempted.namespace());
    }
    if (dirA.isEmpty() || dirB.isEmpty()) {
      return true;
    }
    return nested(dirA, dirB) || nested(dirB, dirA);
  }

  /** True if {@code inner} lies below {@code outer} (whole path segments). */
  private static boolean nested(String outer, String inner) {
    return inner.startsWith(outer + "/");
  }

  /** Porch's cache-directory form of a URL: {@code ://} → {@code ---}, {@code :} and / → -. */
  static String normalizedUrl(String url) {
    return nullToEmpty(url).replace("://", "---").replace(":", "-").replace("/", "-");
  }

  private static Repository.Git git(Repository repository) {
    return repository.spec() == null ? null : repository.spec().git();
  }

  private static String trimSlashes(String directory) {
    String d = nullToEmpty(directory);
    int start = 0;
    int end = d.length();
    while (start < end && d.charAt(start) == '/') {
      start++;
    }
    while (end > start && d.charAt(end - 1) == '/') {
      end--;
    }
    return d.substring(start, end);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
