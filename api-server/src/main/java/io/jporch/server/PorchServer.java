package io.jporch.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jporch.cache.FileMetadataStore;
import io.jporch.cache.RepositoryCache;
import io.jporch.cache.SyncOptions;
import io.jporch.core.api.PackageRevision;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.PorchPackage;
import io.jporch.core.api.config.Repository;
import io.jporch.core.cache.MetadataStore;
import io.jporch.core.cache.PackageCache;
import io.jporch.core.fn.FunctionRuntime;
import io.jporch.core.repository.CredentialResolver;
import io.jporch.core.secret.SecretCredentialResolver;
import io.jporch.core.secret.SecretStore;
import io.jporch.engine.CachedRevisionResolver;
import io.jporch.engine.CadEngine;
import io.jporch.engine.DefaultCadEngine;
import io.jporch.fn.BuiltinFunctionRuntime;
import io.jporch.fn.grpc.GrpcFunctionRuntime;
import io.jporch.git.GitOptions;
import io.jporch.git.GitPackageReader;
import io.jporch.git.GitRepositoryFactory;
import io.jporch.server.auth.Authenticator;
import io.jporch.server.auth.Authorizer;
import io.jporch.server.auth.BearerToken;
import io.jporch.server.cluster.AuthenticationConfig;
import io.jporch.server.cluster.ClusterRepositories;
import io.jporch.server.cluster.ClusterSecretStore;
import io.jporch.server.cluster.DelegatingAuthenticator;
import io.jporch.server.cluster.DelegatingAuthorizer;
import io.jporch.server.cluster.PackageRevMetadataStore;
import io.jporch.server.fields.Schemas;
import io.jporch.server.http.ApiServer;
import io.jporch.server.http.ApiServerOptions;
import io.jporch.server.http.ReadinessCheck;
import io.jporch.server.openapi.ApiKind;
import io.jporch.server.openapi.OpenApiDocuments;
import io.jporch.server.rest.ApiDispatcher;
import io.jporch.server.rest.ListPager;
import io.jporch.server.rest.TryLocks;
import io.jporch.server.rest.config.ConfigResources;
import io.jporch.server.rest.config.RepositoryReconciler;
import io.jporch.server.rest.config.RepositoryStatusStorage;
import io.jporch.server.rest.config.RepositoryStorage;
import io.jporch.server.rest.config.RepositorySyncStatusWriter;
import io.jporch.server.rest.core.SecretStorage;
import io.jporch.server.rest.porch.PackageRevisionApproval;
import io.jporch.server.rest.porch.PackageRevisionResourcesStorage;
import io.jporch.server.rest.porch.PackageRevisionStorage;
import io.jporch.server.rest.porch.PackageStorage;
import io.jporch.server.rest.porch.PorchResources;
import io.jporch.server.rest.porch.RevisionReader;
import io.jporch.server.standalone.FileRepositoryStore;
import io.jporch.server.standalone.FileSecretStore;
import io.jporch.server.standalone.KubeconfigWriter;
import io.jporch.server.store.RepositoryRegistry;
import io.jporch.server.tls.TlsMaterial;
import io.jporch.server.watch.ChangeJournal;
import io.jporch.server.watch.PersistentVersionSequence;
import io.jporch.server.watch.WatchStream;
import io.jporch.server.webhook.GitWebhook;
import io.jporch.task.DefaultTaskHandler;
import io.jporch.task.GitPackageFetcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone jporch server, and the only place where implementations are chosen and wired: data
 * directory, TLS certificate, bearer token, Repository store, the layers below the API (Git
 * adapter, metadata store, cache, change journal, function runtime, task handler, engine), the REST
 * storages and the HTTPS server; then the kubeconfig is written and every registered repository is
 * opened again.
 */
