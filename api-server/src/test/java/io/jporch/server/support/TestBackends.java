package io.jporch.server.support;

import io.jporch.cache.InMemoryMetadataStore;
import io.jporch.cache.RepositoryCache;
import io.jporch.server.PorchServer;
import io.jporch.server.watch.ChangeJournal;
import io.jporch.testing.fake.FakeRepositoryFactory;
import io.jporch.watch.DefaultWatcherManager;
import java.util.List;

/** Backends for API-layer tests: the real cache and watcher manager over fake repositories. */
public final class TestBackends {
  private TestBackends() {}

  /** A backend over {@code factory}'s fake repositories, with {@link SimpleEngine}. */
  public static PorchServer.Backend fake(FakeRepositoryFactory factory) {
    DefaultWatcherManager watchers = new DefaultWatcherManager();
    ChangeJournal journal = new ChangeJournal(watchers, 100);
    RepositoryCache cache = new RepositoryCache(factory, new InMemoryMetadataStore(), journal);
    return new PorchServer.Backend(
        new SimpleEngine(cache), cache, watchers, journal, List.of(cache));
  }
}
