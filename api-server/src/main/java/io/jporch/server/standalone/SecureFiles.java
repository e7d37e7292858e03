package io.jporch.server.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Atomic, durable file writes with optional owner-only permissions, for secrets, the standalone
 * object store and the TLS material: the content goes to a temporary file in the same directory, is
 * forced to disk ({@code fsync}), and then replaces the file with an atomic rename. A process
 * killed at any point leaves either the old file or the new one (plus, at worst, a stray {@code
 * .<name>*.tmp} file that no reader looks at), never a truncated one.
 */
public final class SecureFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private SecureFiles() {}

  /** Writes {@code content} to {@code file} atomically, readable only by the owner (0600). */
  public static void writePrivate(Path file, String content) {
    write(file, content.getBytes(StandardCharsets.UTF_8), true);
  }

  /** Writes {@code content} to {@code file} atomically with default permissions. */
  public static void write(Path file, byte[] content) {
    write(file, content, false);
  }

  private static void write(Path file, byte[] content, boolean ownerOnly) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try {
        if (ownerOnly && POSIX) {
          Files.setPosixFilePermissions(tmp, OWNER_ONLY);
        }
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        }
        move(tmp, file);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Restricts an existing file to the owner (0600) where the file system supports it. */
  public static void restrictToOwner(Path file) {
    if (!POSIX) {
      return;
    }
    try {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict permissions of " + file, e);
    }
  }
}
