package io.jporch.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The Swagger 2.0 document in the protocol-buffers form kube-apiserver serves for {@code Accept:
 * application/com.github.proto-openapi.spec.v2@v1.0+protobuf}: the {@code openapi.v2.Document}
 * message of gnostic's OpenAPIv2.proto. client-go's {@code OpenAPISchema()} (kubectl's client-side
 * validation, {@code kubectl explain --output plaintext-openapiv2}, Helm) reads only this form.
 * Values without a typed field (defaults, enums, examples, {@code x-} extensions) are gnostic
 * {@code Any} messages carrying YAML text (JSON, a subset of YAML, here).
 */
public final class OpenApiV2Protobuf {
  /** The media type of the protobuf form. */
  public static final String MEDIA_TYPE =
      "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

  /**
   * The content type of the response: kube-apiserver answers with this spelling (Go's {@code mime}
   * package refuses the {@code @} of {@link #MEDIA_TYPE}).
   */
  public static final String CONTENT_TYPE =
      "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  /** The legacy spelling kube-apiserver accepts too. */
  public static final String LEGACY_MEDIA_TYPE =
      "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  private OpenApiV2Protobuf() {}

  /** Encodes a Swagger 2.0 document. */
  public static byte[] encode(JsonNode doc) {
    ProtoWriter w = new ProtoWriter();
    w.string(1, text(doc, "swagger"));
    if (doc.has("info")) {
      w.message(2, m -> info(m, doc.get("info")));
    }
    w.string(3, text(doc, "host"));
    w.string(4, text(doc, "basePath"));
    strings(w, 5, doc.get("schemes"));
    strings(w, 6, doc.get("consumes"));
    strings(w, 7, doc.get("produces"));
    if (doc.has("paths")) {
      w.message(8, m -> paths(m, doc.get("paths")));
    }
    if (doc.has("definitions")) {
      w.message(
          9,
          m -> fields(doc.get("definitions"), (name, s) -> named(m, 1, name, v -> schema(v, s))));
    }
    if (doc.has("parameters")) {
      w.message(
          10,
          m -> fields(doc.get("parameters"), (name, p) -> named(m, 1, name, v -> parameter(v, p))));
    }
    if (doc.has("responses")) {
      w.message(
          11,
          m -> fields(doc.get("responses"), (name, r) -> named(m, 1, name, v -> response(v, r))));
    }
    securityRequirements(w, 12, doc.get("security"));
    if (doc.has("securityDefinitions")) {
      w.message(
          13,
          m ->
              fields(
                  doc.get("securityDefinitions"),
                  (name, d) -> named(m, 1, name, v -> securityDefinition(v, d))));
    }
    if (doc.has("tags")) {
      for (JsonNode tag : doc.get("tags")) {
        w.message(
            14,
            m -> {
              m.string(1, text(tag, "name"));
              m.string(2, text(tag, "description"));
              externalDocs(m, 3, tag);
              extensions(m, 4, tag);
            });
      }
    }
    externalDocs(w, 15, doc);
    extensions(w, 16, doc);
    return w.toByteArray();
  }

  private static void info(ProtoWriter w, JsonNode info) {
    w.string(1, text(info, "title"));
    w.string(2, text(info, "version"));
    w.string(3, text(info, "description"));
    w.string(4, text(info, "termsOfService"));
    JsonNode contact = info.get("contact");
    if (contact != null) {
      w.message(
          5,
          m -> {
            m.string(1, text(contact, "name"));
            m.string(2, text(contact, "url"));
            m.string(3, text(contact, "email"));
            extensions(m, 4, contact);
          });
    }
    JsonNode license = info.get("license");
    if (license != null) {
      w.message(
          6,
          m -> {
            m.string(1, text(license, "name"));
            m.string(2, text(license, "url"));
            extensions(m, 3, license);
          });
    }
    extensions(w, 7, info);
  }

  private static void paths(ProtoWriter w, JsonNode paths) {
    extensions(w, 1, paths);
    fields(
        paths,
        (path, item) -> {
          if (!path.startsWith("x-")) {
            named(w, 2, path, m -> pathItem(m, item));
          }
        });
  }

