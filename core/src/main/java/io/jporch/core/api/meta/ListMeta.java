package io.jporch.core.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Kubernetes ListMeta: the list's resourceVersion, the continue token of a paginated list and the
 * number of items after this page ({@code remainingItemCount}, set only with a continue token).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ListMeta(
    String resourceVersion,
    @JsonProperty("continue") String continueToken,
    Long remainingItemCount) {
  public static final ListMeta EMPTY = new ListMeta(null, null, null);

  public ListMeta(String resourceVersion, String continueToken) {
    this(resourceVersion, continueToken, null);
  }
}
