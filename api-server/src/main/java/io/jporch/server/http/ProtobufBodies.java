package io.jporch.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns the Kubernetes protobuf encoding of the built-in kinds jporch serves (core/v1 Secret,
 * authorization.k8s.io/v1 SelfSubjectAccessReview) into JSON, because kubectl's typed clients
 * ({@code kubectl create secret ...}) send built-in kinds as {@code
 * application/vnd.kubernetes.protobuf} and do not fall back to JSON. Bodies of other kinds and of
 * other content types pass unchanged (and are refused later if they are not JSON or YAML).
 *
 * <p>The wire form is the {@code k8s\0} magic followed by a {@code runtime.Unknown} message whose
 * {@code raw} field holds the object ({@code k8s.io/api/core/v1/generated.proto}).
 */
final class ProtobufBodies {
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private ProtobufBodies() {}

  /** A request body and its content type. */
  record Body(byte[] bytes, String contentType) {}

  /** The body as JSON if it is a protobuf-encoded Secret; otherwise unchanged. */
  static Body toJson(byte[] body, String contentType) {
    if (body == null
        || contentType == null
        || !contentType.toLowerCase(Locale.ROOT).contains("protobuf")
        || body.length < MAGIC.length
        || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
      return new Body(body, contentType);
    }
    try {
      Reader unknown = new Reader(Arrays.copyOfRange(body, MAGIC.length, body.length));
      String apiVersion = "";
      String kind = "";
      byte[] raw = null;
      while (unknown.more()) {
        int tag = unknown.tag();
        switch (tag >>> 3) {
          case 1 -> {
            Reader typeMeta = unknown.message();
            while (typeMeta.more()) {
              int t = typeMeta.tag();
              switch (t >>> 3) {
                case 1 -> apiVersion = typeMeta.string();
                case 2 -> kind = typeMeta.string();
                default -> typeMeta.skip(t);
              }
            }
          }
          case 2 -> raw = unknown.bytes();
          default -> unknown.skip(tag);
        }
      }
      if (raw == null) {
        return new Body(body, contentType);
      }
      ObjectNode decoded;
      if ("v1".equals(apiVersion) && "Secret".equals(kind)) {
        decoded = secret(new Reader(raw));
      } else if ("authorization.k8s.io/v1".equals(apiVersion)
          && "SelfSubjectAccessReview".equals(kind)) {
        decoded = selfSubjectAccessReview(new Reader(raw));
      } else {
        return new Body(body, contentType);
      }
      return new Body(Json.MAPPER.writeValueAsBytes(decoded), "application/json");
    } catch (IOException | RuntimeException e) {
      // Not decodable: let the body be refused as an unsupported media type.
      return new Body(body, contentType);
    }
  }

  private static ObjectNode secret(Reader in) throws IOException {
    ObjectNode secret = Json.MAPPER.createObjectNode();
    secret.put("apiVersion", "v1");
    secret.put("kind", "Secret");
    while (in.more()) {
      int tag = in.tag();
      switch (tag >>> 3) {
        case 1 -> secret.set("metadata", objectMeta(in.message()));
        case 2 -> {
          String[] entry = mapEntry(in.message(), true);
          secret.withObject("data").put(entry[0], entry[1]);
        }
        case 3 -> secret.put("type", in.string());
        case 4 -> {
          String[] entry = mapEntry(in.message(), false);
          secret.withObject("stringData").put(entry[0], entry[1]);
        }
        case 5 -> secret.put("immutable", in.varint() != 0);
        default -> in.skip(tag);
      }
    }
    return secret;
  }

