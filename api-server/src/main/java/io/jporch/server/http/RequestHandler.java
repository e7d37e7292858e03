package io.jporch.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.api.meta.Status;
import io.jporch.core.context.RequestContext;
import io.jporch.core.context.UserInfo;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.MethodNotAllowedException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.StatusReason;
import io.jporch.core.util.Json;
import io.jporch.server.auth.Authenticator;
import io.jporch.server.auth.Authorizer;
import io.jporch.server.auth.Credentials;
import io.jporch.server.auth.RequestAttributes;
import io.jporch.server.auth.RequestAuthenticator;
import io.jporch.server.auth.RequestAuthorizer;
import io.jporch.server.auth.RequestInfoResolver;
import io.jporch.server.auth.SelfSubjectAccessReviews;
import io.jporch.server.rest.ApiCall;
import io.jporch.server.rest.ApiDispatcher;
import io.jporch.server.rest.ApiResult;
import io.jporch.server.rest.QueryParams;
import io.jporch.server.rest.ResourceHandler;
import io.jporch.server.rest.ResourcePath;
import io.jporch.server.rest.WatchSink;
import io.jporch.server.rest.WireFailure;
import io.jporch.server.webhook.GitWebhook;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Entry point of every HTTP request. On the event loop it only authenticates, authorizes, serves
 * the static documents (health, version, discovery, OpenAPI), reads the body (up to the limit) and
 * writes responses; every storage call runs on a virtual thread of {@code executor}.
 */
final class RequestHandler implements Handler<HttpServerRequest> {
  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
  static final String REQUEST_ID = "X-Request-Id";

  private final RequestAuthenticator authenticator;
  private final RequestAuthorizer authorizer;
  private final ApiDispatcher dispatcher;
  private final StaticEndpoints endpoints;
  private final Executor executor;
  private final ApiServerOptions options;
  private final GitWebhook webhook;
  private final Set<HttpWatchSink> watches = ConcurrentHashMap.newKeySet();
  private final Set<WebSocketWatchSink> socketWatches = ConcurrentHashMap.newKeySet();

  private final HealthEndpoints health;

  RequestHandler(
      RequestAuthenticator authenticator,
      RequestAuthorizer authorizer,
      ApiDispatcher dispatcher,
      StaticEndpoints endpoints,
      Executor executor,
      ApiServerOptions options,
      GitWebhook webhook) {
    this.webhook = webhook;
    this.health = new HealthEndpoints(options.readiness());
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.dispatcher = dispatcher;
    this.endpoints = endpoints;
    this.executor = executor;
    this.options = options;
  }

  @Override
  public void handle(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    String requestId =
        Optional.ofNullable(request.getHeader(REQUEST_ID))
            .filter(s -> !s.isBlank())
            .orElseGet(() -> UUID.randomUUID().toString());
    response.putHeader(REQUEST_ID, requestId);
    String path = request.path();
    List<String> pathSegments = segments(path);
    if (HealthEndpoints.isHealth(pathSegments)) {
      write(response, health.serve(pathSegments, request.params().contains("verbose")));
      return;
    }
    Context context = Vertx.currentContext();
    CompletionStage<Optional<UserInfo>> authentication =
        authenticator.authenticate(credentials(request));
    whenDone(
        request,
        context,
        authentication,
        user -> authenticated(request, path, requestId, user.orElse(null)));
  }

  /**
   * Runs {@code then} with the outcome of {@code stage}: at once when it is already complete
   * (standalone authentication), otherwise on the request's event loop once it completes, with the
   * request paused meanwhile so that its body is not lost. A failed stage is answered with 500.
   */
  private static <T> void whenDone(
      HttpServerRequest request, Context context, CompletionStage<T> stage, Handler<T> then) {
    java.util.concurrent.CompletableFuture<T> future = stage.toCompletableFuture();
    if (future.isDone() && !future.isCompletedExceptionally()) {
      then.handle(future.join());
      return;
    }
    request.pause();
    stage.whenComplete(
        (value, error) ->
            context.runOnContext(
                v -> {
                  if (error != null) {
                    log.warn("Authentication or authorization failed: {}", error.toString());
                    write(
                        request.response(),
                        Rendered.status(
                            Status.failure(
                                500,
                                StatusReason.INTERNAL_ERROR.reason(),
                                "Internal error occurred: " + rootMessage(error),
                                null)));
                    return;
                  }
                  request.resume();
                  then.handle(value);
                }));
  }

