package io.jporch.server.auth;

import io.jporch.core.context.UserInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Derives a request's {@link RequestAttributes} from its method, path and query, as
 * kube-apiserver's {@code RequestInfoFactory} does: {@code /api/<version>/...} and {@code
 * /apis/<group>/<version>/...} with at least a resource are resource requests, everything else
 * ({@code /api}, {@code /apis/<group>/<version>}, {@code /openapi/v3}, {@code /version}, ...) is a
 * non-resource request whose verb is the lower-case HTTP method. For resource requests the verb
 * comes from the method ({@code POST} create, {@code GET}/{@code HEAD} get, {@code PUT} update,
 * {@code PATCH} patch, {@code DELETE} delete), a GET without a name is a {@code list}, or a {@code
 * watch} with {@code ?watch=true}, a DELETE without a name a {@code deletecollection}; the legacy
 * {@code /watch/} prefix makes it a {@code watch}. A list or watch whose field selector requires
 * {@code metadata.name=<name>} (what {@code kubectl get NAME -w} sends) names that object.
 */
public final class RequestInfoResolver {
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
  private static final Set<String> TRUE = Set.of("1", "t", "T", "true", "TRUE", "True");

  private RequestInfoResolver() {}

  /**
   * The attributes of a request.
   *
   * @param segments the decoded, non-empty path segments
   * @param query the query parameters (only {@code watch} and {@code fieldSelector} are read)
   */
  public static RequestAttributes resolve(
      UserInfo user,
      String method,
      String path,
      List<String> segments,
      Map<String, List<String>> query) {
    String upper = method.toUpperCase(Locale.ROOT);
    RequestAttributes nonResource =
        RequestAttributes.nonResource(user, upper.toLowerCase(Locale.ROOT), path);
    if (segments.size() < 3) {
      return nonResource;
    }
    String prefix = segments.get(0);
    List<String> parts = segments.subList(1, segments.size());
    String group = "";
    if (prefix.equals("apis")) {
      if (parts.size() < 3) {
        return nonResource;
      }
      group = parts.get(0);
      parts = parts.subList(1, parts.size());
    } else if (!prefix.equals("api")) {
      return nonResource;
    }
    String version = parts.get(0);
    parts = parts.subList(1, parts.size());
    String verb;
    if (parts.get(0).equals("watch") && parts.size() >= 2) {
      verb = "watch";
      parts = parts.subList(1, parts.size());
    } else {
      verb =
          switch (upper) {
            case "POST" -> "create";
            case "GET", "HEAD" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "";
          };
    }
    String namespace = "";
    if (parts.get(0).equals("namespaces") && parts.size() > 1) {
      namespace = parts.get(1);
      if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
        parts = parts.subList(2, parts.size());
      }
    }
    String resource = parts.get(0);
    String name = parts.size() >= 2 ? parts.get(1) : "";
    String subresource = parts.size() >= 3 ? parts.get(2) : "";
    if (name.isEmpty() && verb.equals("get")) {
      verb = isTrue(first(query, "watch")) ? "watch" : "list";
      name = exactName(first(query, "fieldSelector"));
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    return new RequestAttributes(
        user, verb, true, path, group, version, namespace, resource, subresource, name);
  }

  private static boolean isTrue(String value) {
    return value != null && TRUE.contains(value);
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The name a field selector requires with {@code metadata.name=<name>} or {@code
   * metadata.name==<name>} (kube's {@code RequiresExactMatch}), if it is a valid path segment; else
   * {@code ""}.
   */
  static String exactName(String selector) {
    if (selector == null || selector.isBlank()) {
      return "";
    }
    for (String term : selector.split(",")) {
      String t = term.strip();
      int eq = t.indexOf('=');
      if (eq <= 0 || t.charAt(eq - 1) == '!') {
        continue;
      }
      String field = t.substring(0, eq).strip();
      String value = t.substring(t.startsWith("==", eq) ? eq + 2 : eq + 1).strip();
      if (field.equals("metadata.name") && isPathSegmentName(value)) {
        return value;
      }
    }
    return "";
  }

  private static boolean isPathSegmentName(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('%') < 0;
  }
}
