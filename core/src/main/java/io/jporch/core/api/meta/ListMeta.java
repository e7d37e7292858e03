package io.jporch.core.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Kubernetes ListMeta. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ListMeta(String resourceVersion, @JsonProperty("continue") String continueToken) {
  public static final ListMeta EMPTY = new ListMeta(null, null);
}
