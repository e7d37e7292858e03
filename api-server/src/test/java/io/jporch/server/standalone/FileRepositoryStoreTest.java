package io.jporch.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.error.AlreadyExistsException;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.NotFoundException;
import io.jporch.watch.ChangeLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRepositoryStoreTest {
  @TempDir Path dir;

  @Test
  void persistsAcrossInstances() {
    FileRepositoryStore store = new FileRepositoryStore(dir);
    Repository created = store.create(repository("ns1", "a", "https://x/a.git"));
    assertThat(created.metadata().resourceVersion()).isEqualTo("1");
    assertThat(created.metadata().generation()).isEqualTo(1L);
    store.create(repository("ns2", "b", "https://x/b.git"));

    FileRepositoryStore reopened = new FileRepositoryStore(dir);
    assertThat(reopened.get("ns1", "a")).contains(created);
    assertThat(reopened.list(null)).extracting(Repository::name).containsExactly("a", "b");
    assertThat(reopened.list("ns2")).extracting(Repository::name).containsExactly("b");
    assertThat(reopened.resourceVersion()).isEqualTo("2");
    assertThat(reopened.create(repository("ns1", "c", "x")).metadata().resourceVersion())
        .isEqualTo("3");
  }

  @Test
  void updatesCheckTheResourceVersionAndBumpGeneration() {
    FileRepositoryStore store = new FileRepositoryStore(dir);
    Repository created = store.create(repository("ns", "a", "https://x/a.git"));
    Repository changed = Repository.of(created.metadata(), spec("https://x/a.git", "new"), null);
    Repository updated = store.update(changed);
    assertThat(updated.metadata().generation()).isEqualTo(2L);
    assertThat(updated.metadata().uid()).isEqualTo(created.metadata().uid());
    assertThatThrownBy(() -> store.update(changed)).isInstanceOf(ConflictException.class);
    Repository labelsOnly =
        updated.withMetadata(updated.metadata().withLabels(java.util.Map.of("k", "v")));
    assertThat(store.update(labelsOnly).metadata().generation()).isEqualTo(2L);
    assertThatThrownBy(() -> store.create(repository("ns", "a", "y")))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> store.delete("ns", "zz")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void changesAreLoggedWithTheirVersionsAndPreviousStates() {
    FileRepositoryStore store = new FileRepositoryStore(dir);
    store.create(repository("ns", "a", "x"));
    long rv = Long.parseLong(store.resourceVersion());
    store.create(repository("ns", "b", "x"));
    store.delete("ns", "a");
    List<String> seen = new ArrayList<>();
    try (ChangeLog.Subscription sub = store.changes().subscribe(rv, c -> seen.add(describe(c)))) {
      store.updateStatus("ns", "b", s -> new Repository.Status(List.of(), null, null, 1, 0, "abc"));
    }
    store.create(repository("ns", "c", "x"));
    assertThat(seen).containsExactly("2 ADDED b@2", "3 DELETED a@3 was@1", "4 MODIFIED b@4 was@2");
    assertThatThrownBy(() -> store.changes().subscribe(999, c -> {}))
        .isInstanceOf(ChangeLog.ExpiredException.class);
  }

  @Test
  void aReopenedStoreResumesFromItsStoredVersionOnly() {
    FileRepositoryStore store = new FileRepositoryStore(dir);
    store.create(repository("ns", "a", "x"));
    store.create(repository("ns", "b", "x"));
    FileRepositoryStore reopened = new FileRepositoryStore(dir);
    assertThat(reopened.changes().version()).isEqualTo(2);
    assertThat(reopened.changes().subscribe(2, c -> {}).startedAfter()).isEqualTo(2);
    assertThatThrownBy(() -> reopened.changes().subscribe(1, c -> {}))
        .as("the changes before the restart are not kept")
        .isInstanceOf(ChangeLog.ExpiredException.class);
  }

  private static String describe(ChangeLog.Change<Repository> c) {
    return c.version()
        + " "
        + c.type()
        + " "
        + c.object().name()
        + "@"
        + c.object().metadata().resourceVersion()
        + (c.previous() == null ? "" : " was@" + c.previous().metadata().resourceVersion());
  }

  private static Repository repository(String ns, String name, String url) {
    return Repository.of(ObjectMeta.named(ns, name), spec(url, null), null);
  }

  private static Repository.Spec spec(String url, String description) {
    return new Repository.Spec(
        description,
        false,
        "git",
        "Package",
        null,
        new Repository.Git(url, "main", false, null, null, null, null),
        null);
  }
}
