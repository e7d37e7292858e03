package io.jporch.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import io.jporch.server.rest.WatchSink;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams watch events as newline-delimited {@code {"type":...,"object":...}} JSON over a chunked
 * response. Runs on the watch's virtual thread; every write is handed to the request's event-loop
 * context and awaited, so a client that stops reading ends its own stream (after {@link
 * #WRITE_TIMEOUT}) instead of piling up memory. In Table mode each event carries a one-row Table,
 * with column definitions only in the first. Watches are never indented (kube-apiserver's stream
 * serializers ignore {@code pretty}).
 */
final class HttpWatchSink implements WatchSink {
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  private final Context context;
  private final HttpServerResponse response;
  private final WatchEventShaper shaper;
  private final Instant deadline;
  private volatile boolean open = true;

  HttpWatchSink(
      Context context, HttpServerResponse response, WatchEventShaper shaper, Instant deadline) {
    this.context = context;
    this.response = response;
    this.shaper = shaper;
    this.deadline = deadline;
  }

  /** Sends the response head and starts noticing client disconnects. */
  void start() throws InterruptedException {
    String contentType = shaper.representation().contentType();
    await(
        () -> {
          response.closeHandler(v -> open = false);
          response.exceptionHandler(e -> open = false);
          response.setStatusCode(200);
          response.putHeader("Content-Type", contentType);
          response.putHeader("Cache-Control", "no-cache, private");
          response.setChunked(true);
          return response.writeHead().toCompletionStage().toCompletableFuture();
        });
  }

  @Override
  public boolean isOpen() {
    return open && Instant.now().isBefore(deadline);
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public boolean send(String type, Object object) throws InterruptedException {
    if (!isOpen()) {
      return false;
    }
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("type", type);
    event.set("object", shaper.shape(type, Json.MAPPER.valueToTree(object)));
    // One compact JSON document per line (json.Encoder ends each with a newline).
    Buffer buffer = Buffer.buffer(Rendered.json(event, false));
    return await(() -> response.write(buffer).toCompletionStage().toCompletableFuture());
  }

  /** Ends the response if the client is still there. */
  void finish() {
    RequestHandler.runOn(
        context,
        () -> {
          if (!response.ended() && !response.closed()) {
            response.end();
          }
        });
  }

  /** Stops the stream (server shutdown); the producer notices at its next poll. */
  void stop() {
    open = false;
  }

  private interface Write {
    CompletableFuture<Void> start();
  }

  private boolean await(Write write) throws InterruptedException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    RequestHandler.runOn(
        context,
        () -> {
          try {
            write
                .start()
                .whenComplete(
                    (ok, failure) -> {
                      if (failure != null) {
                        done.completeExceptionally(failure);
                      } else {
                        done.complete(null);
                      }
                    });
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    try {
      done.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      open = false;
      return false;
    }
  }
}
