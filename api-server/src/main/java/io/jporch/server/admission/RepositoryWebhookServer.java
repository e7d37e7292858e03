package io.jporch.server.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.meta.Status;
import io.jporch.core.util.Json;
import io.jporch.server.tls.HttpsListener;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS server kube-apiserver calls for Porch's Repository validating webhook: {@code POST
 * /validate-repository} on its own port (8443), with its own certificate, deciding with {@link
 * RepositoryAdmission}. Answers: 200 with the AdmissionReview response; 400 (a Kubernetes {@code
 * Status}) for a body that is not a Repository AdmissionReview, 404 for other paths, 405 for other
 * methods, 413 beyond 6 MiB, 415 unless the body is JSON. Decisions run off the event loop.
 *
 * <p>With a certificate kept by someone else ({@link WebhookOptions#certificateFromFiles()}), the
 * files are checked every {@value #RELOAD_SECONDS} s and a changed certificate is used for new
 * connections, as Porch reloads cert-manager's.
 */
public final class RepositoryWebhookServer implements AutoCloseable {
  /** The path Porch serves the webhook on. */
  public static final String PATH = "/validate-repository";

  private static final Logger log = LoggerFactory.getLogger(RepositoryWebhookServer.class);
  private static final long MAX_BODY_BYTES = 6L * 1024 * 1024;
  private static final long RELOAD_SECONDS = 30;

  private final WebhookOptions options;
  private final RepositoryAdmission admission;
  private final WebhookCertificate certificate;
  private final Vertx vertx;
  private HttpServer server;
  private volatile FileTime loadedCertTime;
  private volatile FileTime loadedKeyTime;

  private RepositoryWebhookServer(
      WebhookOptions options, RepositoryAdmission admission, WebhookCertificate certificate) {
    this.options = options;
    this.admission = admission;
    this.certificate = certificate;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
  }

  /**
   * Generates (or loads) the certificate and starts listening.
   *
   * @throws IllegalStateException if the port cannot be bound or the certificate is unusable
   */
  public static RepositoryWebhookServer start(
      WebhookOptions options, RepositoryAdmission admission) {
    Objects.requireNonNull(admission, "admission");
    WebhookCertificate certificate =
        options.certificateFromFiles()
            ? WebhookCertificate.load(options.certDir())
            : WebhookCertificate.generate(options.certDir(), options.dnsNames());
    RepositoryWebhookServer webhook = new RepositoryWebhookServer(options, admission, certificate);
    try {
      webhook.listen();
    } catch (RuntimeException e) {
      webhook.close();
      throw e;
    }
    return webhook;
  }

  private void listen() {
    HttpServerOptions http =
        HttpsListener.options(
            options.bindAddress(),
            options.port(),
            certificate.certificatePem(),
            certificate.privateKeyPem());
    rememberFileTimes();
    server =
        HttpsListener.listen(
            vertx,
            http,
            this::handle,
            30,
            "the webhook server",
            "cannot serve the Repository webhook on");
    if (options.certificateFromFiles()) {
      vertx.setPeriodic(
          TimeUnit.SECONDS.toMillis(RELOAD_SECONDS), id -> vertx.executeBlocking(this::reload));
    }
    log.info(
        "Repository webhook serving {} on {}:{}", PATH, options.bindAddress(), server.actualPort());
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.actualPort();
  }

  /** The CA kube-apiserver must trust (the webhook's caBundle); null for a file certificate. */
  public String caBundlePem() {
    return certificate.caPem();
  }

  private void handle(HttpServerRequest request) {
    if (!PATH.equals(request.path())) {
      reply(request, 404, status(404, "NotFound", "the server could not find " + request.path()));
      return;
    }
    if (!"POST".equals(request.method().name())) {
      request.response().putHeader("Allow", "POST");
      reply(request, 405, status(405, "MethodNotAllowed", "only POST is served on " + PATH));
      return;
    }
    String contentType = request.getHeader("Content-Type");
    if (!isJson(contentType)) {
      reply(
          request,
          415,
          status(
              415,
              "UnsupportedMediaType",
              "expected Content-Type 'application/json', got '"
                  + (contentType == null ? "" : contentType)
                  + "'"));
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] tooLarge = {false};
    request.handler(
        chunk -> {
          if (tooLarge[0]) {
            return;
          }
          if (body.length() + chunk.length() > MAX_BODY_BYTES) {
            tooLarge[0] = true;
            reply(
                request,
                413,
                status(
                    413,
                    "RequestEntityTooLarge",
                    "request body exceeds " + MAX_BODY_BYTES + " bytes"));
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        done -> {
          if (tooLarge[0]) {
            return;
          }
          vertx
              .executeBlocking(() -> decide(body.getBytes()))
              .onComplete(
                  result -> {
                    if (result.succeeded()) {
                      reply(request, result.result().code(), result.result().body());
                    } else {
                      log.warn("Repository webhook failed: {}", result.cause().toString());
                      reply(
                          request,
                          500,
                          status(
                              500, "InternalError", String.valueOf(result.cause().getMessage())));
                    }
                  });
        });
  }

  private record Answer(int code, byte[] body) {}

  private Answer decide(byte[] body) throws JsonProcessingException {
    try {
      ObjectNode review = admission.review(body);
      return new Answer(200, Json.MAPPER.writeValueAsBytes(review));
    } catch (RepositoryAdmission.BadReview e) {
      log.warn("Repository webhook: {}", e.getMessage());
      return new Answer(400, status(400, "BadRequest", e.getMessage()));
    }
  }

  private static byte[] status(int code, String reason, String message) {
    try {
      return Json.MAPPER.writeValueAsBytes(Status.failure(code, reason, message, null));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void reply(HttpServerRequest request, int code, byte[] body) {
    if (request.response().ended()) {
      return;
    }
    request
        .response()
        .setStatusCode(code)
        .putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(body));
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json");
  }

  private static PemKeyCertOptions keyCert(WebhookCertificate certificate) {
    return HttpsListener.keyCert(certificate.certificatePem(), certificate.privateKeyPem());
  }

  private void rememberFileTimes() {
    if (options.certificateFromFiles()) {
      loadedCertTime = modified(options.certDir().resolve(WebhookCertificate.CERT_FILE));
      loadedKeyTime = modified(options.certDir().resolve(WebhookCertificate.KEY_FILE));
    }
  }

  /** Uses the certificate files again if they changed (cert-manager renewed them). */
  private Void reload() {
    FileTime certTime = modified(options.certDir().resolve(WebhookCertificate.CERT_FILE));
    FileTime keyTime = modified(options.certDir().resolve(WebhookCertificate.KEY_FILE));
    if (Objects.equals(certTime, loadedCertTime) && Objects.equals(keyTime, loadedKeyTime)) {
      return null;
    }
    try {
      WebhookCertificate renewed = WebhookCertificate.load(options.certDir());
      server
          .updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(keyCert(renewed)))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      loadedCertTime = certTime;
      loadedKeyTime = keyTime;
      log.info("Repository webhook certificate reloaded from {}", options.certDir());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | ExecutionException | TimeoutException e) {
      log.warn("Repository webhook certificate not reloaded: {}", e.toString());
    }
    return null;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    HttpsListener.close(vertx, server, log, "Stopping the Repository webhook server: {}");
  }
}
