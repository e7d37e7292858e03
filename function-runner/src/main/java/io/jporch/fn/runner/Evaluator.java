package io.jporch.fn.runner;

/**
 * One way of evaluating KRM functions in the function runner (Porch's {@code func/internal}
 * Evaluator): Java-native functions, local executables. An evaluator that does not know an image
 * throws {@link FunctionNotFoundException}, so that the next one in the chain is asked.
 */
public interface Evaluator {
  /** A short name for logs and {@code --disable-runtimes}: {@code native}, {@code exec}. */
  String name();

  /**
   * Evaluates the function named by {@code request.image()}.
   *
   * @throws FunctionNotFoundException if this evaluator does not know the image
   * @throws EvaluationException if the function could not be run or failed
   */
  Evaluation evaluate(EvaluationRequest request);
}
