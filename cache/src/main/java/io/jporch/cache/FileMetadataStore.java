package io.jporch.cache;

import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.MetadataStore;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link MetadataStore} that persists each package revision's metadata as one JSON file, {@code
 * <directory>/<namespace>/<repository>/<name>.json}, so labels, annotations, finalizers, owner
 * references and timestamps survive a restart (standalone replacement for Porch's {@code
 * PackageRev} objects, which carry their repository in a label). A file written before entries were
 * kept per repository ({@code <directory>/<namespace>/<name>.json}) is moved into its repository's
 * directory the first time that repository reads it.
 *
 * <p>Files are written atomically (temporary file in the same directory, forced to disk, then
 * renamed with {@code ATOMIC_MOVE}) and readable by the owner only where the file system supports
 * POSIX permissions. Reads are served from memory after the first access.
 */
public final class FileMetadataStore implements MetadataStore {
  private static final Pattern SAFE_SEGMENT = Pattern.compile("[a-z0-9][a-z0-9.-]{0,252}");
  private static final String SUFFIX = ".json";
  private static final String EMPTY_NAMESPACE = "_";

  private final Path directory;
  private final boolean posix;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<String, Optional<ObjectMeta>> cache = new ConcurrentHashMap<>();

  /** Stores metadata below {@code directory}, creating it if needed. */
  public FileMetadataStore(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    try {
      Files.createDirectories(this.directory);
      this.posix =
          Files.getFileStore(this.directory).supportsFileAttributeView("posix")
              && this.directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create metadata directory " + this.directory, e);
    }
  }

  @Override
  public Optional<ObjectMeta> get(String namespace, String repository, String name) {
    Path file = file(namespace, repository, name);
    return cache.computeIfAbsent(
        file.toString(), unused -> read(file).or(() -> adoptLegacy(namespace, name, file)));
  }

  @Override
  public void put(String namespace, String repository, String name, ObjectMeta metadata) {
    store(namespace, repository, name, metadata, true);
  }

  /**
   * Like {@link #put} but without forcing the file to disk. The write is still atomic (temporary
   * file renamed into place); a crash may leave the file empty, which reads as absent.
   */
  @Override
  public void putRecreatable(
      String namespace, String repository, String name, ObjectMeta metadata) {
    store(namespace, repository, name, metadata, false);
  }

  private void store(
      String namespace, String repository, String name, ObjectMeta metadata, boolean durable) {
    Objects.requireNonNull(metadata, "metadata");
    Path file = file(namespace, repository, name);
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsBytes(metadata);
    } catch (IOException e) {
      throw new InternalErrorException(null, "cannot serialise metadata of " + name, e);
    }
    writeLock.lock();
    try {
      write(file, json, durable);
      cache.put(file.toString(), Optional.of(metadata));
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void delete(String namespace, String repository, String name) {
    Path file = file(namespace, repository, name);
    writeLock.lock();
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(legacyFile(namespace, name));
      cache.put(file.toString(), Optional.empty());
    } catch (IOException e) {
      throw new InternalErrorException(null, "cannot delete metadata of " + name + ": " + e, e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public Set<String> names(String namespace, String repository) {
    Path dir = file(namespace, repository, "x").getParent();
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(SUFFIX) && !f.startsWith("."))
          .forEach(f -> names.add(unsegment(f.substring(0, f.length() - SUFFIX.length()))));
    } catch (NoSuchFileException e) {
      return Set.of();
    } catch (IOException e) {
      throw new InternalErrorException(null, "cannot list metadata directory " + dir + ": " + e, e);
    }
    return Collections.unmodifiableSet(names);
  }

  /**
   * Moves a file written before entries were kept per repository into {@code file}, the place of
   * the repository that asks for it (it lists a revision of that name), and returns its content.
   */
  private Optional<ObjectMeta> adoptLegacy(String namespace, String name, Path file) {
    Path legacy = legacyFile(namespace, name);
    if (!Files.isRegularFile(legacy)) {
      return Optional.empty();
    }
    Optional<ObjectMeta> content = read(legacy);
    writeLock.lock();
    try {
      createDirectory(file.getParent());
      Files.move(legacy, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new InternalErrorException(
          null, "cannot move metadata file " + legacy + " to " + file + ": " + e, e);
    } finally {
      writeLock.unlock();
    }
    return content;
  }

  private Optional<ObjectMeta> read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length == 0) {
        // What a crash can leave of a write that was not forced to disk (putRecreatable).
        return Optional.empty();
      }
      return Optional.of(Json.MAPPER.readValue(bytes, ObjectMeta.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new InternalErrorException(null, "cannot read metadata file " + file + ": " + e, e);
    }
  }

  private void write(Path file, byte[] json, boolean durable) {
    Path dir = file.getParent();
    Path tmp = null;
    try {
      createDirectory(dir);
      tmp =
          posix
              ? Files.createTempFile(dir, ".meta-", ".tmp", ownerOnly("rw-------"))
              : Files.createTempFile(dir, ".meta-", ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(json);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (durable) {
          channel.force(true);
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new InternalErrorException(null, "cannot write metadata file " + file + ": " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: a stray temporary file is harmless
        }
      }
    }
  }

  /** Creates {@code dir} (and its parents below the store's directory), owner-only. */
  private void createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (!dir.getParent().equals(directory)) {
      createDirectory(dir.getParent());
    }
    try {
      if (posix) {
        Files.createDirectory(dir, ownerOnly("rwx------"));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      // created concurrently
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnly(String permissions) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
  }

  private Path file(String namespace, String repository, String name) {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(name, "name");
    return namespaceDirectory(namespace)
        .resolve(segment(repository))
        .resolve(segment(name) + SUFFIX);
  }

  private Path legacyFile(String namespace, String name) {
    return namespaceDirectory(namespace).resolve(segment(name) + SUFFIX);
  }

  private Path namespaceDirectory(String namespace) {
    return directory.resolve(
        namespace == null || namespace.isEmpty() ? EMPTY_NAMESPACE : segment(namespace));
  }

  /** Kubernetes names are used as they are; anything else is hex-encoded behind a {@code ~}. */
  private static String segment(String value) {
    if (SAFE_SEGMENT.matcher(value).matches()) {
      return value;
    }
    return "~" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String unsegment(String segment) {
    return segment.startsWith("~")
        ? new String(HexFormat.of().parseHex(segment.substring(1)), StandardCharsets.UTF_8)
        : segment;
  }
}
