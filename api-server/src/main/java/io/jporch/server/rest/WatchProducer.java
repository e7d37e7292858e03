package io.jporch.server.rest;

/**
 * Produces the events of one watch. {@link #run} is called on a virtual thread; it sends events to
 * the sink until the sink closes (client gone, timeout) or the producer gives up (e.g. the client
 * is too slow), and must release every registration before returning.
 */
@FunctionalInterface
public interface WatchProducer {
  void run(WatchSink sink) throws InterruptedException;
}
