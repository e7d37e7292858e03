package io.jporch.core.fn;

/**
 * A KRM function ran and failed: kpt's {@code ExecError}. Besides the message it carries what the
 * render status records for such a step: the exit code, the function's stderr and the structured
 * results it wrote before failing.
 */
public class FunctionExitException extends FunctionException {
  private final int exitCode;
  private final String stderr;
  private final String resultsYaml;

  /**
   * @param message what failed, naming the image
   * @param exitCode the function's exit code; 0 or less is recorded as 1
   * @param stderr the function's stderr, or null
   * @param resultsYaml a ResourceList (YAML) whose {@code results} the function reported, or null
   */
  public FunctionExitException(String message, int exitCode, String stderr, String resultsYaml) {
    super(message);
    this.exitCode = exitCode <= 0 ? 1 : exitCode;
    this.stderr = stderr == null || stderr.isEmpty() ? null : stderr;
    this.resultsYaml = resultsYaml == null || resultsYaml.isBlank() ? null : resultsYaml;
  }

  /** The function's exit code, at least 1. */
  public int exitCode() {
    return exitCode;
  }

  /** The function's stderr, or null when it wrote none. */
  public String stderr() {
    return stderr;
  }

  /** A ResourceList (YAML) with the function's {@code results}, or null when there are none. */
  public String resultsYaml() {
    return resultsYaml;
  }
}