  private static String rootMessage(Throwable error) {
    Throwable t = error;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private Credentials credentials(HttpServerRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            h ->
                headers
                    .computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.getValue()));
    return new Credentials(request.getHeader("Authorization"), peerChain(request), headers);
  }

  private void authenticated(
      HttpServerRequest request, String path, String requestId, UserInfo user) {
    HttpServerResponse response = request.response();
    Context context = Vertx.currentContext();
    if (webhook != null && GitWebhook.handles(segments(path))) {
      // Git servers cannot send a token: the webhook checks their signature itself. A token or
      // certificate counts only for a user allowed to update the Repository (never anonymous).
      CompletionStage<Boolean> allowed =
          user == null
              ? java.util.concurrent.CompletableFuture.completedFuture(false)
              : webhookAllowed(user, path);
      whenDone(
          request,
          context,
          allowed,
          ok -> readBody(request, body -> offloadWebhook(request, body, ok, requestId)));
      return;
    }
    if (user == null) {
      write(
          response,
          Rendered.status(
              Status.failure(401, StatusReason.UNAUTHORIZED.reason(), "Unauthorized", null)));
      return;
    }
    List<String> segments = segments(path);
    RequestAttributes attributes =
        RequestInfoResolver.resolve(
            user, request.method().name(), path, segments, parameters(request.params()));
    whenDone(
        request,
        context,
        authorizer.authorize(attributes),
        decision -> {
          if (!decision.allowed()) {
            log.debug("Forbidden: {}", Authorizer.reasonText(attributes));
            write(response, Rendered.status(Authorizer.forbidden(attributes, decision.reason())));
            return;
          }
          authorized(request, path, requestId, user, attributes, segments);
        });
  }

  private void authorized(
      HttpServerRequest request,
      String path,
      String requestId,
      UserInfo user,
      RequestAttributes attributes,
      List<String> segments) {
    HttpServerResponse response = request.response();
    if (SelfSubjectAccessReviews.isReview(attributes)) {
      reviewAccess(request, user);
      return;
    }
    Optional<ResourcePath> resource = ResourcePath.fromUrl(segments);
    if (resource.isEmpty()) {
      Rendered rendered;
      try {
        rendered =
            endpoints.serve(
                new StaticEndpoints.Request(
                    request.method().name(),
                    segments,
                    request.getHeader("Accept"),
                    request.getHeader("If-None-Match"),
                    request.params().get("hash"),
                    request.params().get("pretty"),
                    request.getHeader("User-Agent")));
      } catch (RuntimeException e) {
        rendered = Rendered.status(StatusMapper.toStatus(e));
      }
      write(response, rendered);
      return;
    }
    RequestContext context =
        new RequestContext(user, Instant.now().plus(options.requestTimeout()), requestId);
    if (isWebSocketWatch(request, resource.get())) {
      upgradeWatch(request, resource.get(), context);
      return;
    }
    readBody(request, body -> offload(request, resource.get(), body, context));
  }

  /**
   * Answers a SelfSubjectAccessReview ({@code kubectl auth can-i}) on the event loop: the body is
   * small and the decision is computed in memory.
   */
  private void reviewAccess(HttpServerRequest request, UserInfo user) {
    if (request.method() != HttpMethod.POST) {
      write(
          request.response(),
          Rendered.status(
              StatusMapper.toStatus(
                  new MethodNotAllowedException(
                      null, "the server does not allow this method on the requested resource"))));
      return;
    }
    String contentType = request.getHeader("Content-Type");
    readBody(
        request,
        body -> {
          Context context = Vertx.currentContext();
          CompletionStage<com.fasterxml.jackson.databind.node.ObjectNode> reviewed;
          try {
            ProtobufBodies.Body decoded = ProtobufBodies.toJson(body, contentType);
            JsonNode review;
            try {
              review = Json.MAPPER.readTree(decoded.bytes());
            } catch (IOException e) {
              throw new BadRequestException(
                  null, "the request body is not a JSON SelfSubjectAccessReview");
            }
            reviewed = SelfSubjectAccessReviews.review(authorizer, user, review);
          } catch (RuntimeException e) {
            write(request.response(), Rendered.status(StatusMapper.toStatus(e)));
            return;
          }
          reviewed.whenComplete(
              (answer, error) ->
                  context.runOnContext(
                      v ->
                          write(
                              request.response(),
                              error == null
                                  ? Rendered.json(answer).withCode(201)
                                  : Rendered.status(StatusMapper.toStatus(error)))));
        });
  }

  /** A GET watch that asks to be upgraded to a WebSocket (fabric8 clients try this first). */
  private static boolean isWebSocketWatch(HttpServerRequest request, ResourcePath path) {
    String upgrade = request.getHeader("Upgrade");
    return request.method().name().equals("GET")
        && upgrade != null
        && upgrade.equalsIgnoreCase("websocket")
        && (path.legacyWatch() || query(request.params()).flag("watch"));
  }

  /**
   * Serves a watch over a WebSocket, as kube-apiserver does. The watch is validated before the
   * upgrade (on the event loop: building a watch only parses the request), so that a bad request is
   * still answered with its HTTP status; the upgrade must happen before the request is read.
   */
  private void upgradeWatch(HttpServerRequest request, ResourcePath path, RequestContext ctx) {
    QueryParams query = query(request.params());
    ApiCall call = new ApiCall(ctx, "GET", path, query, new byte[0], null);
    WatchEventShaper shaper;
    ApiResult.Stream stream;
    try {
      ResourceHandler handler;
      handler =
          dispatcher
              .handler(path)
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          null, "the server could not find the requested resource"));
      Representation representation =
          Representation.negotiate(request.getHeader("Accept"), handler.table() != null, true);
      TableConverter.IncludeObject include =
          representation.shape() == Representation.Shape.TABLE
              ? TableConverter.IncludeObject.parse(query.first("includeObject"))
              : TableConverter.IncludeObject.METADATA;
      shaper = new WatchEventShaper(representation, handler.table(), include);
      if (!(dispatcher.dispatch(call) instanceof ApiResult.Stream s)) {
        throw new IllegalStateException("a watch did not produce a stream");
      }
      stream = s;
    } catch (RuntimeException e) {
      write(request.response(), Rendered.status(StatusMapper.toStatus(e)));
      return;
    }
    Context context = Vertx.currentContext();
    Instant deadline = Instant.now().plus(watchTimeout(query));
    request
        .toWebSocket()
        .onComplete(
            upgraded -> {
              if (upgraded.failed()) {
                log.debug("WebSocket upgrade of a watch failed: {}", upgraded.cause().toString());
                return;
              }
              WebSocketWatchSink sink =
                  new WebSocketWatchSink(context, upgraded.result(), shaper, deadline);
              executor.execute(() -> runWebSocketWatch(stream, sink, ctx));
            });
  }

  private void runWebSocketWatch(
      ApiResult.Stream stream, WebSocketWatchSink sink, RequestContext ctx) {
    MDC.put("porch.request", ctx.requestId());
    socketWatches.add(sink);
    try {
      stream.producer().run(sink);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      try {
        if (sink.isOpen()) {
          sink.send(WatchSink.ERROR, StatusMapper.toStatus(e));
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      socketWatches.remove(sink);
      sink.finish();
      MDC.remove("porch.request");
    }
  }

  private void readBody(HttpServerRequest request, Handler<byte[]> then) {
    long limit = options.maxBodyBytes();
    String declared = request.getHeader("Content-Length");
    Buffer body = Buffer.buffer();
    // An oversized body is read and discarded, then answered with 413: clients (HTTP/2 ones in
    // particular) only read the answer once they have sent their body.
    boolean[] tooLarge = {declared != null && parseLong(declared) > limit};
    request.handler(
        chunk -> {
          if (!tooLarge[0] && body.length() + chunk.length() > limit) {
            tooLarge[0] = true;
          } else if (!tooLarge[0]) {
            body.appendBuffer(chunk);
          }
        });
    request.exceptionHandler(e -> log.debug("Reading a request body failed: {}", e.toString()));
    request.endHandler(
        v -> {
          if (tooLarge[0]) {
            write(request.response(), tooLarge(limit));
          } else {
            then.handle(body.getBytes());
          }
        });
  }

  private static Rendered tooLarge(long limit) {
    return Rendered.status(
        StatusMapper.toStatus(
            WireFailure.tooLarge("the request body exceeds the limit of " + limit + " bytes")));
  }

  /**
   * Whether an authenticated, non-anonymous {@code user} may trigger the sync of the Repository
   * named by the webhook {@code path}: the same permission as updating it.
   */
  private CompletionStage<Boolean> webhookAllowed(UserInfo user, String path) {
    List<String> s = segments(path);
    if (Authenticator.ANONYMOUS.equals(user) || s.size() != 6) {
      return java.util.concurrent.CompletableFuture.completedFuture(false);
    }
    return authorizer
        .authorize(
            new io.jporch.server.auth.RequestAttributes(
                user,
                "update",
                true,
                path,
                "config.porch.kpt.dev",
                "v1alpha1",
                s.get(3),
                "repositories",
                null,
                s.get(5)))
        .thenApply(RequestAuthorizer.Decision::allowed);
  }

  private void offloadWebhook(
      HttpServerRequest request, byte[] body, boolean bearer, String requestId) {
    Context context = Vertx.currentContext();
    HttpServerResponse response = request.response();
    Map<String, String> headers = new LinkedHashMap<>();
    request
        .headers()
        .forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    GitWebhook.Call call =
        new GitWebhook.Call(
            request.method().name(), segments(request.path()), headers, body, bearer);
    executor.execute(
        () -> {
          MDC.put("porch.request", requestId);
          try {
            writeOn(context, response, Rendered.status(webhook.serve(call)));
          } catch (Throwable t) {
            writeOn(context, response, Rendered.status(StatusMapper.toStatus(t)));
          } finally {
            MDC.remove("porch.request");
          }
        });
  }

  private void offload(
      HttpServerRequest request, ResourcePath path, byte[] body, RequestContext ctx) {
    Context context = Vertx.currentContext();
    HttpServerResponse response = request.response();
    String method = request.method().name();
    QueryParams query = query(request.params());
    String accept = request.getHeader("Accept");
    String userAgent = request.getHeader("User-Agent");
    String contentType = request.getHeader("Content-Type");
    executor.execute(
        () -> {
          MDC.put("porch.request", ctx.requestId());
          try {
            ProtobufBodies.Body decoded = ProtobufBodies.toJson(body, contentType);
            ApiCall call =
                new ApiCall(
                    ctx,
                    method,
                    path,
                    query,
                    decoded.bytes(),
                    decoded.contentType(),
                    null,
                    userAgent,
                    null);
            serve(context, response, call, accept, userAgent);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Throwable t) {
            writeOn(context, response, Rendered.status(StatusMapper.toStatus(t)));
          } finally {
            MDC.remove("porch.request");
          }
        });
  }

  private void serve(
      Context context, HttpServerResponse response, ApiCall call, String accept, String userAgent)
      throws InterruptedException {
    ResourceHandler handler =
        dispatcher
            .handler(call.path())
            .orElseThrow(
                () ->
                    new NotFoundException(
                        null, "the server could not find the requested resource"));
    boolean watch = isWatch(call);
    Representation representation =
        Representation.negotiate(accept, handler.table() != null, watch);
    if (!watch) {
      representation =
          representation.withPretty(
              representation.pretty()
                  || Negotiation.prettyPrint(call.query().first("pretty"), userAgent));
    }
    TableConverter.IncludeObject include =
        representation.shape() == Representation.Shape.TABLE
            ? TableConverter.IncludeObject.parse(call.query().first("includeObject"))
            : TableConverter.IncludeObject.METADATA;
    ApiResult result = dispatcher.dispatch(call);
    if (result instanceof ApiResult.Stream stream) {
      Instant deadline = Instant.now().plus(watchTimeout(call.query()));
      HttpWatchSink sink =
          new HttpWatchSink(
              context,
              response,
              new WatchEventShaper(representation, handler.table(), include),
              deadline);
      watches.add(sink);
      try {
        sink.start();
        stream.producer().run(sink);
      } catch (RuntimeException e) {
        if (sink.isOpen()) {
          sink.send(HttpWatchSink.ERROR, StatusMapper.toStatus(e));
        }
      } finally {
        watches.remove(sink);
        sink.finish();
      }
      return;
    }
    Rendered rendered = Rendered.result(result, representation, handler.table(), include);
    List<String> warnings = List.copyOf(call.warnings());
    runOn(
        context,
        () -> {
          warnings.forEach(w -> response.headers().add("Warning", warning(w)));
          write(response, rendered);
        });
  }

  /** A watch: {@code ?watch=true} on a collection, or a legacy {@code /watch/} URL. */
  private static boolean isWatch(ApiCall call) {
    return call.path().legacyWatch()
        || call.method().equals("GET") && call.path().isCollection() && call.query().flag("watch");
  }

  private static Duration watchTimeout(QueryParams query) {
    long seconds = query.longValue("timeoutSeconds", 0);
    if (seconds > 0) {
      return Duration.ofSeconds(seconds);
    }
    // kube-apiserver's default: a random duration between the minimum and twice the minimum.
    return Duration.ofSeconds(1800 + ThreadLocalRandom.current().nextLong(1800));
  }

  private static void writeOn(Context context, HttpServerResponse response, Rendered rendered) {
    runOn(context, () -> write(response, rendered));
  }

  /** Runs {@code action} on the event loop of {@code context}, unless Vert.x is shutting down. */
  static void runOn(Context context, Runnable action) {
    try {
      context.runOnContext(v -> action.run());
    } catch (RejectedExecutionException e) {
      log.debug("Dropping a response write: the server is shutting down");
    }
  }

  /** Stops every open watch stream (server shutdown). */
  void stopWatches() {
    watches.forEach(HttpWatchSink::stop);
    socketWatches.forEach(WebSocketWatchSink::stop);
  }

  private static String warning(String text) {
    return "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static void write(HttpServerResponse response, Rendered rendered) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(rendered.code());
    rendered.headers().forEach(response::putHeader);
    if (rendered.code() == 304) {
      response.end();
      return;
    }
    response.putHeader("Content-Type", rendered.contentType());
    response.end(Buffer.buffer(rendered.body()));
  }

  private static QueryParams query(MultiMap params) {
    return new QueryParams(parameters(params));
  }

  private static Map<String, List<String>> parameters(MultiMap params) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String name : params.names()) {
      values.put(name, params.getAll(name));
    }
    return values;
  }

  /**
   * The certificate chain the client presented in the TLS handshake (leaf first), read from the
   * established session (no I/O); empty when the server does not request client certificates or the
   * client sent none.
   */
  private List<X509Certificate> peerChain(HttpServerRequest request) {
    if (authenticator.clientCertificateAuthorities().isEmpty()) {
      return List.of();
    }
    SSLSession session = request.connection().sslSession();
    if (session == null) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
      return chain;
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  static List<String> segments(String path) {
    List<String> result = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        result.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
      }
    }
    return result;
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
