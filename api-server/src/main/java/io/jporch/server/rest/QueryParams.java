package io.jporch.server.rest;

import io.jporch.core.error.BadRequestException;
import java.util.List;
import java.util.Map;

/** The query string of a request, decoded. */
public record QueryParams(Map<String, List<String>> values) {
  public static final QueryParams EMPTY = new QueryParams(Map.of());

  public QueryParams {
    values = Map.copyOf(values);
  }

  /** The first value of {@code name}, or null. */
  public String first(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** True for {@code 1}, {@code true} (any case) and for a bare {@code ?name}. */
  public boolean flag(String name) {
    String v = first(name);
    if (v == null) {
      return false;
    }
    return v.isEmpty() || v.equals("1") || v.equalsIgnoreCase("true");
  }

  /** An integer parameter, or {@code fallback} when absent. */
  public long longValue(String name, long fallback) {
    String v = first(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new BadRequestException(null, "invalid value for query parameter " + name + ": " + v);
    }
  }
}
