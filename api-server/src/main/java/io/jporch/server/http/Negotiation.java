package io.jporch.server.http;

import io.jporch.server.http.Representation.Format;
import java.util.List;
import java.util.Optional;

/**
 * Content negotiation as k8s.io/apiserver does it ({@code NegotiateMediaTypeOptions}): the clauses
 * of the {@code Accept} header are tried in order of quality (specific types before wildcards), and
 * the first clause that names a served encoding (JSON or YAML; {@code application/*} and {@code
 * *}{@code /*} mean JSON) and whose parameters the endpoint allows wins. The parameters {@code as},
 * {@code g} and {@code v} ask for a conversion (a Table, PartialObjectMetadata, an aggregated
 * discovery document), {@code pretty=1} for indentation and {@code stream=watch} for a watch
 * encoding, which YAML has not. Protobuf and CBOR are never offered, so a client that prefers them
 * but also accepts JSON gets JSON. An empty header means JSON.
 */
final class Negotiation {
  /** A conversion asked for with the {@code as}, {@code g} and {@code v} parameters. */
  record Convert(String group, String version, String kind) {
    boolean is(String g, String k) {
      return g.equals(group) && k.equals(kind);
    }
  }

  /** The chosen encoding, conversion (null: none) and pretty flag. */
  record Choice(Format format, Convert convert, boolean pretty) {}

  /** What an endpoint can serve (k8s.io/apiserver's EndpointRestrictions). */
  interface Restrictions {
    /** True if the endpoint can answer in {@code format} with {@code convert} (null: none). */
    boolean allows(Format format, Convert convert);
  }

  private Negotiation() {}

  /** The first acceptable choice, or empty if nothing in the header can be served. */
  static Optional<Choice> negotiate(String accept, Restrictions restrictions) {
    if (accept == null || accept.isBlank()) {
      return Optional.of(new Choice(Format.JSON, null, false));
    }
    List<MediaType> clauses = MediaType.parseAccept(accept);
    for (MediaType clause : clauses) {
      for (Format format : Format.values()) {
        if (!matches(clause, format)) {
          continue;
        }
        Optional<Choice> choice = options(clause, format, restrictions);
        if (choice.isPresent()) {
          return choice;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean matches(MediaType clause, Format format) {
    String type = format == Format.JSON ? "json" : "yaml";
    return clause.type().equals("application")
            && (clause.subtype().equals(type) || clause.subtype().equals("*"))
        || clause.type().equals("*") && clause.subtype().equals("*");
  }

  private static Optional<Choice> options(
      MediaType clause, Format format, Restrictions restrictions) {
    String as = clause.param("as");
    String g = clause.param("g");
    String v = clause.param("v");
    Convert convert =
        as == null && g == null && v == null
            ? null
            : new Convert(g == null ? "" : g, v == null ? "" : v, as == null ? "" : as);
    String stream = clause.param("stream");
    if (stream != null && !stream.isEmpty() && (format != Format.JSON || !stream.equals("watch"))) {
      return Optional.empty();
    }
    String serverVersion = clause.param("sv");
    if (serverVersion != null && !serverVersion.isEmpty()) {
      return Optional.empty();
    }
    if (!restrictions.allows(format, convert)) {
      return Optional.empty();
    }
    return Optional.of(new Choice(format, convert, "1".equals(clause.param("pretty"))));
  }

  /**
   * k8s.io/apiserver's {@code isPrettyPrint}: the {@code pretty} query parameter when present and
   * not empty ({@code true}, {@code 1}, ...), otherwise true for curl, Wget and browsers.
   */
  static boolean prettyPrint(String prettyParameter, String userAgent) {
    if (prettyParameter != null && !prettyParameter.isEmpty()) {
      return parseBool(prettyParameter);
    }
    return userAgent != null
        && (userAgent.startsWith("curl")
            || userAgent.startsWith("Wget")
            || userAgent.startsWith("Mozilla/5.0"));
  }

  /** Go's {@code strconv.ParseBool}; anything else is false. */
  private static boolean parseBool(String value) {
    return switch (value) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      default -> false;
    };
  }
}
