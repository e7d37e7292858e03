package io.jporch.server.rest.porch;

import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.util.Names;
import io.jporch.engine.CadEngine;
import io.jporch.server.rest.selector.RevisionQuery;
import io.jporch.server.store.RepositoryRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads package revisions across the registered repositories. Port of the read half of {@code
 * packageCommon} (pkg/registry/porch/packagecommon.go): lists repositories in parallel with a
 * per-repository timeout and silently omits a repository that fails (logged), and resolves an
 * object name to its repository and revision.
 */
public final class RevisionReader {
  private static final Logger log = LoggerFactory.getLogger(RevisionReader.class);
  private static final Comparator<PackageRevision> ORDER =
      Comparator.comparing((PackageRevision r) -> r.key().repository().namespace())
          .thenComparing(r -> r.key().repository().name())
          .thenComparing(r -> r.key().packageKey().path())
          .thenComparingInt(r -> r.key().revision())
          .thenComparing(r -> r.key().workspace());

  private final CadEngine engine;
  private final RepositoryRegistry repositories;
  private final Duration listTimeoutPerRepository;
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jporch-list-", 0).factory());

  public RevisionReader(
      CadEngine engine, RepositoryRegistry repositories, Duration listTimeoutPerRepository) {
    this.engine = engine;
    this.repositories = repositories;
    this.listTimeoutPerRepository = listTimeoutPerRepository;
  }

  /** A revision together with the Repository object it belongs to. */
  public record Found(Repository repository, PackageRevision revision) {}

  /** Every revision matching the query, across the repositories of its namespace. */
  public List<PackageRevision> list(RequestContext ctx, RevisionQuery query) {
    return list(ctx, query, warning -> {});
  }

  /**
   * Every revision matching the query, across the repositories of its namespace. A repository that
   * cannot be listed in time is left out, as Porch does; {@code warnings} is told which and why
   * (the API answers it in a {@code Warning} header, so a short list is never silent).
   */
  public List<PackageRevision> list(
      RequestContext ctx, RevisionQuery query, Consumer<String> warnings) {
    if (query.matchesNothing()) {
      return List.of();
    }
    PackageRevisionFilter filter = query.filter();
    List<Repository> targets =
        repositories.list(query.namespace()).stream()
            .filter(
                r ->
                    filter.repository() == null
                        || filter.repository().isEmpty()
                        || filter.repository().equals(r.name()))
            .toList();
    List<Future<List<PackageRevision>>> futures = new ArrayList<>();
    for (Repository repository : targets) {
      futures.add(executor.submit(() -> engine.listPackageRevisions(ctx, repository, filter)));
    }
    List<PackageRevision> result = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      result.addAll(await(targets.get(i), futures.get(i), warnings));
    }
    result.sort(ORDER);
    return result;
  }

  private List<PackageRevision> await(
      Repository repository, Future<List<PackageRevision>> future, Consumer<String> warnings) {
    String id = repository.namespace() + "/" + repository.name();
    try {
      return future.get(listTimeoutPerRepository.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      log.warn(
          "Listing repository {} timed out after {}; omitted from the result",
          id,
          listTimeoutPerRepository);
      warnings.accept(
          "repository "
              + id
              + " is missing from this list: listing it did not finish within "
              + listTimeoutPerRepository.toSeconds()
              + "s (it may still be loading; retry)");
    } catch (ExecutionException e) {
      log.warn(
          "Listing repository {} failed; omitted from the result: {}", id, e.getCause().toString());
      warnings.accept(
          "repository " + id + " is missing from this list: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
    }
    return List.of();
  }

  /**
   * Resolves {@code name} in {@code namespace}. An unparsable name, a missing repository or a
   * missing revision is a 404 on {@code resource} (Porch answers 500 for unparsable names).
   */
  public Found get(RequestContext ctx, String namespace, String name, ResourceRef resource) {
    return find(ctx, namespace, name).orElseThrow(() -> new NotFoundException(resource, ""));
  }

  /** Resolves {@code name} in {@code namespace}; empty if it does not name an existing revision. */
  public Optional<Found> find(RequestContext ctx, String namespace, String name) {
    Optional<Names.ParsedName> parsed = Names.parsePackageRevisionName(name);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Names.ParsedName n = parsed.get();
    Optional<Repository> repository = repositories.get(namespace, n.repository());
    if (repository.isEmpty()) {
      return Optional.empty();
    }
    PackageRevisionFilter filter = keyFilter(n);
    return engine.listPackageRevisions(ctx, repository.get(), filter).stream()
        .filter(r -> r.key().objectName().equals(name))
        .findFirst()
        .map(r -> new Found(repository.get(), r));
  }

  /** The Repository object {@code name} in {@code namespace}; 404 naming repositories. */
  public Repository repository(String namespace, String name) {
    return repositories
        .get(namespace, name)
        .orElseThrow(() -> new NotFoundException(ResourceRef.repository(name), ""));
  }

  private static PackageRevisionFilter keyFilter(Names.ParsedName n) {
    String path = n.packagePath();
    int i = path.lastIndexOf('/');
    String parent = i < 0 ? "" : path.substring(0, i);
    String pkg = i < 0 ? path : path.substring(i + 1);
    return new PackageRevisionFilter(
        n.repository(), parent, pkg, n.workspace(), 0, Set.of(), null, null);
  }
}
