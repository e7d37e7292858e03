package io.jporch.server.rest;

import java.time.Instant;

/** Where a {@link WatchProducer} sends its events; implemented by the HTTP layer. */
public interface WatchSink {
  /** Event types of the watch protocol. */
  String ADDED = "ADDED";

  String MODIFIED = "MODIFIED";
  String DELETED = "DELETED";
  String BOOKMARK = "BOOKMARK";
  String ERROR = "ERROR";

  /** False once the client went away, the deadline passed or a send failed. */
  boolean isOpen();

  /** When the watch ends at the latest ({@code timeoutSeconds} or the server default). */
  Instant deadline();

  /**
   * Sends one event, waiting until it is written. Returns false (and closes the sink) if the client
   * is gone or does not keep up.
   */
  boolean send(String type, Object object) throws InterruptedException;
}