  /**
   * A SelfSubjectAccessReview ({@code k8s.io/api/authorization/v1/generated.proto}): metadata = 1,
   * spec = 2 with resourceAttributes = 1 (namespace, verb, group, version, resource, subresource,
   * name = 1..7) and nonResourceAttributes = 2 (path = 1, verb = 2).
   */
  private static ObjectNode selfSubjectAccessReview(Reader in) throws IOException {
    ObjectNode review = Json.MAPPER.createObjectNode();
    review.put("apiVersion", "authorization.k8s.io/v1");
    review.put("kind", "SelfSubjectAccessReview");
    while (in.more()) {
      int tag = in.tag();
      switch (tag >>> 3) {
        case 1 -> review.set("metadata", objectMeta(in.message()));
        case 2 -> {
          Reader spec = in.message();
          ObjectNode out = review.putObject("spec");
          while (spec.more()) {
            int t = spec.tag();
            switch (t >>> 3) {
              case 1 ->
                  out.set(
                      "resourceAttributes",
                      strings(
                          spec.message(),
                          "namespace",
                          "verb",
                          "group",
                          "version",
                          "resource",
                          "subresource",
                          "name"));
              case 2 -> out.set("nonResourceAttributes", strings(spec.message(), "path", "verb"));
              default -> spec.skip(t);
            }
          }
        }
        default -> in.skip(tag);
      }
    }
    return review;
  }

  /** A message of string fields numbered 1.. in the order of {@code names}; others skipped. */
  private static ObjectNode strings(Reader in, String... names) throws IOException {
    ObjectNode node = Json.MAPPER.createObjectNode();
    while (in.more()) {
      int tag = in.tag();
      int field = tag >>> 3;
      if (field >= 1 && field <= names.length && (tag & 7) == 2) {
        node.put(names[field - 1], in.string());
      } else {
        in.skip(tag);
      }
    }
    return node;
  }

  private static ObjectNode objectMeta(Reader in) throws IOException {
    ObjectNode meta = Json.MAPPER.createObjectNode();
    while (in.more()) {
      int tag = in.tag();
      switch (tag >>> 3) {
        case 1 -> meta.put("name", in.string());
        case 2 -> meta.put("generateName", in.string());
        case 3 -> meta.put("namespace", in.string());
        case 6 -> meta.put("resourceVersion", in.string());
        case 11 -> {
          String[] entry = mapEntry(in.message(), false);
          meta.withObject("labels").put(entry[0], entry[1]);
        }
        case 12 -> {
          String[] entry = mapEntry(in.message(), false);
          meta.withObject("annotations").put(entry[0], entry[1]);
        }
        case 14 -> {
          ArrayNode finalizers =
              meta.has("finalizers")
                  ? (ArrayNode) meta.get("finalizers")
                  : meta.putArray("finalizers");
          finalizers.add(in.string());
        }
        default -> in.skip(tag);
      }
    }
    return meta;
  }

  /** A map entry (key = 1, value = 2); bytes values are returned base64-encoded. */
  private static String[] mapEntry(Reader in, boolean bytesValue) throws IOException {
    String key = "";
    String value = "";
    while (in.more()) {
      int tag = in.tag();
      switch (tag >>> 3) {
        case 1 -> key = in.string();
        case 2 -> value = bytesValue ? Base64.getEncoder().encodeToString(in.bytes()) : in.string();
        default -> in.skip(tag);
      }
    }
    return new String[] {key, value};
  }

  /** Reads protobuf wire format. */
  private static final class Reader {
    private final byte[] data;
    private int pos;

    Reader(byte[] data) {
      this.data = data;
    }

    boolean more() {
      return pos < data.length;
    }

    int tag() throws IOException {
      return (int) varint();
    }

    long varint() throws IOException {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= data.length) {
          throw new IOException("truncated varint");
        }
        byte b = data[pos++];
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new IOException("malformed varint");
    }

    byte[] bytes() throws IOException {
      long length = varint();
      if (length < 0 || length > data.length - pos) {
        throw new IOException("truncated field");
      }
      byte[] result = Arrays.copyOfRange(data, pos, pos + (int) length);
      pos += (int) length;
      return result;
    }

    String string() throws IOException {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    Reader message() throws IOException {
      return new Reader(bytes());
    }

    void skip(int tag) throws IOException {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> bytes();
        case 5 -> advance(4);
        default -> throw new IOException("unsupported wire type " + (tag & 7));
      }
    }

    private void advance(int n) throws IOException {
      if (n > data.length - pos) {
        throw new IOException("truncated field");
      }
      pos += n;
    }
  }
}
