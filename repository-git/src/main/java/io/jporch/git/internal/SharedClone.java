package io.jporch.git.internal;

import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ServiceUnavailableException;
import io.jporch.core.repository.RemoteCredentials;
import io.jporch.git.GitOptions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bare cache clone of one remote URL, shared by every repository using that URL. All fetches,
 * pushes, commits and ref reads run under its lock; immutable objects are read without it. Port of
 * {@code sharedDirectory} ({@code cachedir_pool.go}) and the fetch/push code of {@code git.go}.
 */
public final class SharedClone {
  private static final Logger log = LoggerFactory.getLogger(SharedClone.class);

  private final Path directory;
  private final String url;
  private final Repository db;
  private final GitOptions options;
  private final ReentrantLock lock = new ReentrantLock();
  private final RevisionCache cache = new RevisionCache();
  private volatile RefSnapshot refs = RefSnapshot.EMPTY;
  private int refCount; // guarded by the ClonePool lock
  private boolean writerRecorded; // guarded by lock

  private SharedClone(Path directory, String url, Repository db, GitOptions options) {
    this.directory = directory;
    this.url = url;
    this.db = db;
    this.options = options;
  }

  /** Opens the clone in {@code directory}, creating (or re-creating, if unusable) it. */
  static SharedClone open(Path directory, String url, GitOptions options) throws IOException {
    return open(directory, url, options, false);
  }

  /**
   * Opens the clone; with {@code firstInProcess}, first removes the lock files a killed process may
   * have left in it and in a {@code file://} remote it wrote ({@link StaleLocks}).
   */
  static SharedClone open(Path directory, String url, GitOptions options, boolean firstInProcess)
      throws IOException {
    if (firstInProcess) {
      try {
        StaleLocks.recoverRemotes(directory);
      } catch (IOException | RuntimeException e) {
        log.warn("cannot check {} for locks left in its remote: {}", directory, e.toString());
      }
    }
    Repository db = openOrInit(directory, firstInProcess);
    try {
      configureOrigin(db, url);
    } catch (IOException | RuntimeException e) {
      db.close();
      throw e;
    }
    SharedClone clone = new SharedClone(directory, url, db, options);
    clone.refs = clone.readRefs();
    return clone;
  }

  private static Repository openOrInit(Path directory, boolean firstInProcess) throws IOException {
    if (Files.isDirectory(directory)) {
      try {
        if (firstInProcess) {
          StaleLocks.removeFromClone(directory);
        }
        Repository db =
            new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build();
        if (db.getObjectDatabase().exists()) {
          db.getRefDatabase().getRefs();
          return db;
        }
        db.close();
      } catch (IOException | RuntimeException e) {
        log.warn("cache clone {} is unusable, re-creating it: {}", directory, e.getMessage());
      }
      deleteRecursively(directory);
    }
    Files.createDirectories(directory.getParent());
    try {
      Git git =
          Git.init().setBare(true).setDirectory(directory.toFile()).setInitialBranch("main").call();
      return git.getRepository();
    } catch (GitAPIException e) {
      throw new IOException("cannot initialise cache clone " + directory, e);
    }
  }

  private static void configureOrigin(Repository db, String url) throws IOException {
    StoredConfig config = db.getConfig();
    config.setString("remote", RefNames.ORIGIN, "url", url);
    config.setStringList(
        "remote",
        RefNames.ORIGIN,
        "fetch",
        RefNames.FETCH_SPECS.stream().map(RefSpec::toString).toList());
    // JGit may repack after a fetch; do it in the fetching thread (under the clone lock), never in
    // a background thread racing with pushes or with the deletion of the clone.
    config.setBoolean("gc", null, "autoDetach", false);
    config.save();
  }

  /** The remote URL. */
  public String url() {
    return url;
  }

  /** The clone directory. */
  public Path directory() {
    return directory;
  }

  /** The JGit repository; read immutable objects through it without the lock. */
  Repository db() {
    return db;
  }

  /** Caches of values derived from immutable objects. */
  RevisionCache cache() {
    return cache;
  }

  /** The refs as of the last fetch or push. */
  public RefSnapshot refs() {
    return refs;
  }

  int incrementRefCount() {
    return ++refCount;
  }

  int decrementRefCount() {
    return --refCount;
  }

