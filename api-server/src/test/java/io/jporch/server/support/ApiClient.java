package io.jporch.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import io.jporch.server.PorchServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A JDK HttpClient that trusts the server's generated CA and sends its bearer token. */
public final class ApiClient {
  /**
   * Covers TCP connect and the TLS handshake, which take seconds on a loaded machine (10 s failed
   * under a parallel build); as long as the request timeout, so that it never decides a test.
   */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http;
  private final String baseUrl;
  private final String token;
  private final Map<String, java.util.List<String>> fixedHeaders;

  public ApiClient(PorchServer server) {
    this(server.url(), server.tls().certificate(), server.token().reveal());
  }

  public ApiClient(String baseUrl, X509Certificate ca, String token) {
    this(baseUrl, trusting(ca), token);
  }

  /** A client without a client certificate sending {@code fixedHeaders} with every request. */
  public ApiClient(
      String baseUrl,
      X509Certificate ca,
      String token,
      Map<String, java.util.List<String>> fixedHeaders) {
    this(baseUrl, trusting(ca), token, fixedHeaders);
  }

  /** A client with its own TLS context (e.g. one presenting a client certificate). */
  public ApiClient(String baseUrl, SSLContext tls, String token) {
    this(baseUrl, tls, token, Map.of());
  }

  /**
   * A client that sends {@code fixedHeaders} with every request (an aggregator's {@code
   * X-Remote-User} and {@code X-Remote-Group}, one value per header line) and {@code token} (null:
   * no Authorization header).
   */
  public ApiClient(
      String baseUrl,
      SSLContext tls,
      String token,
      Map<String, java.util.List<String>> fixedHeaders) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.fixedHeaders = Map.copyOf(fixedHeaders);
    this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(CONNECT_TIMEOUT).build();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
    fixedHeaders.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    return b;
  }

  private String bearer() {
    return token == null ? null : "Bearer " + token;
  }

  /** A response with its body as text. */
  public record Response(int code, String body, java.net.http.HttpHeaders headers) {
    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }
  }

  public Response get(String path) {
    return send("GET", path, null, null, null, true);
  }

  public Response get(String path, String accept) {
    return send("GET", path, null, null, accept, true);
  }

  public Response post(String path, String body) {
    return send("POST", path, body, "application/json", null, true);
  }

  public Response put(String path, String body) {
    return send("PUT", path, body, "application/json", null, true);
  }

  public Response patch(String path, String body, String contentType) {
    return send("PATCH", path, body, contentType, null, true);
  }

  public Response delete(String path) {
    return send("DELETE", path, null, null, null, true);
  }

  /** Any request; {@code authenticated} false omits the token. */
  public Response send(
      String method,
      String path,
      String body,
      String contentType,
      String accept,
      boolean authenticated) {
    return send(method, path, body, contentType, accept, authenticated ? bearer() : null);
  }

  /** Any authenticated request with extra headers (Accept, If-None-Match, User-Agent, ...). */
  public Response send(
      String method, String path, String body, String contentType, Map<String, String> headers) {
    HttpRequest.Builder b = request(path);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", bearer());
    }
    headers.forEach(b::header);
    return execute(b);
  }

  /** A request with exactly {@code headers} (no token unless they hold one) and a raw body. */
  public Response sendRaw(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return execute(b);
  }

  /** Any request with an explicit Authorization header (null: none). */
  public Response send(
      String method,
      String path,
      String body,
      String contentType,
      String accept,
      String authorization) {
    HttpRequest.Builder b = request(path);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return execute(b);
  }

  private Response execute(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Opens a watch; read events with {@link Watch#next()}. */
  public Watch watch(String path, String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path));
    fixedHeaders.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    if (token != null) {
      b.header("Authorization", bearer());
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    try {
      HttpResponse<InputStream> r =
          http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Watch(
          r.statusCode(),
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens a WebSocket to {@code path} (a watch upgraded as fabric8 clients ask for it). Fails with
   * the handshake's exception if the server answers without upgrading.
   */
  public java.net.http.WebSocket webSocket(String path, java.net.http.WebSocket.Listener listener) {
    return http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + token)
        .buildAsync(URI.create(baseUrl.replaceFirst("^https", "wss") + path), listener)
        .join();
  }

  /** A streaming watch response. */
  public record Watch(int code, BufferedReader reader) implements AutoCloseable {
    /** The next event, or null at the end of the stream. */
    public JsonNode next() {
      try {
        String line = reader.readLine();
        return line == null ? null : Json.MAPPER.readTree(line);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
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
    } catch (Exception e) {
      throw new IllegalStateException("cannot build a trust store for the server certificate", e);
    }
  }
}
