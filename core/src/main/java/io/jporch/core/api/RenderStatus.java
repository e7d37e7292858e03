package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.jporch.core.api.meta.ObjectMeta;
import java.util.List;
import java.util.Map;

/** Render outcome: the kpt FunctionResultList and an error text (empty on success). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RenderStatus(ResultList result, String error) {
  public static final RenderStatus EMPTY =
      new RenderStatus(new ResultList(null, null, ObjectMeta.named(null, null), 0, null), "");

  /** kpt {@code FunctionResultList}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ResultList(
      String apiVersion,
      String kind,
      ObjectMeta metadata,
      @JsonInclude(JsonInclude.Include.ALWAYS) int exitCode,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FunctionResult> items) {}

  /** The result of one function. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FunctionResult(
      String image,
      String exec,
      String stderr,
      @JsonInclude(JsonInclude.Include.ALWAYS) int exitCode,
      List<ResultItem> results) {}

  /** One structured result item of a function. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ResultItem(
      String message,
      String severity,
      Map<String, Object> resourceRef,
      Map<String, Object> field,
      Map<String, Object> file,
      Map<String, String> tags) {}
}
