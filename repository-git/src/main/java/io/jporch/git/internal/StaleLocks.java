package io.jporch.git.internal;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lock files ({@code *.lock}) that a killed process of ours left in a Git repository, and their
 * safe removal. JGit, like {@code git}, never breaks a lock: one left behind by a process killed in
 * the middle of a ref update ({@code <ref>.lock}, {@code packed-refs.lock}) or an automatic gc
 * ({@code gc.log.lock}) makes every later update of what it guards fail until someone removes it.
 *
 * <p>Two places can hold such locks. The cache clone is written only by this server, so the locks
 * in it are removed when this process first opens it. A {@code file://} remote is written by JGit's
 * receive-pack <em>inside this process</em> (unlike an HTTP remote, whose Git server is another
 * process), but other writers may share it. Before this process first pushes to such a remote it
 * records that it writes there: a marker file {@code jporch-writer-<pid>-<start>} in the clone,
 * holding the remote's path. The next process to open the clone finds the markers of processes that
 * are no longer running and removes the locks in their remotes that could be theirs: created after
 * that process started and before this one started. A lock made by a live writer is younger than
 * that (ref updates hold their locks for milliseconds), and a marker of a live process (e.g.
 * another server on the same data directory) is left alone.
 */
final class StaleLocks {
  private static final Logger log = LoggerFactory.getLogger(StaleLocks.class);
  private static final String MARKER_PREFIX = "jporch-writer-";
  private static final Pattern MARKER = Pattern.compile("jporch-writer-(\\d+)-(\\d+)");

  /** File times and process start times are not exact to the millisecond. */
  private static final Duration SLACK = Duration.ofSeconds(2);

  /**
   * When this JVM started, by the wall clock in milliseconds: the upper bound for locks a dead
   * process can have left ({@link #PROCESS_START} comes from the kernel's boot-relative start time
   * and is only precise to about a second).
   */
  static final Instant JVM_START =
      Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());

  /** When this process started, as the kernel reports it (identifies the process with its pid). */
  static final Instant PROCESS_START =
      ProcessHandle.current().info().startInstant().orElseGet(Instant::now);

  private StaleLocks() {}

  /**
   * Removes every lock file from the clone {@code directory}. A clone is written only by the server
   * whose data directory holds it, and this runs on the first open of the clone by this process,
   * before any use: every lock found was left by a killed process. (Comparing the locks' times with
   * this process's start is not safe: the start time the kernel reports is derived from the boot
   * time and can be off by a second or more, while a restart after a kill takes about as long.)
   */
  static void removeFromClone(Path directory) throws IOException {
    List<Path> locks;
    try (Stream<Path> files = Files.walk(directory)) {
      locks = files.filter(StaleLocks::isLockFile).toList();
    }
    removeOlder(locks, Instant.MIN, Instant.MAX);
  }

  /**
   * Removes the locks that dead processes of ours may have left in the {@code file://} remotes they
   * recorded in the clone {@code directory}, and their markers.
   */
  static void recoverRemotes(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    List<Path> markers = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, MARKER_PREFIX + "*")) {
      files.forEach(markers::add);
    }
    for (Path marker : markers) {
      Matcher m = MARKER.matcher(marker.getFileName().toString());
      if (!m.matches()) {
        continue;
      }
      long pid = Long.parseLong(m.group(1));
      Instant started = Instant.ofEpochMilli(Long.parseLong(m.group(2)));
      if (isRunning(pid, started)) {
        continue;
      }
      String remote;
      try {
        remote = Files.readString(marker, StandardCharsets.UTF_8).strip();
      } catch (NoSuchFileException e) {
        continue;
      }
      Path gitDir = remote.isEmpty() ? null : Path.of(remote);
      if (gitDir != null && Files.isDirectory(gitDir)) {
        removeOlder(remoteLocks(gitDir), started.minus(SLACK), JVM_START);
      }
      Files.deleteIfExists(marker);
    }
  }

  /**
   * Records, once per process and clone, that this process writes the remote {@code gitDir}: before
   * its first push there, so that a kill during any push finds the marker.
   */
  static void recordWriter(Path directory, Path gitDir) throws IOException {
    Path marker = marker(directory, ProcessHandle.current().pid(), PROCESS_START);
    if (Files.exists(marker)) {
      return;
    }
    Path tmp = directory.resolve(marker.getFileName() + ".tmp");
    Files.writeString(tmp, gitDir.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The marker of process {@code pid} started at {@code started} in the clone {@code directory}.
   */
  static Path marker(Path directory, long pid, Instant started) {
    return directory.resolve(MARKER_PREFIX + pid + "-" + started.toEpochMilli());
  }

  /**
   * The Git directory of a {@code file://} (or plain path) URL that exists on this machine; empty
   * for network URLs.
   */
  static Optional<Path> localGitDir(String url) {
    try {
      URIish uri = new URIish(url);
      if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
        return Optional.empty();
      }
      if (uri.getScheme() == null && uri.getHost() != null) {
        return Optional.empty(); // scp-like host:path
      }
      File resolved = RepositoryCache.FileKey.resolve(new File(uri.getPath()), FS.DETECTED);
      return Optional.ofNullable(resolved).map(File::toPath);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static boolean isRunning(long pid, Instant started) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .flatMap(p -> p.info().startInstant())
        .map(s -> Duration.between(s, started).abs().compareTo(SLACK) < 0)
        .orElse(false);
  }

  /** The locks a push or gc writes in a repository: top-level ones and those of refs. */
  private static List<Path> remoteLocks(Path gitDir) throws IOException {
    List<Path> locks = new ArrayList<>();
    try (DirectoryStream<Path> top = Files.newDirectoryStream(gitDir, "*.lock")) {
      top.forEach(locks::add);
    }
    Path refs = gitDir.resolve("refs");
    if (Files.isDirectory(refs)) {
      try (Stream<Path> files = Files.walk(refs)) {
        files.filter(StaleLocks::isLockFile).forEach(locks::add);
      }
    }
    return locks;
  }

  private static boolean isLockFile(Path p) {
    return p.getFileName().toString().endsWith(".lock") && Files.isRegularFile(p);
  }

  /** Deletes the {@code locks} last modified in {@code [notBefore, before)}. */
  private static void removeOlder(List<Path> locks, Instant notBefore, Instant before)
      throws IOException {
    for (Path lock : locks) {
      Instant modified;
      try {
        modified = Files.getLastModifiedTime(lock).toInstant();
      } catch (NoSuchFileException e) {
        continue;
      }
      if (modified.isBefore(notBefore) || !modified.isBefore(before)) {
        log.warn(
            "leaving lock file {} (modified {}): it may belong to a live writer", lock, modified);
        continue;
      }
      log.warn("removing stale lock file {} (left by a process that was killed)", lock);
      Files.deleteIfExists(lock);
    }
  }
}
