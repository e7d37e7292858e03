package io.jporch.fn.runner;

import io.grpc.Status;
import java.util.List;

/**
 * Asks evaluators in a fixed order (Porch's {@code multievaluator.go}, whose order depends on Go
 * map iteration; here it is deterministic): the first that knows the image answers, a failure is
 * returned as is, and when none knows it the answer is NOT_FOUND naming the image.
 */
public final class MultiEvaluator implements Evaluator {
  private final List<Evaluator> evaluators;

  public MultiEvaluator(List<Evaluator> evaluators) {
    this.evaluators = List.copyOf(evaluators);
  }

  @Override
  public String name() {
    return String.join(",", evaluators.stream().map(Evaluator::name).toList());
  }

  /** The evaluators, in the order they are asked. */
  public List<Evaluator> evaluators() {
    return evaluators;
  }

  @Override
  public Evaluation evaluate(EvaluationRequest request) {
    for (Evaluator evaluator : evaluators) {
      if (request.cancelled()) {
        throw new EvaluationException(
            request.context().isCancelled() ? Status.Code.CANCELLED : Status.Code.DEADLINE_EXCEEDED,
            "evaluation of \"" + request.image() + "\" was cancelled or ran out of time");
      }
      try {
        return evaluator.evaluate(request);
      } catch (FunctionNotFoundException e) {
        // the next evaluator may know it
      }
    }
    throw new EvaluationException(
        Status.Code.NOT_FOUND,
        "function image \""
            + request.image()
            + "\" is not available in this function runner (evaluators: "
            + (evaluators.isEmpty() ? "none" : name())
            + ")");
  }
}
