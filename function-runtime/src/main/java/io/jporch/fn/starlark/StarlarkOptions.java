package io.jporch.fn.starlark;

/**
 * Dialect options, named after starlark-go's {@code syntax.FileOptions}. {@link #DEFAULT} is
 * starlark-go's default dialect; {@link #KRM} is what the starlark KRM function enables (kyaml sets
 * {@code AllowGlobalReassign}, {@code AllowRecursion} and {@code AllowSet}).
 *
 * @param allowSet the {@code set} builtin
 * @param allowWhile while loops
 * @param allowTopLevelControl if/for/while statements outside functions
 * @param allowGlobalReassign rebinding a top-level name
 * @param allowRecursion recursive calls
 * @param maxSteps execution step budget (loop iterations and calls); 0 means unlimited
 */
public record StarlarkOptions(
    boolean allowSet,
    boolean allowWhile,
    boolean allowTopLevelControl,
    boolean allowGlobalReassign,
    boolean allowRecursion,
    long maxSteps) {

  /** starlark-go's default dialect. */
  public static final StarlarkOptions DEFAULT =
      new StarlarkOptions(false, false, false, false, false, 0);

  /**
   * The dialect of the starlark KRM function: global reassignment (with while and top-level
   * control), recursion.
   */
  public static final StarlarkOptions KRM = new StarlarkOptions(true, true, true, true, true, 0);

  /** A copy with the given step budget. */
  public StarlarkOptions withMaxSteps(long steps) {
    return new StarlarkOptions(
        allowSet, allowWhile, allowTopLevelControl, allowGlobalReassign, allowRecursion, steps);
  }
}