  private static void pathItem(ProtoWriter w, JsonNode item) {
    w.string(1, text(item, "$ref"));
    String[] methods = {"get", "put", "post", "delete", "options", "head", "patch"};
    for (int i = 0; i < methods.length; i++) {
      JsonNode operation = item.get(methods[i]);
      if (operation != null) {
        w.message(2 + i, m -> operation(m, operation));
      }
    }
    parametersItems(w, 9, item.get("parameters"));
    extensions(w, 10, item);
  }

  private static void operation(ProtoWriter w, JsonNode op) {
    strings(w, 1, op.get("tags"));
    w.string(2, text(op, "summary"));
    w.string(3, text(op, "description"));
    externalDocs(w, 4, op);
    w.string(5, text(op, "operationId"));
    strings(w, 6, op.get("produces"));
    strings(w, 7, op.get("consumes"));
    parametersItems(w, 8, op.get("parameters"));
    JsonNode responses = op.get("responses");
    if (responses != null) {
      w.message(
          9,
          m -> {
            fields(
                responses,
                (code, r) -> {
                  if (!code.startsWith("x-")) {
                    named(m, 1, code, v -> responseValue(v, r));
                  }
                });
            extensions(m, 2, responses);
          });
    }
    strings(w, 10, op.get("schemes"));
    w.bool(11, op.path("deprecated").asBoolean(false));
    securityRequirements(w, 12, op.get("security"));
    extensions(w, 13, op);
  }

  private static void parametersItems(ProtoWriter w, int field, JsonNode parameters) {
    if (parameters == null) {
      return;
    }
    for (JsonNode p : parameters) {
      w.message(
          field,
          m -> {
            if (p.has("$ref")) {
              m.message(2, r -> jsonReference(r, p));
            } else {
              m.message(1, v -> parameter(v, p));
            }
          });
    }
  }

  private static void jsonReference(ProtoWriter w, JsonNode ref) {
    w.string(1, text(ref, "$ref"));
    w.string(2, text(ref, "description"));
  }

  /** {@code Parameter}: a body parameter or one of the four non-body kinds. */
  private static void parameter(ProtoWriter w, JsonNode p) {
    String in = text(p, "in");
    if ("body".equals(in)) {
      w.message(
          1,
          m -> {
            m.string(1, text(p, "description"));
            m.string(2, text(p, "name"));
            m.string(3, in);
            m.bool(4, p.path("required").asBoolean(false));
            if (p.has("schema")) {
              m.message(5, s -> schema(s, p.get("schema")));
            }
            extensions(m, 6, p);
          });
      return;
    }
    w.message(
        2,
        m -> {
          switch (in) {
            case "header" -> m.message(1, v -> pathLikeParameter(v, p));
            case "formData" -> m.message(2, v -> queryLikeParameter(v, p));
            case "path" -> m.message(4, v -> pathLikeParameter(v, p));
            default -> m.message(3, v -> queryLikeParameter(v, p));
          }
        });
  }

  /** {@code QueryParameterSubSchema} and {@code FormDataParameterSubSchema} (allowEmptyValue). */
  private static void queryLikeParameter(ProtoWriter w, JsonNode p) {
    w.bool(1, p.path("required").asBoolean(false));
    w.string(2, text(p, "in"));
    w.string(3, text(p, "description"));
    w.string(4, text(p, "name"));
    w.bool(5, p.path("allowEmptyValue").asBoolean(false));
    primitiveFields(w, 6, p, 23);
  }

  /** {@code PathParameterSubSchema} and {@code HeaderParameterSubSchema}. */
  private static void pathLikeParameter(ProtoWriter w, JsonNode p) {
    w.bool(1, p.path("required").asBoolean(false));
    w.string(2, text(p, "in"));
    w.string(3, text(p, "description"));
    w.string(4, text(p, "name"));
    primitiveFields(w, 5, p, 22);
  }

