package io.jporch.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.error.MethodNotAllowedException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.util.Json;
import io.jporch.server.discovery.DiscoveryDocuments;
import io.jporch.server.discovery.VersionInfo;
import io.jporch.server.openapi.OpenApiDocuments;
import io.jporch.server.openapi.OpenApiV2Protobuf;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The documents served straight from memory on the event loop: health, {@code /version}, discovery
 * and OpenAPI. Everything else outside {@code /apis/<group>/<version>/...} is 404.
 *
 * <p>Discovery is negotiated as kube-apiserver does: {@code /api} and {@code /apis} answer the
 * aggregated APIGroupDiscoveryList ({@code apidiscovery.k8s.io} v2 or v2beta1, with an ETag and
 * {@code If-None-Match} support) to a client that asks for it, and the legacy documents otherwise;
 * every other discovery path serves only the legacy document; JSON or YAML, 406 if neither is
 * acceptable. OpenAPI documents are JSON, with ETags; {@code /openapi/v2} is served in gnostic's
 * protobuf form to a client that prefers it (client-go's {@code OpenAPISchema()}); a v3 group
 * document fetched with a stale {@code hash} redirects (301) to the current one, and with the
 * current one may be cached forever.
 */
final class StaticEndpoints {
  private static final Set<String> AGGREGATED_VERSIONS = Set.of("v2", "v2beta1");
  private static final String AGGREGATED_KIND = "APIGroupDiscoveryList";

  /** A request for a static document. */
  record Request(
      String method,
      List<String> segments,
      String accept,
      String ifNoneMatch,
      String hash,
      String prettyParameter,
      String userAgent) {}

  private final DiscoveryDocuments discovery;
  private final OpenApiDocuments openApi;
  private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

  StaticEndpoints(DiscoveryDocuments discovery, OpenApiDocuments openApi) {
    this.discovery = discovery;
    this.openApi = openApi;
  }

  /** Serves a document. */
  Rendered serve(Request request) {
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      throw new MethodNotAllowedException(
          null, "the server does not allow this method on the requested resource");
    }
    List<String> segments = request.segments();
    String first = segments.isEmpty() ? "" : segments.get(0);
    return switch (first) {
      case "version" -> single(segments, () -> Rendered.json(VersionInfo.document()));
      case "api", "apis" -> discovery(request);
      case "openapi" -> openApi(request);
      default -> throw notFound();
    };
  }

  private Rendered discovery(Request request) {
    List<String> segments = request.segments();
    boolean root = segments.size() == 1;
    Negotiation.Choice choice =
        Negotiation.negotiate(
                request.accept(),
                (format, convert) ->
                    convert == null
                        || root
                            && convert.is(DiscoveryDocuments.AGGREGATED_GROUP, AGGREGATED_KIND)
                            && AGGREGATED_VERSIONS.contains(convert.version()))
            .orElseThrow(() -> Representation.notAcceptable(Representation.ACCEPTED));
    boolean pretty =
        choice.pretty() || Negotiation.prettyPrint(request.prettyParameter(), request.userAgent());
    Representation representation =
        new Representation(choice.format(), Representation.Shape.OBJECT, null, pretty);
    boolean legacyApi = segments.get(0).equals("api");
    if (choice.convert() != null) {
      String version = choice.convert().version();
      Rendered document =
          cached(
              String.join("/", segments) + "|" + version + "|" + representation,
              () -> {
                JsonNode doc = discovery.aggregated(version, legacyApi);
                String contentType =
                    representation.contentType()
                        + ";g="
                        + DiscoveryDocuments.AGGREGATED_GROUP
                        + ";v="
                        + version
                        + ";as="
                        + AGGREGATED_KIND;
                return Rendered.document(doc, representation, contentType)
                    .withHeader("ETag", quote(etag(doc)))
                    .withHeader("Vary", "Accept")
                    .withHeader("Cache-Control", "public");
              });
      return notModified(document, request.ifNoneMatch()).orElse(document);
    }
    return cached(
        String.join("/", segments) + "|" + representation,
        () -> Rendered.document(legacy(segments), representation, representation.contentType()));
  }

  private JsonNode legacy(List<String> segments) {
    if (segments.get(0).equals("api")) {
      return switch (segments.size()) {
        case 1 -> discovery.apiVersions();
        case 2 ->
            discovery.resourceList("", segments.get(1)).orElseThrow(StaticEndpoints::notFound);
        default -> throw notFound();
      };
    }
    return switch (segments.size()) {
      case 1 -> discovery.groupList();
      case 2 -> discovery.group(segments.get(1)).orElseThrow(StaticEndpoints::notFound);
      case 3 ->
          discovery
              .resourceList(segments.get(1), segments.get(2))
              .orElseThrow(StaticEndpoints::notFound);
      default -> throw notFound();
    };
  }

  private Rendered openApi(Request request) {
    List<String> segments = request.segments();
    if (segments.size() == 2 && segments.get(1).equals("v2")) {
      if (prefersProtobuf(request.accept())) {
        Rendered full =
            new Rendered(200, OpenApiV2Protobuf.CONTENT_TYPE, openApi.v2Protobuf())
                .withHeader("ETag", quote(openApi.v2ProtobufEtag()))
                .withHeader("Vary", "Accept");
        return notModified(full, request.ifNoneMatch()).orElse(full);
      }
      return openApiDocument(openApi.v2(), request.ifNoneMatch());
    }
    if (segments.size() == 2 && segments.get(1).equals("v3")) {
      return openApiDocument(openApi.v3Index(), request.ifNoneMatch());
    }
    if (segments.size() == 5 && segments.get(1).equals("v3") && segments.get(2).equals("apis")) {
      String group = segments.get(3);
      String version = segments.get(4);
      OpenApiDocuments.Document doc =
          openApi.v3(group, version).orElseThrow(StaticEndpoints::notFound);
      String hash = request.hash();
      if (hash != null && !hash.isEmpty() && !hash.equals(doc.etag())) {
        String location = "/openapi/v3/apis/" + group + "/" + version + "?hash=" + doc.etag();
        return new Rendered(301, "text/html; charset=utf-8", new byte[0])
            .withHeader("Location", location);
      }
      Rendered response = openApiDocument(doc, request.ifNoneMatch());
      if (hash != null && !hash.isEmpty()) {
        response =
            response
                .withHeader("Cache-Control", "public, immutable")
                .withHeader(
                    "Expires",
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        ZonedDateTime.now(ZoneOffset.UTC).plusYears(1)));
      }
      return response;
    }
    throw notFound();
  }

  /**
   * True if the first media range of {@code accept} that names an OpenAPI encoding asks for the
   * protobuf one (as kube-openapi's handler negotiates; {@code *}/{@code *} and JSON mean JSON).
   */
  static boolean prefersProtobuf(String accept) {
    if (accept == null) {
      return false;
    }
    for (String range : accept.split(",")) {
      String type = range.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
      if (type.equals(OpenApiV2Protobuf.MEDIA_TYPE)
          || type.equals(OpenApiV2Protobuf.LEGACY_MEDIA_TYPE)) {
        return true;
      }
      if (type.equals("application/json") || type.equals("*/*") || type.equals("application/*")) {
        return false;
      }
    }
    return false;
  }

  private static Rendered openApiDocument(OpenApiDocuments.Document doc, String ifNoneMatch) {
    Rendered full =
        new Rendered(200, MediaType.JSON, doc.bytes())
            .withHeader("ETag", quote(doc.etag()))
            .withHeader("Vary", "Accept");
    return notModified(full, ifNoneMatch).orElse(full);
  }

  private static Optional<Rendered> notModified(Rendered full, String ifNoneMatch) {
    String etag = full.headers().get("ETag");
    if (ifNoneMatch != null && etag != null && ifNoneMatch.strip().equals(etag)) {
      return Optional.of(new Rendered(304, full.contentType(), new byte[0], full.headers()));
    }
    return Optional.empty();
  }

  private interface Document {
    Rendered render();
  }

  private Rendered cached(String key, Document document) {
    return rendered.computeIfAbsent(key, k -> document.render());
  }

  private static Rendered single(List<String> segments, Document document) {
    if (segments.size() != 1) {
      throw notFound();
    }
    return document.render();
  }

  private static String quote(String etag) {
    return "\"" + etag + "\"";
  }

  private static String etag(JsonNode doc) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-512").digest(Json.MAPPER.writeValueAsBytes(doc));
      return HexFormat.of().formatHex(digest).toUpperCase(Locale.ROOT);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash a discovery document", e);
    }
  }

  private static NotFoundException notFound() {
    return new NotFoundException(null, "the server could not find the requested resource");
  }
}
