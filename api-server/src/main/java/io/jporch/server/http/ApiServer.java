package io.jporch.server.http;

import io.jporch.server.auth.Authorizer;
import io.jporch.server.auth.RequestAuthenticator;
import io.jporch.server.auth.RequestAuthorizer;
import io.jporch.server.auth.RequestingTrustManager;
import io.jporch.server.discovery.DiscoveryDocuments;
import io.jporch.server.openapi.OpenApiDocuments;
import io.jporch.server.rest.ApiDispatcher;
import io.jporch.server.tls.HttpsListener;
import io.jporch.server.webhook.GitWebhook;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.TrustOptions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS API server on Vert.x: TLS with our certificate (requesting client certificates when
 * client CAs are configured), HTTP/2 through ALPN, authentication and authorization, and storage
 * calls on virtual threads. Knows nothing of how the storages are built ({@code PorchServer} wires
 * them).
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final long START_TIMEOUT_SECONDS = 30;

  private final ApiServerOptions options;
  private final RequestAuthenticator authenticator;
  private final RequestAuthorizer authorizer;
  private final ApiDispatcher dispatcher;
  private final OpenApiDocuments openApi;
  private final GitWebhook webhook;
  private final Vertx vertx = Vertx.vertx();
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jporch-request-", 0).factory());
  private HttpServer server;
  private RequestHandler handler;

  public ApiServer(
      ApiServerOptions options,
      RequestAuthenticator authenticator,
      ApiDispatcher dispatcher,
      OpenApiDocuments openApi) {
    this(options, authenticator, Authorizer.allowAuthenticated(), dispatcher, openApi);
  }

  public ApiServer(
      ApiServerOptions options,
      RequestAuthenticator authenticator,
      RequestAuthorizer authorizer,
      ApiDispatcher dispatcher,
      OpenApiDocuments openApi) {
    this(options, authenticator, authorizer, dispatcher, openApi, null);
  }

  /**
   * A server that also serves the Git push webhook ({@code /webhooks/git/...}); {@code webhook}
   * null: none.
   */
  public ApiServer(
      ApiServerOptions options,
      RequestAuthenticator authenticator,
      RequestAuthorizer authorizer,
      ApiDispatcher dispatcher,
      OpenApiDocuments openApi,
      GitWebhook webhook) {
    this.webhook = webhook;
    this.options = options;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.dispatcher = dispatcher;
    this.openApi = openApi;
  }

  /** Starts listening; returns the bound port (useful with port 0). */
  public int start() {
    HttpServerOptions http =
        HttpsListener.options(
            options.bindAddress(),
            options.port(),
            options.tls().certificatePem(),
            options.tls().privateKeyPem());
    if (!authenticator.clientCertificateAuthorities().isEmpty()) {
      http.setClientAuth(ClientAuth.REQUEST)
          .setTrustOptions(
              TrustOptions.wrap(
                  new RequestingTrustManager(authenticator::clientCertificateAuthorities)));
    }
    DiscoveryDocuments discovery =
        new DiscoveryDocuments(allResources(), openApi.customResourceGroups());
    StaticEndpoints endpoints = new StaticEndpoints(discovery, openApi);
    handler =
        new RequestHandler(
            authenticator, authorizer, dispatcher, endpoints, executor, options, webhook);
    server =
        HttpsListener.listen(
            vertx, http, handler, START_TIMEOUT_SECONDS, "the API server", "cannot listen on");
    log.debug("API server listening on {}:{}", options.bindAddress(), server.actualPort());
    return server.actualPort();
  }

  /** The bound port, once started. */
  public int port() {
    return server.actualPort();
  }

  private java.util.List<io.jporch.server.rest.ResourceDescriptor> allResources() {
    java.util.List<io.jporch.server.rest.ResourceDescriptor> all = new java.util.ArrayList<>();
    for (String gv : dispatcher.groupVersions()) {
      int slash = gv.indexOf('/');
      all.addAll(dispatcher.resources(gv.substring(0, slash), gv.substring(slash + 1)));
    }
    return all;
  }

  @Override
  public void close() {
    try {
      if (handler != null) {
        handler.stopWatches();
      }
      HttpsListener.close(vertx, server, log, "The API server did not stop cleanly: {}");
    } finally {
      executor.shutdownNow();
    }
  }
}
