package io.jporch.task;

import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevision;
import java.util.Optional;

/**
 * Finds a registered package revision by its object name, for the tasks that read other revisions
 * ({@code clone} from an upstream reference, {@code edit}, {@code upgrade}). Port of Porch's {@code
 * repository.PackageFetcher} over the repository opener and reference resolver.
 */
@FunctionalInterface
public interface RevisionResolver {
  /** Resolves nothing: tasks that need another revision fail with "cannot find". */
  RevisionResolver NONE = (ctx, namespace, name) -> Optional.empty();

  /** The revision named {@code name} in {@code namespace}, with its Repository object. */
  Optional<Resolved> find(RequestContext ctx, String namespace, String name);

  /** A revision and the registered Repository it belongs to. */
  record Resolved(Repository repository, PackageRevision revision) {}
}
