package io.jporch.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import io.jporch.server.rest.WatchSink;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams watch events over a WebSocket, as kube-apiserver does for a watch request that asks for
 * an upgrade (fabric8 clients try this first): one text message per {@code {"type":...,
 * "object":...}} event. Like {@link HttpWatchSink}, every write is handed to the connection's event
 * loop and awaited, so a client that stops reading ends its own stream.
 */
final class WebSocketWatchSink implements WatchSink {
  private final Context context;
  private final ServerWebSocket socket;
  private final WatchEventShaper shaper;
  private final Instant deadline;
  private volatile boolean open = true;

  WebSocketWatchSink(
      Context context, ServerWebSocket socket, WatchEventShaper shaper, Instant deadline) {
    this.context = context;
    this.socket = socket;
    this.shaper = shaper;
    this.deadline = deadline;
    RequestHandler.runOn(
        context,
        () -> {
          socket.closeHandler(v -> open = false);
          socket.exceptionHandler(e -> open = false);
        });
  }

  @Override
  public boolean isOpen() {
    return open && !socket.isClosed() && Instant.now().isBefore(deadline);
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
    String text = new String(Rendered.json(event, false), StandardCharsets.UTF_8);
    CompletableFuture<Void> done = new CompletableFuture<>();
    RequestHandler.runOn(
        context,
        () ->
            socket
                .writeTextMessage(text)
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        done.complete(null);
                      } else {
                        done.completeExceptionally(ar.cause());
                      }
                    }));
    try {
      done.get(HttpWatchSink.WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      open = false;
      return false;
    }
  }

  /** Closes the socket (end of the watch) if the client has not already. */
  void finish() {
    RequestHandler.runOn(
        context,
        () -> {
          if (!socket.isClosed()) {
            socket.close();
          }
        });
  }

  /** Stops the stream (server shutdown); the producer notices at its next poll. */
  void stop() {
    open = false;
  }
}
