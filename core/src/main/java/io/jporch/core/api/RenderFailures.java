package io.jporch.core.api;

import io.jporch.core.error.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * The causes a client sees in the {@code Status} of a failed render: the render error, then one
 * cause per failed function and per {@code severity: error} result, each naming its place in the
 * render status ({@code status.renderStatus.result.items[i]…}). Porch reports only the error text
 * and loses the function results.
 */
public final class RenderFailures {
  /** Cause type of a function that exited non-zero (or whose builtin implementation failed). */
  public static final String FUNCTION_FAILED = "FunctionFailed";

  /** Cause type of a function result with severity {@code error}. */
  public static final String ERROR_RESULT = "FunctionErrorResult";

  private RenderFailures() {}

  /** The causes for {@code status}; {@code message} (the whole error text) comes first. */
  public static List<FieldError> causes(String message, RenderStatus status) {
    List<FieldError> causes = new ArrayList<>();
    causes.add(new FieldError(null, null, message));
    if (status == null || status.result() == null || status.result().items() == null) {
      return causes;
    }
    List<RenderStatus.FunctionResult> items = status.result().items();
    for (int i = 0; i < items.size(); i++) {
      RenderStatus.FunctionResult f = items.get(i);
      String who = f.image() != null && !f.image().isEmpty() ? f.image() : f.exec();
      String field = "status.renderStatus.result.items[" + i + "]";
      if (f.exitCode() != 0) {
        String stderr = f.stderr() == null ? "" : f.stderr().strip();
        causes.add(
            new FieldError(
                field,
                FUNCTION_FAILED,
                who + ": exit code " + f.exitCode() + (stderr.isEmpty() ? "" : ": " + stderr)));
      }
      List<RenderStatus.ResultItem> results = f.results() == null ? List.of() : f.results();
      for (int j = 0; j < results.size(); j++) {
        RenderStatus.ResultItem r = results.get(j);
        if ("error".equals(r.severity())) {
          causes.add(
              new FieldError(
                  field + ".results[" + j + "]", ERROR_RESULT, who + ": " + describe(r)));
        }
      }
    }
    return causes;
  }

  private static String describe(RenderStatus.ResultItem r) {
    String text = r.message() == null ? "" : r.message();
    RenderStatus.ResourceIdentifier ref = r.resourceRef();
    if (ref != null && ref.name() != null) {
      text += " (" + ref.kind() + " " + ref.name() + ")";
    }
    return text;
  }
}
