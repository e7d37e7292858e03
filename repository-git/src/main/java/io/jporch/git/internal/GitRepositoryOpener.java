package io.jporch.git.internal;

import io.jporch.core.api.config.Repository;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.CredentialResolver;
import io.jporch.core.repository.RepositoryKey;
import io.jporch.core.util.Names;
import io.jporch.git.GitOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a Repository object, acquires the shared clone of its URL, fetches, and checks (or
 * creates) the registered branch. Port of {@code OpenRepository} and {@code verifyRepository} in
 * {@code git.go} and {@code NewRepositoryImpl} in {@code gitrepofactory.go}.
 */
public final class GitRepositoryOpener {
  private static final Logger log = LoggerFactory.getLogger(GitRepositoryOpener.class);
  private static final List<String> SCHEMES = List.of("file://", "http://", "https://", "git://");
  static final String README = "README.md";
  static final String README_CONTENT = "Created by porch";

  private final Path root;
  private final ClonePool pool;
  private final GitOptions options;
  private final CredentialResolver credentials;

  public GitRepositoryOpener(
      Path root, ClonePool pool, GitOptions options, CredentialResolver credentials) {
    this.root = root.toAbsolutePath().normalize();
    this.pool = pool;
    this.options = options;
    this.credentials = credentials;
  }

  /** Opens the repository; see {@code GitRepositoryFactory#open}. */
  public GitRepository open(RequestContext ctx, Repository spec) {
    RepositorySettings settings = settings(spec);
    Path directory = cloneDirectory(settings);
    SharedClone clone;
    try {
      clone = pool.acquire(directory, settings.url());
    } catch (IOException e) {
      throw GitErrors.map(
          ref(settings), "cannot create the Git clone of " + Urls.redacted(settings.url()), e);
    }
    GitRepository repository =
        new GitRepository(settings, clone, pool, options, new RemoteAuth(credentials, spec));
    try {
      repository.fetch(ctx);
      verifyBranch(ctx, repository, spec.spec().git().createBranch());
      log.info(
          "opened repository {} ({} branch {})",
          settings.key(),
          Urls.redacted(settings.url()),
          settings.branch());
      return repository;
    } catch (RuntimeException e) {
      if (clone.refs().refs().isEmpty()) {
        // Nothing was ever fetched into this clone: do not leave an empty directory behind.
        repository.closeAndRemoveLocalCopy();
      } else {
        // A clone kept from an earlier start: keep it for when the remote is reachable again.
        repository.close();
      }
      throw e;
    }
  }

  private static ResourceRef ref(RepositorySettings settings) {
    return ResourceRef.repository(settings.key().name());
  }

  static RepositorySettings settings(Repository spec) {
    if (spec == null || spec.metadata() == null || spec.spec() == null) {
      throw new BadRequestException(null, "repository object without metadata or spec");
    }
    ResourceRef ref = ResourceRef.repository(spec.name());
    String type = spec.spec().type();
    if (!Repository.TYPE_GIT.equals(type)) {
      throw new BadRequestException(ref, "repository type " + type + " not supported");
    }
    Repository.Git git = spec.spec().git();
    if (git == null || git.repo() == null || git.repo().isBlank()) {
      throw new InvalidException(
          ref, List.of(FieldError.required("spec.git.repo", "git.repo property is required")));
    }
    String url = git.repo().strip();
    if (SCHEMES.stream().noneMatch(s -> url.toLowerCase(Locale.ROOT).startsWith(s))) {
      throw new InvalidException(
          ref,
          List.of(
              FieldError.invalid(
                  "spec.git.repo",
                  url,
                  "only file://, http://, https:// and git:// are supported")));
    }
    String branch = git.branchOrDefault();
    String problem = Names.validatePackagePath(branch);
    if (problem != null) {
      throw new InvalidException(
          ref, List.of(FieldError.invalid("spec.git.branch", branch, problem)));
    }
    String directory = git.trimmedDirectory();
    RepositoryKey key = new RepositoryKey(spec.namespace(), spec.name(), directory, branch);
    return new RepositorySettings(
        key, url, branch, spec.spec().deployment(), git.author(), git.email());
  }

  /** {@code <root>/<URL with every / and : replaced by ->}, refused if it escapes the root. */
  Path cloneDirectory(RepositorySettings settings) {
    String name = settings.url().replace('/', '-').replace(':', '-');
    Path dir = root.resolve(name).normalize();
    if (name.contains("..") || !dir.startsWith(root) || dir.equals(root)) {
      throw new InvalidException(
          ref(settings),
          List.of(
              FieldError.invalid(
                  "spec.git.repo", Urls.redacted(settings.url()), "invalid repository path")));
    }
    return dir;
  }

  private void verifyBranch(RequestContext ctx, GitRepository repository, boolean create) {
    SharedClone clone = repository.sharedClone();
    if (clone.refs().get(repository.branchRef()) != null) {
      return;
    }
    RepositorySettings settings = repository.settings();
    if (!create) {
      throw new NotFoundException(
          ref(settings),
          "branch \""
              + settings.branch()
              + "\" doesn't exist in repository "
              + Urls.redacted(settings.url()));
    }
    new PushExecutor(clone, options, repository.auth())
        .execute(
            ctx,
            ref(settings),
            "create branch " + settings.branch(),
            new PushPlan() {
              @Override
              public List<RefChange> plan(RefSnapshot refs) throws IOException {
                if (refs.get(repository.branchRef()) != null) {
                  return List.of();
                }
                return List.of(RefChange.create(repository.branchRef(), initialCommit(clone)));
              }

              @Override
              public boolean rebuildable() {
                return true;
              }
            });
  }

  /** An orphan commit holding only {@code README.md}, authored and committed by Porch. */
  private static ObjectId initialCommit(SharedClone clone) throws IOException {
    try (ObjectInserter inserter = clone.db().newObjectInserter()) {
      ObjectId blob =
          inserter.insert(Constants.OBJ_BLOB, README_CONTENT.getBytes(StandardCharsets.UTF_8));
      ObjectId tree =
          Trees.write(inserter, List.of(new TreeEntry(README, FileMode.REGULAR_FILE, blob)));
      Instant now = Instant.now();
      ObjectId commit =
          Commits.write(
              inserter,
              tree,
              List.of(),
              Identities.porch(now),
              Identities.porch(now),
              CommitMessages.INITIAL_COMMIT);
      inserter.flush();
      return commit;
    }
  }
}
