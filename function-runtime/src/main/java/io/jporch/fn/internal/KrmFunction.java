package io.jporch.fn.internal;

/** A KRM function implemented in Java: edits the ResourceList's items and appends results. */
@FunctionalInterface
public interface KrmFunction {
  /**
   * Processes the ResourceList in place. Problems with the input that the catalog function reports
   * as results are appended with {@link ResourceList#addResult}; only a failure of the function
   * itself throws ({@link io.jporch.core.fn.FunctionException}).
   */
  void process(ResourceList resourceList);
}
