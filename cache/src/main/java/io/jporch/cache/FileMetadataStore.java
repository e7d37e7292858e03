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
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * A {@link MetadataStore} that persists each package revision's metadata as one JSON file, {@code
 * <directory>/<namespace>/<name>.json}, so labels, annotations, finalizers, owner references and
 * timestamps survive a restart (standalone replacement for Porch's {@code PackageRev} objects).
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
  public Optional<ObjectMeta> get(String namespace, String name) {
    Path file = file(namespace, name);
    return cache.computeIfAbsent(file.toString(), unused -> read(file));
  }

  @Override
  public void put(String namespace, String name, ObjectMeta metadata) {
    store(namespace, name, metadata, true);
  }

  /**
   * Like {@link #put} but without forcing the file to disk. The write is still atomic (temporary
   * file renamed into place); a crash may leave the file empty, which reads as absent.
   */
  @Override
  public void putRecreatable(String namespace, String name, ObjectMeta metadata) {
    store(namespace, name, metadata, false);
  }

  private void store(String namespace, String name, ObjectMeta metadata, boolean durable) {
    Objects.requireNonNull(metadata, "metadata");
    Path file = file(namespace, name);
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
  public void delete(String namespace, String name) {
    Path file = file(namespace, name);
    writeLock.lock();
    try {
      Files.deleteIfExists(file);
      cache.put(file.toString(), Optional.empty());
    } catch (IOException e) {
      throw new InternalErrorException(null, "cannot delete metadata of " + name + ": " + e, e);
    } finally {
      writeLock.unlock();
    }
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

  private void createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
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

  private Path file(String namespace, String name) {
    Objects.requireNonNull(name, "name");
    String ns = namespace == null || namespace.isEmpty() ? EMPTY_NAMESPACE : segment(namespace);
    return directory.resolve(ns).resolve(segment(name) + SUFFIX);
  }

  /** Kubernetes names are used as they are; anything else is hex-encoded behind a {@code ~}. */
  private static String segment(String value) {
    if (SAFE_SEGMENT.matcher(value).matches()) {
      return value;
    }
    return "~" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
  }
}
