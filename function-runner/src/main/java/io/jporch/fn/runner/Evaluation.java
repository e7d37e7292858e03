package io.jporch.fn.runner;

/**
 * The output of a successful evaluation: the ResourceList the function wrote and its log (stderr),
 * as the evaluator protocol returns them.
 */
public record Evaluation(byte[] resourceList, byte[] log) {}
