package io.jporch.server.rest;

/** What a REST storage answers: one object, a list, or a watch stream. */
public sealed interface ApiResult {
  /** A single object (or Status) with its HTTP code. */
  record Single(int code, Object object) implements ApiResult {}

  /** A list object ({@code <Kind>List}). */
  record Collection(Object list) implements ApiResult {}

  /** A watch: the producer runs on the request's virtual thread and feeds the sink. */
  record Stream(WatchProducer producer) implements ApiResult {}

  static ApiResult ok(Object object) {
    return new Single(200, object);
  }

  static ApiResult created(Object object) {
    return new Single(201, object);
  }
}
