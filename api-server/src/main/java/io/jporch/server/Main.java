package io.jporch.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jporch.fn.grpc.GrpcRuntimeOptions;
import io.jporch.server.admission.CaBundlePublisher;
import io.jporch.server.admission.RepositoryAdmission;
import io.jporch.server.admission.RepositoryWebhookServer;
import io.jporch.server.admission.WebhookOptions;
import io.jporch.server.auth.AuthOptions;
import io.jporch.server.rest.config.RepositoryConflicts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the jporch server: {@code jporch serve [options]}. Port of cmd/porch, in
 * standalone mode (the default) or cluster mode ({@code --standalone=false}).
 */
@Command(
    name = "jporch",
    mixinStandardHelpOptions = true,
    version = "jporch 0.1.0",
    description = "Porch, the kpt package orchestration server, in Java.",
    subcommands = {Main.Serve.class})
public final class Main implements Callable<Integer> {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  /** {@code jporch serve}: runs the API server until terminated. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Serve the porch.kpt.dev and config.porch.kpt.dev APIs over HTTPS.")
  static final class Serve implements Callable<Integer> {
    @Option(
        names = {"--port", "--secure-port"},
        defaultValue = "9443",
        description =
            "HTTPS port to listen on; 0 picks a free port (default: ${DEFAULT-VALUE})."
                + " --secure-port is Porch's name for it.")
    int port;

    @Option(
        names = "--bind-address",
        description =
            "Address to listen on (default: 127.0.0.1 in standalone mode, 0.0.0.0 in cluster"
                + " mode).")
    String bindAddress;

    @Option(
        names = "--data-dir",
        defaultValue = "./.jporch",
        description =
            "Directory for the TLS certificate, the access token, registered repositories,"
                + " package metadata and Git clones (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
        names = "--write-kubeconfig",
        paramLabel = "FILE",
        description = "Where to write a kubeconfig for kubectl (default: <data-dir>/kubeconfig).")
    Path kubeconfig;

    @Option(
        names = {"--max-request-body-bytes", "--max-request-body-size"},
        defaultValue = "6291456",
        paramLabel = "BYTES",
        description =
            "Largest request body accepted; larger requests are answered with 413"
                + " RequestEntityTooLarge (default: ${DEFAULT-VALUE}, 6 MiB)."
                + " --max-request-body-size is Porch's name for it.")
    long maxRequestBodyBytes;

    @Option(
        names = "--token-auth-file",
        paramLabel = "FILE",
        description =
            "Static bearer tokens, kube-apiserver's CSV format: token,user,uid[,\"group1,group2\"]"
                + " per line (# comments and blank lines ignored). The generated token in"
                + " <data-dir>/token (the kubeconfig's) stays valid as user admin in"
                + " system:masters.")
    Path tokenAuthFile;

    @Option(
        names = "--client-ca-file",
        paramLabel = "FILE",
        description =
            "PEM bundle of CAs for client certificates: the server then requests a client"
                + " certificate, and one that verifies authenticates as CN = user, O = groups."
                + " A certificate that does not verify is answered with 401.")
    Path clientCaFile;

    @Option(
        names = "--anonymous-auth",
        arity = "0..1",
        fallbackValue = "true",
        description =
            "Serve requests without credentials as user system:anonymous in group"
                + " system:unauthenticated, subject to authorization; otherwise they get 401"
                + " (default: false in standalone mode; true in cluster mode, as"
                + " k8s.io/apiserver's delegated authentication, where the cluster's"
                + " SubjectAccessReview then decides).")
    Boolean anonymousAuth;

    @Option(
        names = "--authorization-policy-file",
        paramLabel = "FILE",
        description =
            "YAML allow rules (users/groups, verbs, apiGroups, resources such as"
                + " packagerevisions/approval, resourceNames, namespaces, nonResourceURLs);"
                + " denied requests get 403. Without it every authenticated user may do"
                + " anything. system:masters may always do anything. See docs/status.md.")
    Path authorizationPolicyFile;

    @Option(
        names = {"--repo-sync-frequency", "--repositories.full-sync-frequency"},
        paramLabel = "DURATION",
        description =
            "Time between two background syncs of a repository without spec.sync.schedule, as a"
                + " Go duration (10m, 1h30m) or ISO-8601 (PT10M) (default: 60s, or the system"
                + " property jporch.sync.period). Porch's server flag is --repo-sync-frequency,"
                + " its repository controller's --repositories.full-sync-frequency.")
    String repoSyncFrequency;

    @Option(
        names = "--function-runner",
        paramLabel = "HOST:PORT",
        description =
            "Address of the function runner (./porch function-runner, or Porch's) that runs every"
                + " KRM function that is not builtin, over Porch's evaluator gRPC protocol."
                + " Without it such functions fail to render with a message naming the image.")
    String functionRunner;

    @Option(
        names = "--function-runner-timeout",
        defaultValue = "291s",
        paramLabel = "DURATION",
        description =
            "Longest evaluation in the function runner, retries included (Go duration or"
                + " ISO-8601; default: ${DEFAULT-VALUE}, Porch's request timeout).")
    String functionRunnerTimeout;

    @Option(
        names = "--function-runner-max-message-bytes",
        paramLabel = "BYTES",
        description =
            "Largest gRPC message to and from the function runner (default: the"
                + " --max-request-body-bytes value, as in Porch).")
    Integer functionRunnerMaxMessageBytes;

    @Option(
        names = "--standalone",
        arity = "0..1",
        defaultValue = "true",
        fallbackValue = "true",
        description =
            "Run without a Kubernetes cluster, storing Repository objects in the data directory"
                + " (default: ${DEFAULT-VALUE}). --standalone=false runs in cluster mode, as an"
                + " aggregated API server: Repository CRs, Secrets and PackageRev CRs in the"
                + " cluster, authentication and authorization delegated to kube-apiserver.")
    boolean standalone;

    @Option(
        names = "--kubeconfig",
        paramLabel = "FILE",
        description =
            "Cluster mode: kubeconfig of the cluster (default: the in-cluster service account,"
                + " else $KUBECONFIG or ~/.kube/config).")
    Path clusterKubeconfig;

    @Override
    public Integer call() throws InterruptedException {
      PrintStream out = System.out;
      if (standalone && clusterKubeconfig != null) {
        System.err.println("jporch: --kubeconfig needs cluster mode (--standalone=false)");
        return 2;
      }
      if (!standalone
          && (tokenAuthFile != null || clientCaFile != null || authorizationPolicyFile != null)) {
        System.err.println(
            "jporch: --token-auth-file, --client-ca-file and --authorization-policy-file are"
                + " standalone-mode flags; cluster mode delegates authentication and"
                + " authorization to kube-apiserver");
        return 2;
      }
      if (maxRequestBodyBytes <= 0) {
        System.err.println("jporch: --max-request-body-bytes must be positive");
        return 2;
      }
      java.time.Duration syncPeriod;
      try {
        syncPeriod = repoSyncFrequency == null ? null : PorchServer.parsePeriod(repoSyncFrequency);
      } catch (IllegalArgumentException e) {
        System.err.println("jporch: --repo-sync-frequency: " + e.getMessage());
        return 2;
      }
      boolean anonymous = anonymousAuth == null ? !standalone : anonymousAuth;
      String address = bindAddress != null ? bindAddress : standalone ? "127.0.0.1" : "0.0.0.0";
      GrpcRuntimeOptions runner = null;
      if (functionRunner != null) {
        java.time.Duration timeout;
        try {
          timeout = PorchServer.parsePeriod(functionRunnerTimeout);
        } catch (IllegalArgumentException e) {
          System.err.println(
              "jporch: --function-runner-timeout: \""
                  + functionRunnerTimeout
                  + "\" is not a positive duration such as 90s, 5m or PT5M");
          return 2;
        }
        try {
          int limit =
              functionRunnerMaxMessageBytes != null
                  ? functionRunnerMaxMessageBytes
                  : (int) Math.min(Integer.MAX_VALUE, maxRequestBodyBytes);
          runner =
              GrpcRuntimeOptions.of(functionRunner).withMaxMessageBytes(limit).withTimeout(timeout);
        } catch (IllegalArgumentException e) {
          System.err.println("jporch: --function-runner: " + e.getMessage());
          return 2;
        }
      }
      ServerConfig config =
          new ServerConfig(
              dataDir,
              address,
              port,
              kubeconfig,
              null,
              maxRequestBodyBytes,
              new AuthOptions(tokenAuthFile, clientCaFile, anonymous, authorizationPolicyFile),
              runner);
      PorchServer server;
      KubernetesClient client = null;
      try {
        if (standalone) {
          server =
              syncPeriod == null
                  ? PorchServer.start(config)
                  : PorchServer.start(config, PorchServer.syncOptions(syncPeriod));
        } else {
          client = clusterClient(clusterKubeconfig);
          server =
              PorchServer.startCluster(
                  config,
                  client,
                  PorchServer.syncOptions(
                      syncPeriod == null ? PorchServer.defaultSyncPeriod() : syncPeriod));
        }
      } catch (RuntimeException e) {
        if (client != null) {
          client.close();
        }
        System.err.println("jporch: cannot start: " + e.getMessage());
        return 1;
      }
      KubernetesClient clusterClient = client;
      RepositoryWebhookServer webhook;
      try {
        webhook = startRepositoryWebhook(System.getenv(), server, client);
      } catch (RuntimeException e) {
        System.err.println("jporch: cannot start the Repository webhook: " + e.getMessage());
        server.close();
        if (clusterClient != null) {
          clusterClient.close();
        }
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    if (webhook != null) {
                      webhook.close();
                    }
                    server.close();
                    if (clusterClient != null) {
                      clusterClient.close();
                    }
                    stopped.countDown();
                  },
                  "jporch-shutdown"));
      if (standalone) {
        printHowTo(out, config, server);
      } else {
        out.println("jporch: serving porch.kpt.dev on " + server.url() + " (cluster mode)");
        out.flush();
      }
      stopped.await();
      return 0;
    }

    /** The cluster's client: from {@code kubeconfig}, else fabric8's auto-configuration. */
    private static KubernetesClient clusterClient(Path kubeconfig) {
      if (kubeconfig == null) {
        return new KubernetesClientBuilder().build();
      }
      String content;
      try {
        content = java.nio.file.Files.readString(kubeconfig);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "cannot read --kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
      }
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(content)).build();
    }

    /**
     * Porch's Repository validating webhook, when {@code CERT_STORAGE_DIR} is set (as in deploy/):
     * its HTTPS server on {@code WEBHOOK_PORT}, checking against the server's Repositories. In a
     * cluster ({@code cluster} not null) the generated CA is then patched into the
     * ValidatingWebhookConfiguration as its caBundle.
     */
    static RepositoryWebhookServer startRepositoryWebhook(
        Map<String, String> env, PorchServer server, KubernetesClient cluster) {
      Optional<WebhookOptions> options = WebhookOptions.fromEnvironment(env);
      if (options.isEmpty()) {
        return null;
      }
      RepositoryWebhookServer webhook =
          RepositoryWebhookServer.start(
              options.get(), new RepositoryAdmission(() -> server.repositories().list(null)));
      if (cluster != null && webhook.caBundlePem() != null) {
        try {
          CaBundlePublisher.publish(
              cluster,
              CaBundlePublisher.CONFIGURATION,
              RepositoryConflicts.WEBHOOK_NAME,
              webhook.caBundlePem());
        } catch (RuntimeException e) {
          webhook.close();
          throw e;
        }
      }
      return webhook;
    }

    private static void printHowTo(PrintStream out, ServerConfig config, PorchServer server) {
      out.println("jporch: data directory " + config.dataDir());
      out.println("jporch: kubeconfig written to " + config.kubeconfig());
      out.println("jporch: to use it:");
      out.println("  export KUBECONFIG=" + config.kubeconfig());
      out.println("  kubectl api-resources --api-group=porch.kpt.dev");
      out.println("  kubectl get repositories");
      out.println("  kubectl get packagerevisions");
      if (config.functionRunner() != null) {
        out.println("jporch: function runner " + config.functionRunner().address());
      }
      out.println("jporch: serving on " + server.url());
      out.flush();
    }
  }
}
