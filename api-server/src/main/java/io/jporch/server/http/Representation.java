package io.jporch.server.http;

import io.jporch.server.rest.WireFailure;
import java.util.List;

/**
 * What a response looks like on the wire, chosen from the {@code Accept} header: the encoding (JSON
 * or YAML) and the shape (the object itself, a meta.k8s.io Table or PartialObjectMetadata).
 * Protobuf is never offered; a client that also accepts JSON gets JSON.
 */
public record Representation(Format format, Shape shape, String metaVersion) {
  public static final Representation JSON = new Representation(Format.JSON, Shape.OBJECT, null);

  /** Body encoding. */
  public enum Format {
    JSON,
    YAML
  }

  /** Body shape. */
  public enum Shape {
    OBJECT,
    TABLE,
    PARTIAL_METADATA
  }

  /**
   * Picks the first acceptable representation.
   *
   * @throws WireFailure 406 if nothing in the header can be served
   */
  public static Representation negotiate(String acceptHeader, boolean tableSupported) {
    List<MediaType> accepted = MediaType.parseAccept(acceptHeader);
    if (accepted.isEmpty()) {
      return JSON;
    }
    for (MediaType media : accepted) {
      Format format;
      if (media.acceptsJson()) {
        format = Format.JSON;
      } else if (media.isYaml()) {
        format = Format.YAML;
      } else {
        continue;
      }
      String as = media.param("as");
      if (as == null) {
        return new Representation(format, Shape.OBJECT, null);
      }
      String group = media.param("g");
      String version = media.param("v");
      boolean metaGroup =
          "meta.k8s.io".equals(group) && ("v1".equals(version) || "v1beta1".equals(version));
      if (!metaGroup) {
        continue;
      }
      if (as.equals("Table") && tableSupported) {
        return new Representation(format, Shape.TABLE, version);
      }
      if (as.equals("PartialObjectMetadata") || as.equals("PartialObjectMetadataList")) {
        return new Representation(format, Shape.PARTIAL_METADATA, version);
      }
    }
    throw WireFailure.notAcceptable(
        "only the following media types are accepted: application/json, application/yaml,"
            + " application/json;as=Table;v=v1;g=meta.k8s.io");
  }

  /** The {@code Content-Type} of a response in this representation. */
  public String contentType() {
    String base = format == Format.YAML ? MediaType.YAML : MediaType.JSON;
    return switch (shape) {
      case OBJECT -> base;
      case TABLE -> base + ";as=Table;v=" + metaVersion + ";g=meta.k8s.io";
      case PARTIAL_METADATA ->
          base + ";as=PartialObjectMetadata;v=" + metaVersion + ";g=meta.k8s.io";
    };
  }
}