  /**
   * The run of fields parameters, headers and primitive items share, starting at {@code first}:
   * type, format, items, collectionFormat, default, maximum, exclusiveMaximum, minimum,
   * exclusiveMinimum, maxLength, minLength, pattern, maxItems, minItems, uniqueItems, enum,
   * multipleOf; the extensions go to {@code extensionsField}.
   */
  private static void primitiveFields(ProtoWriter w, int first, JsonNode p, int extensionsField) {
    w.string(first, text(p, "type"));
    w.string(first + 1, text(p, "format"));
    if (p.has("items")) {
      w.message(first + 2, m -> primitiveFields(m, 1, p.get("items"), 18));
    }
    w.string(first + 3, text(p, "collectionFormat"));
    any(w, first + 4, p.get("default"));
    w.float64(first + 5, p.path("maximum").asDouble(0));
    w.bool(first + 6, p.path("exclusiveMaximum").asBoolean(false));
    w.float64(first + 7, p.path("minimum").asDouble(0));
    w.bool(first + 8, p.path("exclusiveMinimum").asBoolean(false));
    w.int64(first + 9, p.path("maxLength").asLong(0));
    w.int64(first + 10, p.path("minLength").asLong(0));
    w.string(first + 11, text(p, "pattern"));
    w.int64(first + 12, p.path("maxItems").asLong(0));
    w.int64(first + 13, p.path("minItems").asLong(0));
    w.bool(first + 14, p.path("uniqueItems").asBoolean(false));
    if (p.has("enum")) {
      for (JsonNode value : p.get("enum")) {
        any(w, first + 15, value);
      }
    }
    w.float64(first + 16, p.path("multipleOf").asDouble(0));
    extensions(w, extensionsField, p);
  }

  private static void responseValue(ProtoWriter w, JsonNode r) {
    if (r.has("$ref")) {
      w.message(2, m -> jsonReference(m, r));
    } else {
      w.message(1, m -> response(m, r));
    }
  }

  private static void response(ProtoWriter w, JsonNode r) {
    w.string(1, text(r, "description"));
    if (r.has("schema")) {
      w.message(2, m -> m.message(1, s -> schema(s, r.get("schema"))));
    }
    JsonNode headers = r.get("headers");
    if (headers != null) {
      w.message(
          3,
          m ->
              fields(
                  headers,
                  (name, h) ->
                      named(
                          m,
                          1,
                          name,
                          v -> {
                            primitiveFields(v, 1, h, 19);
                            v.string(18, text(h, "description"));
                          })));
    }
    JsonNode examples = r.get("examples");
    if (examples != null) {
      w.message(4, m -> fields(examples, (name, e) -> named(m, 1, name, v -> anyBody(v, e))));
    }
    extensions(w, 5, r);
  }

  private static void schema(ProtoWriter w, JsonNode s) {
    w.string(1, text(s, "$ref"));
    w.string(2, text(s, "format"));
    w.string(3, text(s, "title"));
    w.string(4, text(s, "description"));
    any(w, 5, s.get("default"));
    w.float64(6, s.path("multipleOf").asDouble(0));
    w.float64(7, s.path("maximum").asDouble(0));
    w.bool(8, s.path("exclusiveMaximum").asBoolean(false));
    w.float64(9, s.path("minimum").asDouble(0));
    w.bool(10, s.path("exclusiveMinimum").asBoolean(false));
    w.int64(11, s.path("maxLength").asLong(0));
    w.int64(12, s.path("minLength").asLong(0));
    w.string(13, text(s, "pattern"));
    w.int64(14, s.path("maxItems").asLong(0));
    w.int64(15, s.path("minItems").asLong(0));
    w.bool(16, s.path("uniqueItems").asBoolean(false));
    w.int64(17, s.path("maxProperties").asLong(0));
    w.int64(18, s.path("minProperties").asLong(0));
    strings(w, 19, s.get("required"));
    if (s.has("enum")) {
      for (JsonNode value : s.get("enum")) {
        any(w, 20, value);
      }
    }
    JsonNode additional = s.get("additionalProperties");
    if (additional != null) {
      w.message(
          21,
          m -> {
            if (additional.isBoolean()) {
              // A oneof member has presence: false is written too.
              m.element(2, additional.asBoolean());
            } else {
              m.message(1, v -> schema(v, additional));
            }
          });
    }
    JsonNode type = s.get("type");
    if (type != null) {
      w.message(
          22,
          m -> {
            if (type.isArray()) {
              strings(m, 1, type);
            } else {
              m.string(1, type.asText());
            }
          });
    }
    JsonNode items = s.get("items");
    if (items != null) {
      w.message(
          23,
          m -> {
            if (items.isArray()) {
              for (JsonNode item : items) {
                m.message(1, v -> schema(v, item));
              }
            } else {
              m.message(1, v -> schema(v, items));
            }
          });
    }
    if (s.has("allOf")) {
      for (JsonNode part : s.get("allOf")) {
        w.message(24, m -> schema(m, part));
      }
    }
    JsonNode properties = s.get("properties");
    if (properties != null) {
      w.message(25, m -> fields(properties, (name, p) -> named(m, 1, name, v -> schema(v, p))));
    }
    w.string(26, text(s, "discriminator"));
    w.bool(27, s.path("readOnly").asBoolean(false));
    externalDocs(w, 29, s);
    any(w, 30, s.get("example"));
    extensions(w, 31, s);
  }

