package io.jporch.server.http;

import io.jporch.core.error.MethodNotAllowedException;
import io.jporch.core.error.NotFoundException;
import io.jporch.server.discovery.DiscoveryDocuments;
import io.jporch.server.discovery.VersionInfo;
import io.jporch.server.openapi.OpenApiDocuments;
import io.jporch.server.rest.WireFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The documents served straight from memory on the event loop: health, {@code /version}, discovery
 * and OpenAPI. Everything else outside {@code /apis/<group>/<version>/...} is 404.
 */
final class StaticEndpoints {
  private static final Set<String> HEALTH = Set.of("healthz", "livez", "readyz");

  private final DiscoveryDocuments discovery;
  private final OpenApiDocuments openApi;
  private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

  StaticEndpoints(DiscoveryDocuments discovery, OpenApiDocuments openApi) {
    this.discovery = discovery;
    this.openApi = openApi;
  }

  /** True for {@code /healthz}, {@code /livez}, {@code /readyz} and their sub-checks. */
  static boolean isHealth(String path) {
    List<String> segments = RequestHandler.segments(path);
    return !segments.isEmpty() && HEALTH.contains(segments.get(0));
  }

  /** Serves a document; rendered documents are kept, as they never change while running. */
  Rendered serve(String method, List<String> segments, String accept) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new MethodNotAllowedException(
          null, "the server does not allow this method on the requested resource");
    }
    String first = segments.isEmpty() ? "" : segments.get(0);
    if (first.equals("api") || first.equals("apis")) {
      checkDiscoveryAccept(accept);
    }
    return rendered.computeIfAbsent(String.join("/", segments), key -> render(segments));
  }

  private Rendered render(List<String> segments) {
    String first = segments.isEmpty() ? "" : segments.get(0);
    return switch (first) {
      case "version" -> single(segments, () -> Rendered.json(VersionInfo.document()));
      case "api" -> single(segments, () -> Rendered.json(discovery.apiVersions()));
      case "apis" -> apis(segments);
      case "openapi" -> openApi(segments);
      default -> throw notFound();
    };
  }

  private Rendered apis(List<String> segments) {
    return switch (segments.size()) {
      case 1 -> Rendered.json(discovery.groupList());
      case 2 ->
          Rendered.json(discovery.group(segments.get(1)).orElseThrow(StaticEndpoints::notFound));
      case 3 ->
          Rendered.json(
              discovery
                  .resourceList(segments.get(1), segments.get(2))
                  .orElseThrow(StaticEndpoints::notFound));
      default -> throw notFound();
    };
  }

  private Rendered openApi(List<String> segments) {
    if (segments.size() == 2 && segments.get(1).equals("v2")) {
      return Rendered.json(openApi.v2());
    }
    if (segments.size() == 2 && segments.get(1).equals("v3")) {
      return Rendered.json(openApi.v3Index());
    }
    if (segments.size() == 5 && segments.get(1).equals("v3") && segments.get(2).equals("apis")) {
      return Rendered.json(
          openApi.v3(segments.get(3), segments.get(4)).orElseThrow(StaticEndpoints::notFound));
    }
    throw notFound();
  }

  /**
   * Discovery answers in legacy JSON. A client that asks only for aggregated discovery
   * (apidiscovery.k8s.io) gets 406, which makes it fall back to the legacy documents.
   */
  private static void checkDiscoveryAccept(String accept) {
    List<MediaType> accepted = MediaType.parseAccept(accept);
    boolean legacyOk =
        accepted.isEmpty()
            || accepted.stream()
                .anyMatch(m -> (m.acceptsJson() || m.isYaml()) && m.param("as") == null);
    if (!legacyOk) {
      throw WireFailure.notAcceptable(
          "only the legacy discovery format (application/json) is served");
    }
  }

  private interface Document {
    Rendered render();
  }

  private static Rendered single(List<String> segments, Document document) {
    if (segments.size() != 1) {
      throw notFound();
    }
    return document.render();
  }

  private static NotFoundException notFound() {
    return new NotFoundException(null, "the server could not find the requested resource");
  }
}
