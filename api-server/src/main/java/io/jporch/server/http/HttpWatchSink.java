package io.jporch.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import io.jporch.server.rest.TableDefinition;
import io.jporch.server.rest.WatchSink;
import io.jporch.server.rest.WireFailure;
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
  private final Representation representation;
  private final TableDefinition table;
  private final TableConverter.IncludeObject include;
  private final Instant deadline;
  private volatile boolean open = true;
  private boolean headersSent;

  HttpWatchSink(
      Context context,
      HttpServerResponse response,
      Representation representation,
      TableDefinition table,
      TableConverter.IncludeObject include,
      Instant deadline) {
    this.context = context;
    this.response = response;
    this.representation = representation;
    this.table = table;
    this.include = include;
    this.deadline = deadline;
  }

  /** Sends the response head and starts noticing client disconnects. */
  void start() throws InterruptedException {
    String contentType = representation.contentType();
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
    event.set("object", shape(type, Json.MAPPER.valueToTree(object)));
    // One compact JSON document per line (json.Encoder ends each with a newline).
    Buffer buffer = Buffer.buffer(Rendered.json(event, false));
    return await(() -> response.write(buffer).toCompletionStage().toCompletableFuture());
  }

  /**
   * The event's object in the watch's shape, as kube-apiserver's watch encoder converts it: every
   * event (bookmarks included) becomes a one-row Table or PartialObjectMetadata; a Status (error
   * event) stays as it is; an object that cannot take the shape is sent unconverted. Only the first
   * event carries the Table's column definitions.
   */
  private JsonNode shape(String type, JsonNode object) {
    JsonNode shaped = object;
    if (!type.equals(ERROR) && !Rendered.isStatus(object)) {
      try {
        shaped = Rendered.shape(object, false, representation, table, include, headersSent);
      } catch (WireFailure e) {
        shaped = object;
      }
    }
    headersSent = true;
    return shaped;
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