public final class PorchServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PorchServer.class);
  private static final Duration LIST_TIMEOUT_PER_REPOSITORY = Duration.ofSeconds(20);
  private static final long DEFAULT_SYNC_SECONDS = 60;
  private static final Duration MAX_SYNC_BACKOFF = Duration.ofMinutes(2);

  /** Package revision changes kept for watches to resume from (kube's watch cache: 100+). */
  private static final int JOURNAL_CAPACITY = 4096;

  /**
   * The collaborators below the API layer; {@code resources} are closed with the server. Tests may
   * substitute their own.
   */
  public record Backend(
      CadEngine engine, PackageCache cache, ChangeJournal journal, List<AutoCloseable> resources) {}

  private final ServerConfig config;
  private final TlsMaterial tls;
  private final BearerToken token;
  private final ApiServer apiServer;
  private final RepositoryReconciler reconciler;
  private final Backend backend;
  private final RepositoryRegistry repositories;
  private final int port;
  private final List<AutoCloseable> clusterResources;

  private PorchServer(
      ServerConfig config,
      TlsMaterial tls,
      BearerToken token,
      ApiServer apiServer,
      RepositoryReconciler reconciler,
      Backend backend,
      RepositoryRegistry repositories,
      int port,
      List<AutoCloseable> clusterResources) {
    this.config = config;
    this.repositories = repositories;
    this.tls = tls;
    this.token = token;
    this.apiServer = apiServer;
    this.reconciler = reconciler;
    this.backend = backend;
    this.port = port;
    this.clusterResources = clusterResources;
  }

  /**
   * Starts a server with the standard implementations in {@code config.dataDir()}, syncing every
   * repository in the background every {@value #DEFAULT_SYNC_SECONDS} s (system property {@code
   * jporch.sync.period}, an ISO-8601 duration such as {@code PT5M}, overrides it).
   */
  public static PorchServer start(ServerConfig config) {
    return start(config, syncOptions(defaultSyncPeriod()));
  }

  /** The standard background sync with {@code period} between two syncs of a repository. */
  public static SyncOptions syncOptions(Duration period) {
    return SyncOptions.every(period).withMaxBackoff(MAX_SYNC_BACKOFF);
  }

  /**
   * A sync period given on the command line: a Go duration ({@code 10m}, {@code 1h30m}, as Porch's
   * flags take) or an ISO-8601 one ({@code PT10M}); it must be positive.
   */
  public static Duration parsePeriod(String text) {
    String value = text == null ? "" : text.strip();
    Duration period;
    try {
      period =
          value.regionMatches(true, 0, "P", 0, 1)
              ? Duration.parse(value)
              : io.jporch.cache.GoDurations.parse(value);
    } catch (java.time.format.DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "\"" + value + "\" is not a duration such as 10m, 1h or PT10M");
    }
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("the sync period must be positive, got \"" + value + "\"");
    }
    return period;
  }

  /** Starts a server with the standard implementations and the given background sync. */
  public static PorchServer start(ServerConfig config, SyncOptions sync) {
    createDirectories(config.dataDir());
    FileRepositoryStore store = repositoryStore(config);
    FileSecretStore secrets = secretStore(config);
    return start(config, standardBackend(config, store, secrets, sync), store, secrets);
  }

  /** Starts a server on the given backend (tests substitute fakes here). */
  public static PorchServer start(ServerConfig config, Backend backend) {
    createDirectories(config.dataDir());
    return start(config, backend, repositoryStore(config), secretStore(config));
  }

  private static FileRepositoryStore repositoryStore(ServerConfig config) {
    return new FileRepositoryStore(config.dataDir().resolve("repositories"));
  }

  private static FileSecretStore secretStore(ServerConfig config) {
    return new FileSecretStore(config.dataDir().resolve("secrets"));
  }

  /** The default background sync period (system property {@code jporch.sync.period}, else 60 s). */
  public static Duration defaultSyncPeriod() {
    String value = System.getProperty("jporch.sync.period");
    if (value == null || value.isBlank()) {
      return Duration.ofSeconds(DEFAULT_SYNC_SECONDS);
    }
    try {
      return parsePeriod(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("system property jporch.sync.period: " + e.getMessage());
    }
  }

  private static PorchServer start(
      ServerConfig config, Backend backend, FileRepositoryStore store, FileSecretStore secrets) {
    createDirectories(config.dataDir());
    TlsMaterial tls =
        TlsMaterial.loadOrCreate(config.dataDir().resolve("tls"), List.of(config.bindAddress()));
    BearerToken token = BearerToken.loadOrCreate(config.dataDir().resolve("token"));
    Authenticator authenticator;
    Authorizer authorizer;
    try {
      authenticator = config.auth().authenticator(token);
      authorizer = config.auth().authorizer();
    } catch (RuntimeException e) {
      closeAll(backend.resources());
      throw e;
    }
    RepositoryReconciler reconciler =
        new RepositoryReconciler(backend.cache(), store, config.repositoryOpenWait());
    OpenApiDocuments openApi = new OpenApiDocuments(kinds());
    ApiDispatcher dispatcher = dispatcher(backend, store, secrets, reconciler, openApi);
    ApiServer apiServer =
        new ApiServer(
            ApiServerOptions.of(config.bindAddress(), config.port(), tls)
                .withMaxBodyBytes(config.maxRequestBodyBytes()),
            authenticator,
            authorizer,
            dispatcher,
            openApi,
            new GitWebhook(store, secrets, repository -> trigger(backend, reconciler, repository)));
    int port;
    try {
      port = apiServer.start();
    } catch (RuntimeException e) {
      reconciler.close();
      apiServer.close();
      throw e;
    }
    PorchServer server =
        new PorchServer(config, tls, token, apiServer, reconciler, backend, store, port, List.of());
    KubeconfigWriter.write(config.kubeconfig(), server.url(), tls, token);
    reconciler.openAll();
    log.info("jporch serving on {} (data directory {})", server.url(), config.dataDir());
    return server;
  }

  /**
   * Starts a server in cluster mode, as an aggregated API server behind kube-apiserver: Repository
   * objects come from the cluster's {@code repositories.config.porch.kpt.dev} custom resources
   * through an informer (their creation, change and deletion open, reopen and close the
   * repositories as standalone registrations do), their status is written to the status
   * subresource, Secrets are read from the cluster, package revision metadata lives in PackageRev
   * custom resources, and authentication and authorization are delegated to the cluster
   * (front-proxy certificates, client certificates, TokenReview, SubjectAccessReview). Only
   * porch.kpt.dev is served: kube-apiserver serves config.porch.kpt.dev and Secrets. The data
   * directory holds the TLS certificate, the Git clones and the watch journal only; no kubeconfig
   * or token is written.
   */
  public static PorchServer startCluster(
      ServerConfig config, KubernetesClient client, SyncOptions sync) {
    createDirectories(config.dataDir());
    List<AutoCloseable> cluster = new ArrayList<>();
    try {
      AuthenticationConfig authentication = AuthenticationConfig.load(client);
      DelegatingAuthenticator authenticator =
          new DelegatingAuthenticator(
              authentication,
              DelegatingAuthenticator.tokenReviews(client),
              config.auth().anonymous());
      cluster.add(authenticator);
      cluster.add(AuthenticationConfig.watch(client, authenticator::update));
      DelegatingAuthorizer authorizer =
          new DelegatingAuthorizer(DelegatingAuthorizer.subjectAccessReviews(client));
      cluster.add(authorizer);
      PackageRevMetadataStore metadata = PackageRevMetadataStore.start(client);
      cluster.add(metadata);
      ClusterRepositories repositories = new ClusterRepositories(client);
      cluster.add(repositories);
      Backend backend =
          backend(config, repositories, new ClusterSecretStore(client), sync, metadata);
      TlsMaterial tls =
          TlsMaterial.loadOrCreate(config.dataDir().resolve("tls"), List.of(config.bindAddress()));
      RepositoryReconciler reconciler =
          new RepositoryReconciler(backend.cache(), repositories, config.repositoryOpenWait());
      OpenApiDocuments openApi = new OpenApiDocuments(porchKinds());
      ApiDispatcher dispatcher =
          dispatcher(backend, repositories, new ListPager(), List.of(), openApi);
      ApiServer apiServer =
          new ApiServer(
              ApiServerOptions.of(config.bindAddress(), config.port(), tls)
                  .withMaxBodyBytes(config.maxRequestBodyBytes())
                  .withReadiness(
                      List.of(
                          new ReadinessCheck(
                              "informer-sync",
                              () -> metadata.hasSynced() && repositories.hasSynced()))),
              authenticator,
              authorizer,
              dispatcher,
              openApi,
              new GitWebhook(
                  repositories,
                  new ClusterSecretStore(client),
                  repository -> trigger(backend, reconciler, repository)));
      int port;
      try {
        port = apiServer.start();
      } catch (RuntimeException e) {
        reconciler.close();
        apiServer.close();
        closeAll(backend.resources());
        throw e;
      }
      repositories.start(
          new ClusterRepositories.Listener() {
            @Override
            public void added(Repository repository) {
              reconciler.connectNow(repository);
            }

            @Override
            public void changed(Repository old, Repository updated) {
              reconciler.connectNow(updated);
            }

            @Override
            public void deleted(Repository repository) {
              reconciler.close(repository);
            }
          });
      PorchServer server =
          new PorchServer(
              config,
              tls,
              null,
              apiServer,
              reconciler,
              backend,
              repositories,
              port,
              List.copyOf(cluster));
      log.info(
          "jporch serving porch.kpt.dev on {} in cluster mode (cluster {})",
          server.url(),
          client.getMasterUrl());
      return server;
    } catch (RuntimeException e) {
      closeAll(cluster);
      throw e;
    }
  }

  /** The push trigger: a sync of an open repository, else a new attempt to open it. */
  private static String trigger(
      Backend backend, RepositoryReconciler reconciler, Repository repository) {
    if (backend.cache().requestSync(repository.namespace(), repository.name())) {
      return "queued";
    }
    reconciler.connectNow(repository);
    return "queued (the repository is being opened)";
  }

  private static Backend standardBackend(
      ServerConfig config, FileRepositoryStore store, SecretStore secrets, SyncOptions sync) {
    return backend(
        config, store, secrets, sync, new FileMetadataStore(config.dataDir().resolve("metadata")));
  }

  /**
   * The layers below the API, shared by both modes: only where Repository objects, Secrets and
   * package revision metadata live differs.
   */
  private static Backend backend(
      ServerConfig config,
      RepositoryRegistry store,
      SecretStore secrets,
      SyncOptions sync,
      MetadataStore metadata) {
    Path dataDir = config.dataDir();
    ChangeJournal journal = journal(dataDir);
    CredentialResolver credentials = new SecretCredentialResolver(secrets, true);
    RepositoryCache cache =
        new RepositoryCache(
            new GitRepositoryFactory(dataDir.resolve("git"), GitOptions.DEFAULTS, credentials),
            metadata,
            journal,
            // Reads are served from the synced snapshot; a read re-checks the remote only when
            // no sync has looked at it for a whole default period. Writes always check.
            sync.defaultPeriod(),
            sync,
            new RepositorySyncStatusWriter(store));
    GitPackageReader gitReader =
        new GitPackageReader(dataDir.resolve("tmp"), GitOptions.DEFAULTS, credentials);
    List<AutoCloseable> resources = new ArrayList<>();
    // Porch's multi-runtime: builtin functions first, then the function runner (which claims
    // every other image).
    List<FunctionRuntime> runtimes = new ArrayList<>(List.of(new BuiltinFunctionRuntime()));
    if (config.functionRunner() != null) {
      GrpcFunctionRuntime runner = new GrpcFunctionRuntime(config.functionRunner());
      runtimes.add(runner);
      resources.add(runner);
    }
    DefaultTaskHandler tasks =
        new DefaultTaskHandler(
            runtimes,
            DefaultTaskHandler.DEFAULT_IMAGE_PREFIX,
            new CachedRevisionResolver(cache, store::get),
            (ctx, namespace, source) -> {
              GitPackageReader.Result r =
                  gitReader.read(
                      ctx,
                      namespace,
                      source.repo(),
                      source.ref(),
                      source.directory(),
                      source.secretRef() == null ? null : source.secretRef().name());
              return new GitPackageFetcher.Fetched(
                  r.files(),
                  new io.jporch.core.api.PackageRevisionStatus.GitLock(
                      r.repo(), r.directory(), r.ref(), r.commit()));
            });
    CadEngine engine = new DefaultCadEngine(cache, tasks);
    resources.addFirst(cache);
    return new Backend(engine, cache, journal, resources);
  }

  /**
   * The package revision journal of a data directory: its resourceVersions continue from where the
   * previous server left them ({@code <dataDir>/watch/packagerevisions-rv}).
   */
  public static ChangeJournal journal(Path dataDir) {
    return new ChangeJournal(
        new PersistentVersionSequence(dataDir.resolve("watch").resolve("packagerevisions-rv")),
        JOURNAL_CAPACITY);
  }

  private static ApiDispatcher dispatcher(
      Backend backend,
      FileRepositoryStore store,
      FileSecretStore secrets,
      RepositoryReconciler reconciler,
      OpenApiDocuments openApi) {
    ListPager pager = new ListPager();
    RepositoryStorage repositories =
        new RepositoryStorage(store, reconciler, pager, WatchStream.BOOKMARK_INTERVAL);
    return dispatcher(
        backend,
        store,
        pager,
        List.of(
            repositories,
            new RepositoryStatusStorage(store, repositories),
            new SecretStorage(secrets)),
        openApi);
  }

  /**
   * The porch.kpt.dev storages over {@code registry}, plus {@code more} (standalone mode's
   * Repository and Secret storages; none in cluster mode, where kube-apiserver serves them).
   */
  private static ApiDispatcher dispatcher(
      Backend backend,
      RepositoryRegistry registry,
      ListPager pager,
      List<io.jporch.server.rest.ResourceHandler> more,
      OpenApiDocuments openApi) {
    TryLocks locks = new TryLocks();
    RevisionReader reader =
        new RevisionReader(backend.engine(), registry, LIST_TIMEOUT_PER_REPOSITORY);
    PackageRevisionStorage revisions =
        new PackageRevisionStorage(
            backend.engine(),
            reader,
            locks,
            backend.journal(),
            pager,
            WatchStream.BOOKMARK_INTERVAL);
    List<io.jporch.server.rest.ResourceHandler> handlers = new ArrayList<>();
    handlers.add(revisions);
    handlers.add(new PackageRevisionApproval(revisions));
    handlers.add(
        new PackageRevisionResourcesStorage(backend.engine(), reader, locks, revisions, pager));
    handlers.add(new PackageStorage(reader, backend.journal(), pager));
    handlers.addAll(more);
    return new ApiDispatcher(handlers, openApi.fieldValidator(), new Schemas(openApi.v2().json()));
  }

  /** The kinds whose schemas and paths the OpenAPI documents publish (standalone mode). */
  public static List<ApiKind> kinds() {
    List<ApiKind> all = new ArrayList<>(porchKinds());
    all.add(
        new ApiKind(
            Repository.class,
            "RepositoryList is a list of Repository",
            true,
            List.of(ConfigResources.REPOSITORIES, ConfigResources.REPOSITORY_STATUS)));
    return List.copyOf(all);
  }

  /** The porch.kpt.dev kinds (all that cluster mode serves). */
  public static List<ApiKind> porchKinds() {
    return List.of(
        new ApiKind(
            PackageRevision.class,
            "PackageRevisionList",
            false,
            List.of(PorchResources.PACKAGE_REVISIONS, PorchResources.APPROVAL)),
        new ApiKind(
            PackageRevisionResources.class,
            "PackageRevisionResourcesList",
            false,
            List.of(PorchResources.PACKAGE_REVISION_RESOURCES)),
        new ApiKind(PorchPackage.class, "PackageList", false, List.of(PorchResources.PACKAGES)));
  }

  /** The URL clients use: {@code https://<host>:<port>}. */
  public String url() {
    return "https://" + config.clientHost() + ":" + port;
  }

  public int port() {
    return port;
  }

  /** The registered Repository objects (what the Repository admission webhook checks against). */
  public RepositoryRegistry repositories() {
    return repositories;
  }

  public ServerConfig config() {
    return config;
  }

  /** The server certificate (clients trust it as their CA). */
  public TlsMaterial tls() {
    return tls;
  }

  /** The bearer token (for tests and embedding; never logged); null in cluster mode. */
  public BearerToken token() {
    return token;
  }

  @Override
  public void close() {
    apiServer.close();
    reconciler.close();
    closeAll(clusterResources);
    closeAll(backend.resources());
    log.info("jporch stopped");
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
  }
}
