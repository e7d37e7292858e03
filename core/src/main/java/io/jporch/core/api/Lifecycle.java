package io.jporch.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** PackageRevision lifecycle: Draft → Proposed → Published (→ DeletionProposed). */
public enum Lifecycle {
  DRAFT("Draft"),
  PROPOSED("Proposed"),
  PUBLISHED("Published"),
  DELETION_PROPOSED("DeletionProposed");

  private final String value;

  Lifecycle(String value) {
    this.value = value;
  }

  @JsonValue
  public String value() {
    return value;
  }

  /** Published or DeletionProposed: a revision with a number, immutable content. */
  public boolean isPublished() {
    return this == PUBLISHED || this == DELETION_PROPOSED;
  }

  /** Parses the wire value; empty for anything that is not one of the four. */
  public static Optional<Lifecycle> parse(String value) {
    return Arrays.stream(values()).filter(l -> l.value.equals(value)).findFirst();
  }

  @JsonCreator
  static Lifecycle fromJson(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    return parse(value)
        .orElseThrow(() -> new IllegalArgumentException("unsupported lifecycle value: " + value));
  }

  @Override
  public String toString() {
    return value;
  }
}
