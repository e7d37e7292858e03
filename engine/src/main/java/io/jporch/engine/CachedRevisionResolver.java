package io.jporch.engine;

import io.jporch.core.api.config.Repository;
import io.jporch.core.cache.PackageCache;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.util.Names;
import io.jporch.task.RevisionResolver;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds package revisions by object name through the cache, for the tasks that read other
 * revisions. Port of Porch's {@code repository.PackageFetcher} with the engine as repository opener
 * and the Repository objects as reference resolver.
 */
public final class CachedRevisionResolver implements RevisionResolver {
  /** Finds a registered Repository object. */
  @FunctionalInterface
  public interface RepositoryLookup {
    Optional<Repository> get(String namespace, String name);
  }

  private final PackageCache cache;
  private final RepositoryLookup repositories;

  public CachedRevisionResolver(PackageCache cache, RepositoryLookup repositories) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.repositories = Objects.requireNonNull(repositories, "repositories");
  }

  @Override
  public Optional<Resolved> find(RequestContext ctx, String namespace, String name) {
    Optional<Names.ParsedName> parsed = Names.parsePackageRevisionName(name);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Names.ParsedName n = parsed.get();
    Optional<Repository> repository = repositories.get(namespace, n.repository());
    if (repository.isEmpty()) {
      return Optional.empty();
    }
    String path = n.packagePath();
    int i = path.lastIndexOf('/');
    PackageRevisionFilter filter =
        new PackageRevisionFilter(
            n.repository(),
            i < 0 ? "" : path.substring(0, i),
            i < 0 ? path : path.substring(i + 1),
            n.workspace(),
            0,
            Set.of(),
            null,
            null);
    return cache.openRepository(ctx, repository.get()).listPackageRevisions(ctx, filter).stream()
        .filter(r -> r.key().objectName().equals(name))
        .findFirst()
        .map(r -> new Resolved(repository.get(), r));
  }
}
