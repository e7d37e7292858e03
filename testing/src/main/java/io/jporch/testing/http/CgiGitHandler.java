package io.jporch.testing.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code git http-backend} as a CGI program for one HTTP exchange (RFC 3875): request metadata
 * goes into the environment, the request body into stdin; the CGI header block on stdout becomes
 * the HTTP status and headers, and the rest is streamed as the response body.
 *
 * <p>Request bodies are passed on undecoded: {@code git http-backend} inflates {@code
 * Content-Encoding: gzip} bodies itself when it sees {@code HTTP_CONTENT_ENCODING}. Chunked request
 * bodies (no {@code Content-Length}) are de-chunked by the JDK server and delivered until end of
 * input.
 */
final class CgiGitHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(CgiGitHandler.class);
  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private final Path projectRoot;
  private final Duration requestTimeout;
  private final HttpAuth auth;
  private final Consumer<GitHttpServer.RequestRecord> recorder;

  CgiGitHandler(
      Path projectRoot,
      Duration requestTimeout,
      HttpAuth auth,
      Consumer<GitHttpServer.RequestRecord> recorder) {
    this.projectRoot = projectRoot;
    this.requestTimeout = requestTimeout;
    this.auth = auth;
    this.recorder = recorder;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      Headers headers = exchange.getRequestHeaders();
      String contentLength = headers.getFirst("Content-Length");
      String encoding = headers.getFirst("Content-Encoding");
      boolean chunked = "POST".equals(method) && contentLength == null;
      String queryString = query == null ? "" : query;
      // Recorded before the response goes out, so a client that has its answer sees the record.
      IntConsumer record =
          status ->
              recorder.accept(
                  new GitHttpServer.RequestRecord(
                      method,
                      path,
                      queryString,
                      encoding == null ? "" : encoding,
                      chunked,
                      status));
      if (!auth.accepts(headers.getFirst("Authorization"))) {
        record.accept(401);
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        byte[] body = "authentication required".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("WWW-Authenticate", auth.challenge());
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      serve(exchange, method, path, queryString, contentLength, record);
    }
  }

  private void serve(
      HttpExchange exchange,
      String method,
      String path,
      String query,
      String contentLength,
      IntConsumer record)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
    builder.directory(projectRoot.toFile());
    environment(builder.environment(), exchange, method, path, query, contentLength);
    Process process = builder.start();
    CompletableFuture<Void> stdin =
        CompletableFuture.runAsync(
            () -> copyRequestBody(exchange.getRequestBody(), process), Thread::startVirtualThread);
    CompletableFuture<String> stderr =
        CompletableFuture.supplyAsync(
            () -> readAll(process.getErrorStream()), Thread::startVirtualThread);
    CompletableFuture<Process> watchdog =
        process
            .onExit()
            .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete(
                (p, failure) -> {
                  if (failure != null) {
                    log.warn("git http-backend for {} {} timed out; killing it", method, path);
                    process.destroyForcibly();
                  }
                });
    try (InputStream out = process.getInputStream()) {
      CgiHeaders cgi = CgiHeaders.read(out, MAX_HEADER_BYTES);
      if (cgi == null) {
        String error = stderr.join();
        record.accept(502);
        sendError(exchange, 502, "git http-backend wrote no response: " + error);
        return;
      }
      Headers response = exchange.getResponseHeaders();
      for (Map.Entry<String, List<String>> header : cgi.headers().entrySet()) {
        response.put(header.getKey(), header.getValue());
      }
      boolean noBody = cgi.status() == 204 || cgi.status() == 304 || "HEAD".equals(method);
      record.accept(cgi.status());
      exchange.sendResponseHeaders(cgi.status(), noBody ? -1 : 0);
      if (!noBody) {
        try (OutputStream body = exchange.getResponseBody()) {
          out.transferTo(body);
        }
      }
      finish(process, stdin, stderr, method, path, cgi.status());
    } finally {
      watchdog.cancel(false);
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private void finish(
      Process process,
      CompletableFuture<Void> stdin,
      CompletableFuture<String> stderr,
      String method,
      String path,
      int status) {
    try {
      if (!process.waitFor(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    stdin.join();
    String error = stderr.join();
    if (process.exitValue() != 0 || status >= 400) {
      log.warn(
          "git http-backend {} {} -> HTTP {}, exit {}: {}",
          method,
          path,
          status,
          process.exitValue(),
          error.strip());
    } else {
      log.debug("git http-backend {} {} -> HTTP {}", method, path, status);
    }
  }

  private void environment(
      Map<String, String> env,
      HttpExchange exchange,
      String method,
      String path,
      String query,
      String contentLength) {
    String pathEnv = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.clear();
    env.put("PATH", pathEnv);
    env.put("HOME", projectRoot.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_CONFIG_COUNT", "1");
    env.put("GIT_CONFIG_KEY_0", "http.receivepack");
    env.put("GIT_CONFIG_VALUE_0", "true");
    env.put("GIT_PROJECT_ROOT", projectRoot.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("SERVER_PROTOCOL", exchange.getProtocol());
    env.put("SERVER_SOFTWARE", "jporch-testing-git-http");
    env.put("SERVER_NAME", "127.0.0.1");
    env.put("SERVER_PORT", Integer.toString(exchange.getLocalAddress().getPort()));
    env.put("REQUEST_METHOD", method);
    env.put("REQUEST_URI", exchange.getRequestURI().getRawPath());
    env.put("PATH_INFO", path);
    env.put("QUERY_STRING", query);
    env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
    env.put("REMOTE_USER", "jporch-test");
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null) {
      env.put("CONTENT_TYPE", contentType);
    }
    if (contentLength != null) {
      env.put("CONTENT_LENGTH", contentLength);
    }
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      String name = header.getKey().toUpperCase(Locale.ROOT).replace('-', '_');
      if (name.equals("CONTENT_TYPE")
          || name.equals("CONTENT_LENGTH")
          || name.equals("AUTHORIZATION")
          || header.getValue().isEmpty()) {
        continue;
      }
      env.put("HTTP_" + name, String.join(", ", header.getValue()));
    }
  }

  private static void copyRequestBody(InputStream requestBody, Process process) {
    try (InputStream in = requestBody;
        OutputStream stdin = process.getOutputStream()) {
      in.transferTo(stdin);
    } catch (IOException e) {
      // The backend may exit without reading the whole body (e.g. on an error); its answer
      // already tells the client what went wrong.
      log.debug("request body not fully consumed by git http-backend: {}", e.toString());
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  private static void sendError(HttpExchange exchange, int status, String message)
      throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
    log.warn("git http-backend failed: {}", message.strip());
  }

  /** Status and headers of a CGI response (the block before the first empty line). */
  record CgiHeaders(int status, Map<String, List<String>> headers) {

    /**
     * Reads the CGI header block, leaving {@code in} positioned at the first body byte.
     *
     * @return the parsed headers, or {@code null} if the program wrote nothing
     */
    static CgiHeaders read(InputStream in, int maxBytes) throws IOException {
      Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
      int status = 200;
      int total = 0;
      boolean any = false;
      while (true) {
        String line = readLine(in);
        if (line == null) {
          if (!any) {
            return null;
          }
          break;
        }
        any = true;
        total += line.length() + 2;
        if (total > maxBytes) {
          throw new IOException("CGI header block exceeds " + maxBytes + " bytes");
        }
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new IOException("malformed CGI header line: " + line);
        }
        String name = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ", 2)[0]);
        } else {
          headers.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
        }
      }
      return new CgiHeaders(status, headers);
    }

    /** Reads one line ending in LF or CRLF, without the terminator; null at end of input. */
    private static String readLine(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          break;
        }
        line.write(b);
      }
      if (b == -1 && line.size() == 0) {
        return null;
      }
      byte[] bytes = line.toByteArray();
      int length = bytes.length;
      if (length > 0 && bytes[length - 1] == '\r') {
        length--;
      }
      return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
  }
}
