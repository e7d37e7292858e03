package io.jporch.server.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One media range of an {@code Accept} or {@code Content-Type} header, with its parameters. */
public record MediaType(String type, String subtype, Map<String, String> parameters) {
  public static final String JSON = "application/json";
  public static final String YAML = "application/yaml";

  /** Parses a single media type such as {@code application/json;as=Table;v=v1;g=meta.k8s.io}. */
  public static MediaType parse(String text) {
    String[] parts = text.split(";");
    String full = parts[0].strip().toLowerCase(Locale.ROOT);
    int slash = full.indexOf('/');
    String type = slash < 0 ? full : full.substring(0, slash);
    String subtype = slash < 0 ? "*" : full.substring(slash + 1);
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      int eq = p.indexOf('=');
      if (eq > 0) {
        String value = p.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        params.put(p.substring(0, eq).strip().toLowerCase(Locale.ROOT), value);
      }
    }
    return new MediaType(type, subtype, Map.copyOf(params));
  }

  /**
   * Parses an {@code Accept} header into media ranges ordered as goautoneg orders them for
   * kube-apiserver: by quality, then specific types before wildcards (stable otherwise).
   */
  public static List<MediaType> parseAccept(String header) {
    List<MediaType> result = new ArrayList<>();
    if (header == null || header.isBlank()) {
      return result;
    }
    for (String part : header.split(",")) {
      if (!part.isBlank()) {
        result.add(parse(part));
      }
    }
    result.sort(
        Comparator.comparingDouble(MediaType::quality)
            .reversed()
            .thenComparing(m -> m.type().equals("*"))
            .thenComparing(m -> m.subtype().equals("*")));
    return result;
  }

  /** The {@code q} parameter, 1 by default. */
  public double quality() {
    String q = parameters.get("q");
    if (q == null) {
      return 1.0;
    }
    try {
      return Double.parseDouble(q);
    } catch (NumberFormatException e) {
      return 1.0;
    }
  }

  public String param(String name) {
    return parameters.get(name);
  }

  /** {@code type/subtype} without parameters. */
  public String essence() {
    return type + "/" + subtype;
  }
}
