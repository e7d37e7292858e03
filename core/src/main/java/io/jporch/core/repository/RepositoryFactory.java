package io.jporch.core.repository;

import io.jporch.core.context.RequestContext;

/** Opens a repository adapter for a Repository object. Port of {@code ExternalRepoFactory}. */
public interface RepositoryFactory {
  /**
   * Opens (cloning or fetching as needed) the repository; fails with a {@link
   * io.jporch.core.error.PorchException} if it cannot be reached or is misconfigured.
   */
  Repository open(RequestContext ctx, io.jporch.core.api.config.Repository spec);
}
