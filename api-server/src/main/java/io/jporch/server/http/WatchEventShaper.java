package io.jporch.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.rest.TableDefinition;
import io.jporch.server.rest.WatchSink;
import io.jporch.server.rest.WireFailure;

/**
 * Puts each watch event's object into the watch's shape, as kube-apiserver's watch encoder converts
 * it: every event (bookmarks included) becomes a one-row Table or PartialObjectMetadata; a Status
 * (error event) stays as it is; an object that cannot take the shape is sent unconverted. Only the
 * first event carries the Table's column definitions. One per watch stream, used by its thread.
 */
final class WatchEventShaper {
  private final Representation representation;
  private final TableDefinition table;
  private final TableConverter.IncludeObject include;
  private boolean headersSent;

  WatchEventShaper(
      Representation representation, TableDefinition table, TableConverter.IncludeObject include) {
    this.representation = representation;
    this.table = table;
    this.include = include;
  }

  /** The wire format of the events (the stream's Content-Type). */
  Representation representation() {
    return representation;
  }

  JsonNode shape(String type, JsonNode object) {
    JsonNode shaped = object;
    if (!type.equals(WatchSink.ERROR) && !Rendered.isStatus(object)) {
      try {
        shaped = Rendered.shape(object, false, representation, table, include, headersSent);
      } catch (WireFailure e) {
        shaped = object;
      }
    }
    headersSent = true;
    return shaped;
  }
}
