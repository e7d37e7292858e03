package io.jporch.server.standalone;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.WatchEventType;
import io.jporch.core.error.AlreadyExistsException;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.util.Json;
import io.jporch.core.util.Timestamps;
import io.jporch.server.store.RepositoryStore;
import io.jporch.watch.ChangeLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone Repository storage: one JSON file per object under {@code
 * <dir>/<namespace>/<name>.json}, written atomically, plus the resourceVersion counter in {@code
 * <dir>/resource-version}. Objects are held in memory and written through; changes go to a bounded
 * {@link ChangeLog} so that watches can resume from a recent resourceVersion.
 */
public final class FileRepositoryStore implements RepositoryStore {
  private static final Logger log = LoggerFactory.getLogger(FileRepositoryStore.class);
  private static final String COUNTER_FILE = "resource-version";
  private static final int HISTORY = 1000;
  private static final ObjectWriter WRITER = Json.MAPPER.writerWithDefaultPrettyPrinter();

  private final Path dir;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Repository> objects = new TreeMap<>();
  private final ChangeLog<Repository> changes;
  private long counter;

  /** Opens (creating if needed) the store in {@code dir} and loads every stored object. */
  public FileRepositoryStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the repository store in " + dir, e);
    }
    this.changes = new ChangeLog<>(counter, HISTORY);
  }

  private void load() throws IOException {
    Path counterFile = dir.resolve(COUNTER_FILE);
    if (Files.isRegularFile(counterFile)) {
      counter = Long.parseLong(Files.readString(counterFile).strip());
    }
    try (Stream<Path> files = Files.walk(dir, 2)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        Repository repo = Json.MAPPER.readValue(file.toFile(), Repository.class);
        objects.put(key(repo.namespace(), repo.name()), repo);
        counter = Math.max(counter, versionOf(repo));
      }
    }
    log.debug("Loaded {} repositories from {}", objects.size(), dir);
  }

  @Override
  public Optional<Repository> get(String namespace, String name) {
    lock.lock();
    try {
      return Optional.ofNullable(objects.get(key(namespace, name)));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Repository> list(String namespace) {
    lock.lock();
    try {
      return objects.values().stream()
          .filter(r -> namespace == null || namespace.equals(r.namespace()))
          .sorted(Comparator.comparing(Repository::namespace).thenComparing(Repository::name))
          .toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Repository create(Repository repository, boolean dryRun) {
    lock.lock();
    try {
      String key = key(repository.namespace(), repository.name());
      if (objects.containsKey(key)) {
        throw new AlreadyExistsException(ResourceRef.repository(repository.name()), "");
      }
      long version = counter + 1;
      ObjectMeta meta =
          repository
              .metadata()
              .withUid(UUID.randomUUID().toString())
              .withResourceVersion(dryRun ? null : Long.toString(version))
              .withGeneration(1L)
              .withCreationTimestamp(Timestamps.now());
      Repository stored = repository.withMetadata(meta);
      if (dryRun) {
        return stored;
      }
      persist(stored, version);
      publish(version, WatchEventType.ADDED, stored, null);
      return stored;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Repository update(Repository repository, boolean dryRun) {
    lock.lock();
    try {
      Repository current = require(repository.namespace(), repository.name());
      checkVersion(repository, current);
      long version = counter + 1;
      long generation =
          generationOf(current) + (Objects.equals(current.spec(), repository.spec()) ? 0 : 1);
      ObjectMeta meta =
          current
              .metadata()
              .withLabels(repository.metadata().labels())
              .withAnnotations(repository.metadata().annotations())
              .withFinalizers(repository.metadata().finalizers())
              .withOwnerReferences(repository.metadata().ownerReferences())
              .withManagedFields(repository.metadata().managedFields())
              .withResourceVersion(
                  dryRun ? current.metadata().resourceVersion() : Long.toString(version))
              .withGeneration(generation);
      Repository stored = Repository.of(meta, repository.spec(), current.status());
      if (dryRun) {
        return stored;
      }
      persist(stored, version);
      publish(version, WatchEventType.MODIFIED, stored, current);
      return stored;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Repository replaceStatus(Repository repository, boolean dryRun) {
    lock.lock();
    try {
      Repository current = require(repository.namespace(), repository.name());
      checkVersion(repository, current);
      ObjectMeta meta = current.metadata().withManagedFields(repository.metadata().managedFields());
      Repository next = current.withMetadata(meta).withStatus(repository.status());
      if (dryRun || next.equals(current)) {
        return next;
      }
      long version = counter + 1;
      Repository stored =
          next.withMetadata(next.metadata().withResourceVersion(Long.toString(version)));
      persist(stored, version);
      publish(version, WatchEventType.MODIFIED, stored, current);
      return stored;
    } finally {
      lock.unlock();
    }
  }

  private static void checkVersion(Repository requested, Repository current) {
    String wanted = requested.metadata().resourceVersion();
    if (wanted != null
        && !wanted.isEmpty()
        && !wanted.equals(current.metadata().resourceVersion())) {
      throw new ConflictException(
          ResourceRef.repository(requested.name()),
          "the object has been modified; please apply your changes to the latest version and try again");
    }
  }

  @Override
  public Repository updateStatus(
      String namespace, String name, UnaryOperator<Repository.Status> change) {
    lock.lock();
    try {
      Repository current = require(namespace, name);
      Repository.Status status = change.apply(current.status());
      if (Objects.equals(status, current.status())) {
        return current;
      }
      long version = counter + 1;
      Repository stored =
          current
              .withStatus(status)
              .withMetadata(current.metadata().withResourceVersion(Long.toString(version)));
      persist(stored, version);
      publish(version, WatchEventType.MODIFIED, stored, current);
      return stored;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Repository delete(
      String namespace, String name, Consumer<Repository> precondition, boolean dryRun) {
    lock.lock();
    try {
      Repository current = require(namespace, name);
      precondition.accept(current);
      if (dryRun) {
        return current;
      }
      long version = counter + 1;
      writeCounter(version);
      try {
        Files.deleteIfExists(file(namespace, name));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot delete the stored repository " + namespace + "/" + name, e);
      }
      objects.remove(key(namespace, name));
      Repository deleted =
          current.withMetadata(current.metadata().withResourceVersion(Long.toString(version)));
      publish(version, WatchEventType.DELETED, deleted, current);
      return current;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String resourceVersion() {
    lock.lock();
    try {
      return Long.toString(counter);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ChangeLog<Repository> changes() {
    return changes;
  }

  private void publish(long version, WatchEventType type, Repository object, Repository previous) {
    changes.append(new ChangeLog.Change<>(version, type, object, previous));
  }

  private Repository require(String namespace, String name) {
    Repository current = objects.get(key(namespace, name));
    if (current == null) {
      throw new NotFoundException(ResourceRef.repository(name), "");
    }
    return current;
  }

  private void persist(Repository repository, long version) {
    writeCounter(version);
    try {
      SecureFiles.write(
          file(repository.namespace(), repository.name()), WRITER.writeValueAsBytes(repository));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store repository " + repository.name(), e);
    }
    objects.put(key(repository.namespace(), repository.name()), repository);
  }

  private void writeCounter(long version) {
    SecureFiles.write(
        dir.resolve(COUNTER_FILE), (version + "\n").getBytes(StandardCharsets.US_ASCII));
    counter = version;
  }

  private Path file(String namespace, String name) {
    return dir.resolve(namespace).resolve(name + ".json");
  }

  private static long versionOf(Repository repository) {
    try {
      return Long.parseLong(repository.metadata().resourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return 0;
    }
  }

  private static long generationOf(Repository repository) {
    Long g = repository.metadata().generation();
    return g == null ? 1 : g;
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
