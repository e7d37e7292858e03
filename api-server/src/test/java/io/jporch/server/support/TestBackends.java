package io.jporch.server.support;

import io.jporch.cache.InMemoryMetadataStore;
import io.jporch.cache.RepositoryCache;
import io.jporch.server.PorchServer;
import io.jporch.server.watch.ChangeJournal;
import io.jporch.server.watch.VersionSequence;
import io.jporch.testing.fake.FakeRepositoryFactory;
import java.nio.file.Path;
import java.util.List;

/** Backends for API-layer tests: the real cache and change journal over fake repositories. */
public final class TestBackends {
  private TestBackends() {}

  /** A backend over {@code factory}'s fake repositories, with {@link SimpleEngine}. */
  public static PorchServer.Backend fake(FakeRepositoryFactory factory) {
    return fake(factory, new ChangeJournal(VersionSequence.inMemory(), 100));
  }

  /**
   * As {@link #fake(FakeRepositoryFactory)}, with the journal of {@code dataDir} (its
   * resourceVersions continue across restarts on the same directory, as in production).
   */
  public static PorchServer.Backend fake(FakeRepositoryFactory factory, Path dataDir) {
    return fake(factory, PorchServer.journal(dataDir));
  }

  private static PorchServer.Backend fake(FakeRepositoryFactory factory, ChangeJournal journal) {
    RepositoryCache cache = new RepositoryCache(factory, new InMemoryMetadataStore(), journal);
    return new PorchServer.Backend(new SimpleEngine(cache), cache, journal, List.of(cache));
  }
}
