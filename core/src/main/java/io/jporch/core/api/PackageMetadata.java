package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Labels and annotations mirrored from the package's Kptfile {@code metadata}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PackageMetadata(Map<String, String> labels, Map<String, String> annotations) {
  public static final PackageMetadata EMPTY = new PackageMetadata(null, null);
}
