package io.jporch.fn.runner;

import io.grpc.Status;
import io.jporch.fn.grpc.evaluator.FunctionFailure;

/**
 * An evaluation failed; the runner answers with {@code code} and the message, and with the
 * function's exit code, stderr and results as details when the function ran ({@code failure}).
 */
public final class EvaluationException extends RuntimeException {
  private final Status.Code code;
  private final FunctionFailure failure;

  public EvaluationException(Status.Code code, String message, FunctionFailure failure) {
    super(message);
    this.code = code;
    this.failure = failure;
  }

  public EvaluationException(Status.Code code, String message) {
    this(code, message, null);
  }

  /** The gRPC status code to answer with. */
  public Status.Code code() {
    return code;
  }

  /** What the function reported before failing, or null when it did not run. */
  public FunctionFailure failure() {
    return failure;
  }
}
