package io.jporch.testing.fake;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.ForbiddenException;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.error.ServiceUnavailableException;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.PackageRevisionKey;
import io.jporch.core.repository.Repository;
import io.jporch.core.repository.RepositoryKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An in-memory {@link Repository} with the Git adapter's semantics:
 *
 * <ul>
 *   <li>a draft is invisible until closed; a draft that is never closed leaves nothing behind;
 *   <li>closing as Draft/Proposed stores revision 0 under the package path and workspace (a new
 *       draft whose name is taken, or a stale one, is a {@link ConflictException}, like a rejected
 *       non-fast-forward push);
 *   <li>closing as Published needs a revision number &gt; 0, fails with a {@link ConflictException}
 *       if that number is taken (tags are unique), replaces the proposal and refreshes the
 *       placeholder (revision -1, workspace = branch);
 *   <li>{@link #updateLifecycle} only switches Published ↔ DeletionProposed;
 *   <li>every change moves {@link #version}; every content change gets a new commit id, which is
 *       the revision's resourceVersion.
 * </ul>
 *
 * <p>Tests can inject failures per {@link Operation}, add or remove revisions "externally" and read
 * the log of operations.
 */
public final class FakeRepository implements Repository {
  private static final AtomicLong COMMITS = new AtomicLong();

  /** Operations that can be made to fail with {@link #failNext}. */
  public enum Operation {
    LIST,
    CREATE_DRAFT,
    OPEN_DRAFT,
    UPDATE_RESOURCES,
    CLOSE_DRAFT,
    UPDATE_LIFECYCLE,
    DELETE
  }

  private final RepositoryKey key;
  private final Storage storage;
  private volatile boolean closed;

  /** A repository with its own, empty storage. */
  public FakeRepository(RepositoryKey key) {
    this(key, new Storage());
  }

  FakeRepository(RepositoryKey key, Storage storage) {
    this.key = Objects.requireNonNull(key, "key");
    this.storage = storage;
  }

  @Override
  public RepositoryKey key() {
    return key;
  }

  @Override
  public List<PackageRevision> listPackageRevisions(
      RequestContext ctx, PackageRevisionFilter filter) {
    return storage.locked(
        () -> {
          checkOpen();
          storage.maybeFail(Operation.LIST);
          storage.lists++;
          PackageRevisionFilter f = filter == null ? PackageRevisionFilter.ALL : filter;
          List<PackageRevision> result = new ArrayList<>();
          for (Stored s : storage.revisions.values()) {
            FakePackageRevision view = new FakePackageRevision(s);
            if (f.matches(view)) {
              result.add(view);
            }
          }
          result.sort(Comparator.comparing(r -> r.key().objectName()));
          return result;
        });
  }

  @Override
  public PackageRevisionDraft createPackageRevisionDraft(
      RequestContext ctx, PackageRevisionKey draftKey) {
    Objects.requireNonNull(draftKey, "key");
    return storage.locked(
        () -> {
          checkOpen();
          storage.maybeFail(Operation.CREATE_DRAFT);
          if (!draftKey.repository().equals(key)) {
            throw new InternalErrorException(
                null, "draft key " + draftKey + " does not belong to repository " + key.name());
          }
          return new FakeDraft(this, draftKey.withRevision(0), null, null, Map.of(), List.of());
        });
  }

  @Override
  public PackageRevisionDraft openPackageRevisionDraft(
      RequestContext ctx, PackageRevision revision) {
    return storage.locked(
        () -> {
          checkOpen();
          storage.maybeFail(Operation.OPEN_DRAFT);
          Stored s = storage.revisions.get(id(revision.key()));
          if (s == null) {
            throw notFound(revision.key());
          }
          if (s.lifecycle().isPublished()) {
            throw new ForbiddenException(
                ResourceRef.packageRevision(s.key().objectName()),
                "cannot open a draft of a published package revision");
          }
          var draft =
              new FakeDraft(this, s.key(), id(s.key()), s.commit(), s.resources(), s.tasks());
          draft.updateLifecycle(s.lifecycle());
          return draft;
        });
  }

  @Override
  public PackageRevision closePackageRevisionDraft(
      RequestContext ctx, PackageRevisionDraft draft, int version) {
    if (!(draft instanceof FakeDraft d) || d.owner.storage != storage) {
      throw new InternalErrorException(null, "draft was not created by this repository");
    }
    return storage.locked(
        () -> {
          checkOpen();
          storage.maybeFail(Operation.CLOSE_DRAFT);
          Stored stored =
              switch (d.lifecycle()) {
                case DRAFT, PROPOSED -> closeUnpublished(d);
                case PUBLISHED -> publish(ctx, d, version);
                case DELETION_PROPOSED ->
                    throw new InternalErrorException(
                        null, "cannot close a draft with lifecycle DeletionProposed");
              };
          storage.version++;
          storage.log("close " + d.lifecycle() + " " + stored.key().objectName());
          return new FakePackageRevision(stored);
        });
  }

  private Stored closeUnpublished(FakeDraft d) {
    String id = id(d.key());
    Stored existing = storage.revisions.get(id);
    if (d.baseId == null && existing != null) {
      throw new ConflictException(
          ResourceRef.packageRevision(d.key().objectName()),
          "cannot push draft: ref for " + d.key().objectName() + " already exists");
    }
    if (d.baseId != null && (existing == null || !existing.commit().equals(d.baseCommit))) {
      throw new ConflictException(
          ResourceRef.packageRevision(d.key().objectName()),
          "cannot push draft: " + d.key().objectName() + " was changed concurrently");
    }
    Stored stored =
        new Stored(
            d.key().withRevision(0),
            d.lifecycle(),
            d.resources(),
            d.tasks(),
            newCommit(),
            existing == null ? Instant.now() : existing.created(),
            null,
            null);
    storage.revisions.put(id, stored);
    return stored;
  }

  private Stored publish(RequestContext ctx, FakeDraft d, int version) {
    if (version <= 0) {
      throw new InternalErrorException(
          ResourceRef.packageRevision(d.key().objectName()),
          "cannot publish package revision " + d.key().objectName() + " without a revision number");
    }
    PackageRevisionKey published = d.key().withRevision(version);
    String tagId = id(published);
    if (storage.revisions.containsKey(tagId)) {
      throw new ConflictException(
          ResourceRef.packageRevision(d.key().objectName()),
          "cannot push tag " + published.packageKey().fullPath() + "/v" + version + ": it exists");
    }
    if (d.baseId != null) {
      Stored base = storage.revisions.get(d.baseId);
      if (base == null || !base.commit().equals(d.baseCommit)) {
        throw new ConflictException(
            ResourceRef.packageRevision(d.key().objectName()),
            "cannot publish: " + d.key().objectName() + " was changed concurrently");
      }
      storage.revisions.remove(d.baseId);
    }
    String author = author(ctx);
    Instant now = Instant.now();
    String commit = newCommit();
    Stored stored =
        new Stored(
            published, Lifecycle.PUBLISHED, d.resources(), d.tasks(), commit, now, author, now);
    storage.revisions.put(tagId, stored);
    PackageRevisionKey placeholder =
        new PackageRevisionKey(
            published.packageKey(),
            PackageRevisionKey.PLACEHOLDER_REVISION,
            key.placeholderWorkspace());
    Stored oldPlaceholder = storage.revisions.get(id(placeholder));
    storage.revisions.put(
        id(placeholder),
        new Stored(
            placeholder,
            oldPlaceholder == null ? Lifecycle.PUBLISHED : oldPlaceholder.lifecycle(),
            d.resources(),
            List.of(),
            commit,
            oldPlaceholder == null ? now : oldPlaceholder.created(),
            author,
            now));
    storage.branchHead = commit;
    return stored;
  }

  @Override
  public PackageRevision updateLifecycle(
      RequestContext ctx, PackageRevision revision, Lifecycle lifecycle) {
    return storage.locked(
        () -> {
          checkOpen();
          storage.maybeFail(Operation.UPDATE_LIFECYCLE);
          Stored s = storage.revisions.get(id(revision.key()));
          if (s == null) {
            throw notFound(revision.key());
          }
          if (!s.lifecycle().isPublished() || lifecycle == null || !lifecycle.isPublished()) {
            throw new ForbiddenException(
                ResourceRef.packageRevision(s.key().objectName()),
                "cannot update lifecycle for draft package revision");
          }
          Stored updated = s.withLifecycle(lifecycle);
          storage.revisions.put(id(s.key()), updated);
          storage.version++;
          storage.log("lifecycle " + lifecycle + " " + s.key().objectName());
          return new FakePackageRevision(updated);
        });
  }

  @Override
  public void deletePackageRevision(RequestContext ctx, PackageRevision revision) {
    storage.locked(
        () -> {
          checkOpen();
          storage.maybeFail(Operation.DELETE);
          Stored removed = storage.revisions.remove(id(revision.key()));
          if (removed == null) {
            throw notFound(revision.key());
          }
          storage.version++;
          storage.log("delete " + removed.key().objectName());
          return null;
        });
  }

  @Override
  public String version(RequestContext ctx) {
    return storage.locked(
        () -> {
          checkOpen();
          storage.versionChecks++;
          if (storage.unreachable != null) {
            throw storage.unreachable;
          }
          return Long.toString(storage.version);
        });
  }

  @Override
  public void refresh(RequestContext ctx) {
    checkOpen();
  }

  @Override
  public String branchCommitHash(RequestContext ctx) {
    return storage.locked(() -> storage.branchHead);
  }

  @Override
  public void close() {
    closed = true;
  }

  /** True once {@link #close} was called on this instance. */
  public boolean isClosed() {
    return closed;
  }

  // ---------------------------------------------------------------- test helpers

  /** Every stored revision, sorted by object name. */
  public List<PackageRevision> storedRevisions() {
    return storage.locked(
        () ->
            storage.revisions.values().stream()
                .map(s -> (PackageRevision) new FakePackageRevision(s))
                .sorted(Comparator.comparing(r -> r.key().objectName()))
                .toList());
  }

  /** The log of successful writes: {@code close Draft <name>}, {@code delete <name>}, ... */
  public List<String> operations() {
    return storage.locked(() -> List.copyOf(storage.operations));
  }

  /** How many times {@link #listPackageRevisions} ran on this repository's storage. */
  public int listCount() {
    return storage.locked(() -> storage.lists);
  }

  /**
   * Makes {@link #version} (what a sync asks first, as the Git adapter fetches there) throw {@code
   * failure} until called again with null: an unreachable remote.
   */
  public void setUnreachable(RuntimeException failure) {
    storage.locked(
        () -> {
          storage.unreachable = failure;
          return null;
        });
  }

  /** How many times {@link #version} was asked on this repository's storage. */
  public int versionChecks() {
    return storage.locked(() -> storage.versionChecks);
  }

  /** Makes the next call of {@code operation} throw {@code failure} (once). */
  public void failNext(Operation operation, RuntimeException failure) {
    storage.locked(
        () -> {
          storage.failures.put(operation, failure);
          return null;
        });
  }

  /**
   * Stores a revision directly, as if another client had pushed it: revision 0 for Draft/Proposed,
   * N for Published/DeletionProposed, -1 for the placeholder.
   */
  public PackageRevision putRevision(
      String packagePath,
      String workspace,
      int revision,
      Lifecycle lifecycle,
      Map<String, String> resources) {
    PackageRevisionKey k =
        new PackageRevisionKey(new PackageKey(key, packagePath), revision, workspace);
    Instant now = Instant.now();
    boolean published = lifecycle.isPublished();
    Stored stored =
        new Stored(
            k,
            lifecycle,
            Map.copyOf(resources),
            List.of(),
            newCommit(),
            now,
            published ? "porch@kpt.dev" : null,
            published ? now : null);
    return storage.locked(
        () -> {
          storage.revisions.put(id(k), stored);
          storage.version++;
          return new FakePackageRevision(stored);
        });
  }

  /** Removes a revision directly, as if another client had deleted its ref. */
  public void removeRevision(PackageRevisionKey revisionKey) {
    storage.locked(
        () -> {
          if (storage.revisions.remove(id(revisionKey)) != null) {
            storage.version++;
          }
          return null;
        });
  }

  // ---------------------------------------------------------------- internals

  Storage storage() {
    return storage;
  }

  private void checkOpen() {
    if (closed) {
      throw new ServiceUnavailableException(
          ResourceRef.repository(key.name()), "repository " + key.name() + " is closed");
    }
  }

  static String id(PackageRevisionKey k) {
    String path = k.packageKey().path();
    if (k.revision() > 0) {
      return path + "|v" + k.revision();
    }
    if (k.revision() == PackageRevisionKey.PLACEHOLDER_REVISION) {
      return path + "|-1|" + k.workspace();
    }
    return path + "|" + k.workspace();
  }

  private static NotFoundException notFound(PackageRevisionKey k) {
    return new NotFoundException(
        ResourceRef.packageRevision(k.objectName()),
        "packagerevisions.porch.kpt.dev \"" + k.objectName() + "\" not found");
  }

  private static String author(RequestContext ctx) {
    if (ctx != null && ctx.user() != null && ctx.user().isAuthenticated()) {
      return ctx.user().name();
    }
    return "porch@kpt.dev";
  }

  static String newCommit() {
    return String.format("%040x", COMMITS.incrementAndGet());
  }

  /** What a ref holds: key, lifecycle, files, creation task, commit and publish information. */
  record Stored(
      PackageRevisionKey key,
      Lifecycle lifecycle,
      Map<String, String> resources,
      List<Task> tasks,
      String commit,
      Instant created,
      String publishedBy,
      Instant published) {
    Stored withLifecycle(Lifecycle value) {
      return new Stored(key, value, resources, tasks, commit, created, publishedBy, published);
    }
  }

  /** The shared state of all instances opened for one repository. */
  static final class Storage {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Stored> revisions = new LinkedHashMap<>();
    private final List<String> operations = new ArrayList<>();
    private final Map<Operation, RuntimeException> failures = new EnumMap<>(Operation.class);
    private long version = 1;
    private int lists;
    private int versionChecks;
    private RuntimeException unreachable;
    private String branchHead = "";

    <T> T locked(Supplier<T> action) {
      lock.lock();
      try {
        return action.get();
      } finally {
        lock.unlock();
      }
    }

    void maybeFail(Operation operation) {
      RuntimeException failure = failures.remove(operation);
      if (failure != null) {
        throw failure;
      }
    }

    void log(String operation) {
      operations.add(operation);
    }
  }
}