  private static void securityDefinition(ProtoWriter w, JsonNode d) {
    String type = text(d, "type");
    switch (type) {
      case "basic" ->
          w.message(
              1,
              m -> {
                m.string(1, type);
                m.string(2, text(d, "description"));
                extensions(m, 3, d);
              });
      case "apiKey" ->
          w.message(
              2,
              m -> {
                m.string(1, type);
                m.string(2, text(d, "name"));
                m.string(3, text(d, "in"));
                m.string(4, text(d, "description"));
                extensions(m, 5, d);
              });
      default -> {
        // OAuth2 flows are not used by jporch's documents.
      }
    }
  }

  private static void securityRequirements(ProtoWriter w, int field, JsonNode requirements) {
    if (requirements == null) {
      return;
    }
    for (JsonNode requirement : requirements) {
      w.message(
          field,
          m ->
              fields(
                  requirement,
                  (name, scopes) ->
                      named(m, 1, name, v -> v.message(2, a -> strings(a, 1, scopes)))));
    }
  }

  private static void externalDocs(ProtoWriter w, int field, JsonNode owner) {
    JsonNode docs = owner.get("externalDocs");
    if (docs != null) {
      w.message(
          field,
          m -> {
            m.string(1, text(docs, "description"));
            m.string(2, text(docs, "url"));
            extensions(m, 3, docs);
          });
    }
  }

  /** The {@code x-} fields of {@code owner} as {@code NamedAny} messages. */
  private static void extensions(ProtoWriter w, int field, JsonNode owner) {
    fields(
        owner,
        (name, value) -> {
          if (name.startsWith("x-")) {
            named(w, field, name, m -> anyBody(m, value));
          }
        });
  }

  private static void any(ProtoWriter w, int field, JsonNode value) {
    if (value != null) {
      w.message(field, m -> anyBody(m, value));
    }
  }

  /** gnostic's {@code Any}: the value as YAML text (field 2). */
  private static void anyBody(ProtoWriter w, JsonNode value) {
    w.string(2, value.toString() + "\n");
  }

  /** A {@code Named…} message: name (1) and value (2). */
  private static void named(
      ProtoWriter w, int field, String name, java.util.function.Consumer<ProtoWriter> value) {
    w.message(
        field,
        m -> {
          m.string(1, name);
          m.message(2, value);
        });
  }

  private static void strings(ProtoWriter w, int field, JsonNode values) {
    if (values != null && values.isArray()) {
      for (JsonNode v : values) {
        // Repeated strings keep empty entries (they are list elements, not defaults).
        w.element(field, v.asText());
      }
    }
  }

  private static void fields(JsonNode object, java.util.function.BiConsumer<String, JsonNode> f) {
    if (object != null && object.isObject()) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        f.accept(e.getKey(), e.getValue());
      }
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }
}
