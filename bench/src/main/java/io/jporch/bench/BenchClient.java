package io.jporch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK HttpClient for the bench: HTTPS trusting the server's self-signed CA, bearer token on every
 * request, and the request's wall time measured around {@code send}.
 */
public final class BenchClient {
  /** What {@code kubectl get} sends to ask for a server-side Table. */
  public static final String TABLE_ACCEPT =
      "application/json;as=Table;v=v1;g=meta.k8s.io,"
          + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

  /** What {@code kubectl get -o json} (and client-go) send. */
  public static final String JSON_ACCEPT = "application/json";

  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

  private final String baseUrl;
  private final String token;
  private final SSLContext ssl;
  private final HttpClient http;

  public BenchClient(String baseUrl, X509Certificate ca, String token, HttpClient.Version version) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.ssl = trusting(ca);
    this.http = newHttpClient(version);
  }

  /** A response body with its status and the time from sending to the last byte. */
  public record Timed(int code, byte[] body, long nanos) {
    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("response is not JSON", e);
      }
    }

    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Fails unless the status is {@code expected}. */
    public Timed expect(int expected, String what) {
      if (code != expected) {
        throw new IllegalStateException(what + ": HTTP " + code + ": " + text());
      }
      return this;
    }
  }

  /** A new, independent HttpClient (own connections) trusting the same CA. */
  public HttpClient newHttpClient(HttpClient.Version version) {
    return HttpClient.newBuilder()
        .sslContext(ssl)
        .version(version)
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** {@code GET path} with {@code Accept: accept}. */
  public Timed get(String path, String accept) {
    return send(request(path).header("Accept", accept).GET().build());
  }

  /** A request with a JSON (or other) body. */
  public Timed send(String method, String path, String body, String contentType) {
    return send(
        request(path)
            .header("Accept", JSON_ACCEPT)
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** The same request, asynchronously (for concurrent writes). */
  public CompletableFuture<HttpResponse<byte[]>> sendAsync(
      String method, String path, String body, String contentType) {
    return http.sendAsync(
        request(path)
            .header("Accept", JSON_ACCEPT)
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A request builder for {@code path} with the token set. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token);
  }

  /** A watch request builder (no overall timeout: the stream stays open). */
  public HttpRequest.Builder watchRequest(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Authorization", "Bearer " + token);
  }

  private Timed send(HttpRequest request) {
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Timed(r.statusCode(), r.body(), System.nanoTime() - start);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static SSLContext trusting(X509Certificate ca) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("jporch", ca);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the server certificate", e);
    }
  }
}
