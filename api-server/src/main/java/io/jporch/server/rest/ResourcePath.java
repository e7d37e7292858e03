package io.jporch.server.rest;

import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code /apis/<group>/<version>/...} resource URL: optional namespace, resource, name and
 * subresource, and whether it used the legacy {@code /watch/} prefix.
 */
public record ResourcePath(
    String group,
    String version,
    String namespace,
    String resource,
    String name,
    String subresource,
    boolean legacyWatch) {

  /** True for a collection URL (no name). */
  public boolean isCollection() {
    return name == null;
  }

  /** {@code resource} or {@code resource/subresource}. */
  public String resourceKey() {
    return subresource == null ? resource : resource + "/" + subresource;
  }

  /**
   * Parses a resource URL's segments: {@code apis/<group>/<version>/...}, or {@code
   * api/<version>/...} for the core group (group {@code ""}). Empty for any other URL.
   */
  public static Optional<ResourcePath> fromUrl(List<String> segments) {
    if (segments.size() > 1 && segments.get(0).equals("apis")) {
      return parse(segments.subList(1, segments.size()));
    }
    if (segments.size() > 1 && segments.get(0).equals("api")) {
      List<String> core = new java.util.ArrayList<>(segments.size());
      core.add("");
      core.addAll(segments.subList(1, segments.size()));
      return parse(core);
    }
    return Optional.empty();
  }

  /**
   * Parses the segments after {@code /apis}: {@code <group>/<version>[/watch][/namespaces/<ns>]
   * /<resource>[/<name>[/<subresource>]]}. Empty when the URL is not a resource URL.
   */
  public static Optional<ResourcePath> parse(List<String> segments) {
    if (segments.size() < 3) {
      return Optional.empty();
    }
    String group = segments.get(0);
    String version = segments.get(1);
    List<String> rest = segments.subList(2, segments.size());
    boolean watch = false;
    if (rest.get(0).equals("watch")) {
      watch = true;
      rest = rest.subList(1, rest.size());
    }
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3 || rest.stream().anyMatch(String::isEmpty)) {
      return Optional.empty();
    }
    if (namespace != null && namespace.isEmpty()) {
      return Optional.empty();
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : null;
    String sub = rest.size() > 2 ? rest.get(2) : null;
    return Optional.of(new ResourcePath(group, version, namespace, resource, name, sub, watch));
  }
}
