package io.jporch.server;

import io.jporch.server.auth.AuthOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the jporch server: {@code jporch serve [options]}. Port of cmd/porch; only
 * standalone mode exists so far.
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
        names = "--port",
        defaultValue = "9443",
        description = "HTTPS port to listen on; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--bind-address",
        defaultValue = "127.0.0.1",
        description = "Address to listen on (default: ${DEFAULT-VALUE}).")
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
        defaultValue = "false",
        fallbackValue = "true",
        description =
            "Serve requests without credentials as user system:anonymous in group"
                + " system:unauthenticated, subject to authorization; otherwise they get 401"
                + " (default: ${DEFAULT-VALUE}).")
    boolean anonymousAuth;

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
        names = "--standalone",
        arity = "0..1",
        defaultValue = "true",
        fallbackValue = "true",
        description =
            "Run without a Kubernetes cluster, storing Repository objects in the data directory"
                + " (default: ${DEFAULT-VALUE}). Cluster mode is not implemented yet.")
    boolean standalone;

    @Override
    public Integer call() throws InterruptedException {
      PrintStream out = System.out;
      if (!standalone) {
        System.err.println(
            "jporch: cluster mode is not implemented yet; run with --standalone (the default)");
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
      ServerConfig config =
          new ServerConfig(
              dataDir,
              bindAddress,
              port,
              kubeconfig,
              null,
              maxRequestBodyBytes,
              new AuthOptions(tokenAuthFile, clientCaFile, anonymousAuth, authorizationPolicyFile));
      PorchServer server;
      try {
        server =
            syncPeriod == null
                ? PorchServer.start(config)
                : PorchServer.start(config, PorchServer.syncOptions(syncPeriod));
      } catch (RuntimeException e) {
        System.err.println("jporch: cannot start: " + e.getMessage());
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    stopped.countDown();
                  },
                  "jporch-shutdown"));
      printHowTo(out, config, server);
      stopped.await();
      return 0;
    }

    private static void printHowTo(PrintStream out, ServerConfig config, PorchServer server) {
      out.println("jporch: data directory " + config.dataDir());
      out.println("jporch: kubeconfig written to " + config.kubeconfig());
      out.println("jporch: to use it:");
      out.println("  export KUBECONFIG=" + config.kubeconfig());
      out.println("  kubectl api-resources --api-group=porch.kpt.dev");
      out.println("  kubectl get repositories");
      out.println("  kubectl get packagerevisions");
      out.println("jporch: serving on " + server.url());
      out.flush();
    }
  }
}
