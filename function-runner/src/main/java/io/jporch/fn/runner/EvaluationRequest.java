package io.jporch.fn.runner;

import io.grpc.Context;
import io.grpc.Deadline;

/**
 * One evaluation: the image, the serialized ResourceList, the deadline and the gRPC context whose
 * cancellation (the client gave up) stops the evaluation.
 */
public record EvaluationRequest(
    String image, byte[] resourceList, Deadline deadline, Context context) {
  /** True when the client cancelled or the deadline passed. */
  public boolean cancelled() {
    return context.isCancelled() || deadline.isExpired();
  }
}