  /** Work done while holding the clone lock. */
  @FunctionalInterface
  public interface LockedWork<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code work} holding the clone lock, waiting at most until the request deadline (or the
   * configured lock timeout). I/O failures are mapped by {@link GitErrors}.
   */
  public <T> T locked(RequestContext ctx, String what, LockedWork<T> work) {
    acquire(ctx, what);
    try {
      return work.run();
    } catch (IOException | RuntimeException e) {
      throw GitErrors.map(null, what, e);
    } finally {
      lock.unlock();
    }
  }

  private void acquire(RequestContext ctx, String what) {
    long waitMillis = remaining(ctx, options.lockTimeout()).toMillis();
    try {
      if (!lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
        throw new ServiceUnavailableException(
            null, what + ": timed out waiting for the Git clone of " + url);
      }
    } catch (InterruptedException e) {
      throw GitErrors.map(null, what, e);
    }
  }

  private static Duration remaining(RequestContext ctx, Duration cap) {
    if (ctx == null || ctx.deadline() == null) {
      return cap;
    }
    Duration left = Duration.between(Instant.now(), ctx.deadline());
    if (left.isNegative() || left.isZero()) {
      return Duration.ofMillis(1);
    }
    return left.compareTo(cap) < 0 ? left : cap;
  }

  /**
   * Fetches {@code origin} with prune, retrying failures, with the credentials of {@code auth}; the
   * caller holds the lock. Fails with {@link ServiceUnavailableException} when every attempt fails
   * or at once when the remote refuses the credentials.
   */
  RefSnapshot fetchLocked(RequestContext ctx, RemoteAuth auth) throws IOException {
    TransportException last = null;
    for (int attempt = 1; attempt <= options.retryAttempts(); attempt++) {
      try {
        withTransport(
            ctx,
            auth,
            transport -> {
              transport.setRemoveDeletedRefs(true);
              transport.setTagOpt(TagOpt.NO_TAGS);
              return transport.fetch(NullProgressMonitor.INSTANCE, RefNames.FETCH_SPECS);
            });
        refs = readRefs();
        return refs;
      } catch (TransportException e) {
        last = e;
        log.debug(
            "fetch of {} failed (attempt {}): {}",
            Urls.redacted(url),
            attempt,
            Urls.redactedMessage(e.getMessage(), url));
        if (attempt < options.retryAttempts()) {
          backoff(attempt);
        }
      }
    }
    throw new ServiceUnavailableException(
        null,
        "cannot fetch repository "
            + Urls.redacted(url)
            + ": "
            + Urls.redactedMessage(last.getMessage(), url),
        GitErrors.detached(last));
  }

  /**
   * Pushes {@code changes} in one atomic, non-forced push with expected old ids, with the
   * credentials of {@code auth}; the caller holds the lock. Returns the rejected updates (empty on
   * success); transport failures are thrown.
   */
  List<String> pushLocked(RequestContext ctx, RemoteAuth auth, List<RefChange> changes)
      throws IOException {
    if (!writerRecorded) {
      // A file:// remote is written by this process: record it first (see StaleLocks).
      Optional<Path> local = StaleLocks.localGitDir(url);
      if (local.isPresent()) {
        StaleLocks.recordWriter(directory, local.get());
      }
      writerRecorded = true;
    }
    List<String> rejected = new ArrayList<>();
    try {
      PushResult result =
          withTransport(
              ctx,
              auth,
              transport -> {
                transport.setPushAtomic(true);
                return transport.push(NullProgressMonitor.INSTANCE, updates(changes));
              });
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        switch (update.getStatus()) {
          case OK, UP_TO_DATE, NON_EXISTING -> {}
          default ->
              rejected.add(
                  update.getRemoteName()
                      + ": "
                      + update.getStatus()
                      + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
        }
      }
    } finally {
      refs = readRefs();
    }
    return rejected;
  }

  private List<RemoteRefUpdate> updates(List<RefChange> changes) throws IOException {
    List<RemoteRefUpdate> updates = new ArrayList<>(changes.size());
    for (RefChange change : changes) {
      updates.add(
          new RemoteRefUpdate(
              db,
              (String) null,
              change.newId(),
              RefNames.toRemote(change.localRef()),
              false,
              change.localRef(),
              change.expectedOld()));
    }
    return updates;
  }

  /** One network operation on an open transport. */
  @FunctionalInterface
  private interface TransportWork<T> {
    T run(Transport transport) throws IOException;
  }

  /**
   * Runs {@code work} on a transport carrying the current credentials. If the remote refuses them,
   * the credentials are resolved again: when they changed (the Secret was edited meanwhile) the
   * work is tried once more with them, otherwise the refusal is final ({@link RemoteAuth#refused}).
   */
  private <T> T withTransport(RequestContext ctx, RemoteAuth auth, TransportWork<T> work)
      throws IOException {
    RemoteCredentials credentials = auth.resolve(ctx);
    try (Transport transport = openTransport(ctx, auth, credentials)) {
      return work.run(transport);
    } catch (TransportException e) {
      if (!RemoteAuth.isAuthFailure(e)) {
        throw e;
      }
      RemoteCredentials fresh = auth.resolve(ctx);
      if (fresh.version().equals(credentials.version())) {
        throw RemoteAuth.refused(url, credentials, e);
      }
      log.info("credentials for {} changed; trying again with them", Urls.redacted(url));
      try (Transport transport = openTransport(ctx, auth, fresh)) {
        return work.run(transport);
      } catch (TransportException again) {
        if (RemoteAuth.isAuthFailure(again)) {
          throw RemoteAuth.refused(url, fresh, again);
        }
        throw again;
      }
    }
  }

  /** Re-reads the local refs; the caller holds the lock. */
  RefSnapshot rereadLocked() throws IOException {
    refs = readRefs();
    return refs;
  }

  private Transport openTransport(
      RequestContext ctx, RemoteAuth auth, RemoteCredentials credentials) throws IOException {
    try {
      Transport transport = Transport.open(db, RefNames.ORIGIN);
      transport.setTimeout(
          (int) Math.max(1, remaining(ctx, options.transportTimeout()).toSeconds()));
      auth.configure(transport, credentials);
      return transport;
    } catch (URISyntaxException e) {
      throw new IOException("invalid remote URL " + Urls.redacted(url), e);
    }
  }

  private void backoff(int attempt) throws IOException {
    try {
      Thread.sleep((attempt + 1) * 200L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while retrying", e);
    }
  }

  private RefSnapshot readRefs() throws IOException {
    Map<String, ObjectId> result = new HashMap<>();
    for (Ref ref : db.getRefDatabase().getRefs()) {
      if (!ref.isSymbolic() && ref.getObjectId() != null) {
        result.put(ref.getName(), ref.getObjectId().copy());
      }
    }
    return RefSnapshot.of(result);
  }

  /** Closes the JGit repository, keeping the clone directory. */
  void close() {
    db.close();
  }

  /** Closes the JGit repository and deletes the clone directory. */
  void closeAndDelete() {
    db.close();
    try {
      deleteRecursively(directory);
    } catch (IOException e) {
      log.warn("cannot delete cache clone {}: {}", directory, e.getMessage());
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
