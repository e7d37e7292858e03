package io.jporch.git.internal;

import io.jporch.core.repository.RepositoryKey;

/**
 * What one registered repository needs from its Repository object.
 *
 * @param key namespace, name, directory (trimmed) and branch
 * @param url remote URL ({@code spec.git.repo})
 * @param branch registered branch
 * @param deployment {@code spec.deployment}
 * @param author {@code spec.git.author}, empty if unset
 * @param email {@code spec.git.email}, empty if unset
 */
public record RepositorySettings(
    RepositoryKey key, String url, String branch, boolean deployment, String author, String email) {
  public RepositorySettings {
    author = author == null ? "" : author;
    email = email == null ? "" : email;
  }

  /** The repository directory inside the Git tree; empty for the root. */
  public String directory() {
    return key.path();
  }
}
