package io.jporch.testing.fake;

import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.Repository;
import io.jporch.core.repository.RepositoryFactory;
import io.jporch.core.repository.RepositoryKey;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens {@link FakeRepository} instances. Repositories with the same namespace and name share their
 * stored content, like clones of one remote: closing and reopening keeps the revisions.
 */
public final class FakeRepositoryFactory implements RepositoryFactory {
  private final Map<String, FakeRepository.Storage> storages = new ConcurrentHashMap<>();
  private final Map<String, FakeRepository> lastOpened = new ConcurrentHashMap<>();
  private final AtomicInteger opens = new AtomicInteger();
  private final AtomicReference<RuntimeException> nextOpenFailure = new AtomicReference<>();

  @Override
  public Repository open(RequestContext ctx, io.jporch.core.api.config.Repository spec) {
    Objects.requireNonNull(spec, "spec");
    RuntimeException failure = nextOpenFailure.getAndSet(null);
    if (failure != null) {
      throw failure;
    }
    RepositoryKey key = keyOf(spec);
    String id = key.namespace() + "/" + key.name();
    FakeRepository.Storage storage =
        storages.computeIfAbsent(id, unused -> new FakeRepository.Storage());
    FakeRepository repository = new FakeRepository(key, storage);
    lastOpened.put(id, repository);
    opens.incrementAndGet();
    return repository;
  }

  /** The repository most recently opened for namespace/name, or null. */
  public FakeRepository repository(String namespace, String name) {
    return lastOpened.get((namespace == null ? "" : namespace) + "/" + name);
  }

  /** How many times {@link #open} succeeded. */
  public int openCount() {
    return opens.get();
  }

  /** Makes the next {@link #open} throw {@code failure}. */
  public void failNextOpen(RuntimeException failure) {
    nextOpenFailure.set(failure);
  }

  /** The key the Git adapter derives from a Repository object (directory, branch). */
  public static RepositoryKey keyOf(io.jporch.core.api.config.Repository spec) {
    var git = spec.spec() == null ? null : spec.spec().git();
    String path = git == null ? "" : git.trimmedDirectory();
    String branch = git == null ? "main" : git.branchOrDefault();
    return new RepositoryKey(spec.namespace(), spec.name(), path, branch);
  }
}
