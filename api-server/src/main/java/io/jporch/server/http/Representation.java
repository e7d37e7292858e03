package io.jporch.server.http;

import io.jporch.server.rest.WireFailure;

/**
 * What a response looks like on the wire, negotiated from the {@code Accept} header ({@link
 * Negotiation}): the encoding (JSON or YAML), the shape (the object itself, a meta.k8s.io Table,
 * PartialObjectMetadata or PartialObjectMetadataList, in meta.k8s.io {@code v1} or {@code v1beta1})
 * and whether to indent.
 */
public record Representation(Format format, Shape shape, String metaVersion, boolean pretty) {
  public static final Representation JSON =
      new Representation(Format.JSON, Shape.OBJECT, null, false);

  /** The media types a resource endpoint answers in. */
  static final String ACCEPTED = "application/json, application/yaml";

  /** The media types a watch answers in. */
  static final String ACCEPTED_STREAM = "application/json;stream=watch";

  /** Body encoding. */
  public enum Format {
    JSON,
    YAML
  }

  /** Body shape. */
  public enum Shape {
    OBJECT,
    TABLE,
    PARTIAL_METADATA,
    PARTIAL_METADATA_LIST
  }

  /**
   * Negotiates the representation of a resource response, as kube-apiserver does for a REST
   * endpoint: conversions to meta.k8s.io {@code v1} or {@code v1beta1} Table (JSON or YAML, and
   * only where the resource has a table), PartialObjectMetadata and PartialObjectMetadataList are
   * allowed; any other conversion makes the clause unacceptable. A watch needs a streamable
   * encoding (JSON): if the chosen clause is YAML, the answer is 406, as from kube-apiserver.
   *
   * @throws WireFailure 406 if nothing in the header can be served
   */
  public static Representation negotiate(
      String acceptHeader, boolean tableSupported, boolean watch) {
    Negotiation.Choice choice =
        Negotiation.negotiate(
                acceptHeader,
                (format, convert) ->
                    convert == null || shapeOf(convert, format, tableSupported) != null)
            .orElseThrow(() -> notAcceptable(watch ? ACCEPTED_STREAM : ACCEPTED));
    if (watch && choice.format() != Format.JSON) {
      throw notAcceptable(ACCEPTED_STREAM);
    }
    Negotiation.Convert convert = choice.convert();
    if (convert == null) {
      return new Representation(choice.format(), Shape.OBJECT, null, choice.pretty());
    }
    return new Representation(
        choice.format(),
        shapeOf(convert, choice.format(), tableSupported),
        convert.version(),
        choice.pretty());
  }

  private static Shape shapeOf(Negotiation.Convert convert, Format format, boolean tableSupported) {
    if (!convert.group().equals("meta.k8s.io")
        || !(convert.version().equals("v1") || convert.version().equals("v1beta1"))) {
      return null;
    }
    return switch (convert.kind()) {
      case "Table" -> tableSupported ? Shape.TABLE : null;
      case "PartialObjectMetadata" -> Shape.PARTIAL_METADATA;
      case "PartialObjectMetadataList" -> Shape.PARTIAL_METADATA_LIST;
      default -> null;
    };
  }

  /** The same representation, indented or not. */
  public Representation withPretty(boolean value) {
    return new Representation(format, shape, metaVersion, value);
  }

  /**
   * The {@code Content-Type} of a response: the bare encoding, as kube-apiserver labels converted
   * responses too (the body's {@code kind} and {@code apiVersion} say what it is).
   */
  public String contentType() {
    return format == Format.YAML ? MediaType.YAML : MediaType.JSON;
  }

  static WireFailure notAcceptable(String accepted) {
    return WireFailure.notAcceptable("only the following media types are accepted: " + accepted);
  }

  /** A 406 with its own message (a conversion the object cannot take). */
  static WireFailure notAcceptableMessage(String message) {
    return WireFailure.notAcceptable(message);
  }
}
