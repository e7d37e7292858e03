package io.jporch.server.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link VersionSequence} that survives restarts by reserving blocks of numbers in a file, the
 * way database sequences do: the file holds the highest number that may have been handed out, and
 * is rewritten (and forced to disk) before the first number beyond it is used. A restarted server
 * starts above that reservation, so its versions are greater than every version of the previous
 * process, even one that was killed; at most one block of numbers is skipped per restart.
 */
public final class PersistentVersionSequence implements VersionSequence {
  static final long DEFAULT_BLOCK = 1000;

  private final Path file;
  private final long block;
  private final ReentrantLock lock = new ReentrantLock();
  private final long start;
  private long last;
  private long reserved;

  /** Opens (creating if needed) the sequence stored in {@code file}. */
  public PersistentVersionSequence(Path file) {
    this(file, DEFAULT_BLOCK);
  }

  PersistentVersionSequence(Path file, long block) {
    if (block < 1) {
      throw new IllegalArgumentException("block must be positive, got " + block);
    }
    this.file = file;
    this.block = block;
    long previous = read(file);
    this.start = previous + 1;
    this.last = start;
    this.reserved = start;
    reserve(start + block);
  }

  @Override
  public long start() {
    return start;
  }

  @Override
  public long next() {
    lock.lock();
    try {
      long next = last + 1;
      if (next > reserved) {
        reserve(next + block);
      }
      last = next;
      return next;
    } finally {
      lock.unlock();
    }
  }

  private void reserve(long upTo) {
    write(file, upTo);
    reserved = upTo;
  }

  private static long read(Path file) {
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the resource version sequence " + file, e);
    }
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        throw new NumberFormatException("negative");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "the resource version sequence " + file + " is corrupt: \"" + text + "\"", e);
    }
  }

  private static void write(Path file, long value) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try {
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          channel.write(ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII)));
          channel.force(true);
        }
        try {
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the resource version sequence " + file, e);
    }
  }
}
