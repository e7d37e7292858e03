package io.jporch.server.tls;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * The HTTPS set-up the API server and the Repository webhook server share: TLS with ALPN from a PEM
 * certificate and key, and a start that waits for the listening socket and turns a failure into an
 * {@link IllegalStateException} naming the address; the stop that closes the server, then Vert.x.
 */
public final class HttpsListener {
  private HttpsListener() {}

  /** Options of a TLS server with ALPN on {@code host:port} serving the PEM certificate and key. */
  public static HttpServerOptions options(
      String host, int port, String certificatePem, String privateKeyPem) {
    return new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setSsl(true)
        .setUseAlpn(true)
        .setKeyCertOptions(keyCert(certificatePem, privateKeyPem));
  }

  /** The PEM certificate (chain) and private key as Vert.x key/certificate options. */
  public static PemKeyCertOptions keyCert(String certificatePem, String privateKeyPem) {
    return new PemKeyCertOptions()
        .setCertValue(Buffer.buffer(certificatePem))
        .setKeyValue(Buffer.buffer(privateKeyPem));
  }

  /**
   * Creates the server with {@code options}, serves {@code handler} and waits up to {@code
   * timeoutSeconds} until it listens (call it off the event loop).
   *
   * @param server what is starting, for the message when interrupted ("the API server")
   * @param failure the start of the message when it cannot listen ("cannot listen on"), followed by
   *     {@code host:port: cause}
   * @throws IllegalStateException when the server cannot listen in time or the wait is interrupted
   */
  public static HttpServer listen(
      Vertx vertx,
      HttpServerOptions options,
      Handler<HttpServerRequest> handler,
      long timeoutSeconds,
      String server,
      String failure) {
    try {
      return vertx
          .createHttpServer(options)
          .requestHandler(handler)
          .listen()
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + server, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(
          failure + " " + options.getHost() + ":" + options.getPort() + ": " + cause.getMessage(),
          cause);
    }
  }

  /**
   * Closes {@code server} (if it was started), then {@code vertx}, waiting up to 10 s for each; a
   * failure or timeout is logged as a warning with {@code warning} (one {@code {}} for the error),
   * an interrupt restores the thread's interrupt flag.
   */
  public static void close(Vertx vertx, HttpServer server, Logger log, String warning) {
    try {
      if (server != null) {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn(warning, e.toString());
    }
  }
}
