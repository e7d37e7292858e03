package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Finds the fields of a request object that its kind's schema does not declare. */
@FunctionalInterface
public interface UnknownFieldFinder {
  UnknownFieldFinder NONE = (group, kind, object) -> List.of();

  /** Dotted paths of unknown fields ({@code spec.foo}); empty if there are none. */
  List<String> unknownFields(String group, String kind, JsonNode object);
}
