package io.jporch.server.standalone;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.error.AlreadyExistsException;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.secret.Secret;
import io.jporch.core.secret.SecretStore;
import io.jporch.core.util.Json;
import io.jporch.core.util.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone storage of core/v1 Secrets: one JSON file per Secret under {@code
 * <dir>/<namespace>/<name>.json}, readable only by the owner (0600), written atomically, plus a
 * resourceVersion counter. Secrets are held in memory, so {@link #get} (asked before every Git
 * fetch and push) never touches the disk. Values are never logged.
 */
public final class FileSecretStore implements SecretStore {
  private static final Logger log = LoggerFactory.getLogger(FileSecretStore.class);
  private static final String COUNTER_FILE = "resource-version";
  private static final ObjectWriter WRITER = Json.MAPPER.writerWithDefaultPrettyPrinter();

  private final Path dir;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Secret> secrets = new TreeMap<>();
  private long counter;

  /** Opens (creating if needed) the store in {@code dir} and loads every stored Secret. */
  public FileSecretStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      ownerOnlyDirectory(dir);
      load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the secret store in " + dir, e);
    }
  }

  private void load() throws IOException {
    Path counterFile = dir.resolve(COUNTER_FILE);
    if (Files.isRegularFile(counterFile)) {
      counter = Long.parseLong(Files.readString(counterFile).strip());
    }
    try (Stream<Path> files = Files.walk(dir, 2)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        Secret secret = Json.MAPPER.readValue(file.toFile(), Secret.class);
        secrets.put(key(secret.metadata().namespace(), secret.metadata().name()), secret);
      }
    }
    log.debug("Loaded {} secrets from {}", secrets.size(), dir);
  }

  /** A reference to the Secret {@code name}, for error details. */
  public static ResourceRef ref(String name) {
    return new ResourceRef("", "secrets", "Secret", name);
  }

  @Override
  public Optional<Secret> get(String namespace, String name) {
    lock.lock();
    try {
      return Optional.ofNullable(secrets.get(key(namespace, name)));
    } finally {
      lock.unlock();
    }
  }

  /** Secrets in {@code namespace} (null: all), ordered by namespace and name. */
  public List<Secret> list(String namespace) {
    lock.lock();
    try {
      return secrets.values().stream()
          .filter(s -> namespace == null || namespace.equals(s.metadata().namespace()))
          .sorted(
              Comparator.comparing((Secret s) -> s.metadata().namespace())
                  .thenComparing(s -> s.metadata().name()))
          .toList();
    } finally {
      lock.unlock();
    }
  }

  /** The resourceVersion of the latest change. */
  public String resourceVersion() {
    lock.lock();
    try {
      return Long.toString(counter);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stores a new Secret, assigning uid, resourceVersion and creationTimestamp; a dry run only
   * checks and returns what would be stored (without resourceVersion).
   *
   * @throws AlreadyExistsException if the name is taken
   */
  public Secret create(Secret secret, boolean dryRun) {
    lock.lock();
    try {
      ObjectMeta meta = secret.metadata();
      if (secrets.containsKey(key(meta.namespace(), meta.name()))) {
        throw new AlreadyExistsException(ref(meta.name()), "");
      }
      long version = counter + 1;
      Secret stored =
          with(
              secret,
              meta.withUid(UUID.randomUUID().toString())
                  .withResourceVersion(dryRun ? null : Long.toString(version))
                  .withCreationTimestamp(Timestamps.now()));
      if (!dryRun) {
        persist(stored, version);
      }
      return stored;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replaces a Secret's data, type, labels and annotations. A non-empty resourceVersion on {@code
   * secret} must be current.
   *
   * <p>A dry run only checks and returns what would be stored.
   *
   * @throws NotFoundException if it does not exist
   * @throws ConflictException on a stale resourceVersion
   */
  public Secret update(Secret secret, boolean dryRun) {
    lock.lock();
    try {
      ObjectMeta meta = secret.metadata();
      Secret current = require(meta.namespace(), meta.name());
      String wanted = meta.resourceVersion();
      if (wanted != null
          && !wanted.isEmpty()
          && !wanted.equals(current.metadata().resourceVersion())) {
        throw new ConflictException(
            ref(meta.name()),
            "the object has been modified; please apply your changes to the latest version and try again");
      }
      long version = counter + 1;
      Secret stored =
          with(
              secret,
              current
                  .metadata()
                  .withLabels(meta.labels())
                  .withAnnotations(meta.annotations())
                  .withFinalizers(meta.finalizers())
                  .withOwnerReferences(meta.ownerReferences())
                  .withManagedFields(meta.managedFields())
                  .withResourceVersion(
                      dryRun ? current.metadata().resourceVersion() : Long.toString(version)));
      if (!dryRun) {
        persist(stored, version);
      }
      return stored;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes a Secret and returns it as it was, after {@code check} accepted it (delete
   * preconditions); a dry run removes nothing.
   *
   * @throws NotFoundException if it does not exist
   */
  public Secret delete(
      String namespace, String name, java.util.function.Consumer<Secret> check, boolean dryRun) {
    lock.lock();
    try {
      Secret current = require(namespace, name);
      check.accept(current);
      if (dryRun) {
        return current;
      }
      writeCounter(counter + 1);
      try {
        Files.deleteIfExists(file(namespace, name));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete secret " + namespace + "/" + name, e);
      }
      secrets.remove(key(namespace, name));
      return current;
    } finally {
      lock.unlock();
    }
  }

  private Secret require(String namespace, String name) {
    Secret current = secrets.get(key(namespace, name));
    if (current == null) {
      throw new NotFoundException(ref(name), "");
    }
    return current;
  }

  private static Secret with(Secret secret, ObjectMeta meta) {
    return new Secret(
        Secret.API_VERSION,
        Secret.KIND,
        meta,
        secret.immutable(),
        secret.data(),
        null,
        secret.typeOrDefault());
  }

  private void persist(Secret secret, long version) {
    writeCounter(version);
    ObjectMeta meta = secret.metadata();
    try {
      Path file = file(meta.namespace(), meta.name());
      Files.createDirectories(file.getParent());
      ownerOnlyDirectory(file.getParent());
      SecureFiles.writePrivate(
          file, new String(WRITER.writeValueAsBytes(secret), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store secret " + meta.name(), e);
    }
    secrets.put(key(meta.namespace(), meta.name()), secret);
  }

  /** {@code rwx------} where the file system has POSIX permissions. */
  private static void ownerOnlyDirectory(Path directory) throws IOException {
    if (Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null) {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private void writeCounter(long version) {
    SecureFiles.write(
        dir.resolve(COUNTER_FILE), (version + "\n").getBytes(StandardCharsets.US_ASCII));
    counter = version;
  }

  private Path file(String namespace, String name) {
    return dir.resolve(namespace).resolve(name + ".json");
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
