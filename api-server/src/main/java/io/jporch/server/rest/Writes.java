package io.jporch.server.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.util.Json;
import io.jporch.server.fields.FieldManager;
import io.jporch.server.fields.FieldSet;
import io.jporch.server.fields.PathElement;
import io.jporch.server.fields.SchemaNode;
import io.jporch.server.fields.Schemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The generic write pipeline kube-apiserver runs before a storage sees a create, update, patch or
 * delete: options ({@code dryRun}, {@code fieldManager}, {@code fieldValidation}, {@code force}),
 * strict decoding (unknown and duplicate fields), patch application, field management ({@code
 * metadata.managedFields}), server-side apply including create through apply, and DeleteOptions.
 */
final class Writes {
  private final Schemas schemas;
  private final UnknownFieldFinder unknownFields;
  private final Clock clock;

  Writes(Schemas schemas, UnknownFieldFinder unknownFields, Clock clock) {
    this.schemas = schemas;
    this.unknownFields = unknownFields;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ verbs

  ApiResult create(ResourceHandler handler, ApiCall call) {
    WriteOptions options = WriteOptions.parse(call.query(), WriteOptions.Kind.CREATE, false);
    ObjectNode body = decodeObject(handler, call, options);
    ObjectNode stamped = fieldManager(handler).update(null, body, manager(options, call));
    return handler.create(call.withJsonBody(bytes(stamped)));
  }

  ApiResult replace(ResourceHandler handler, ApiCall call) {
    WriteOptions options = WriteOptions.parse(call.query(), WriteOptions.Kind.UPDATE, false);
    ObjectNode body = decodeObject(handler, call, options);
    FieldManager fields = fieldManager(handler);
    String manager = manager(options, call);
    return handler.update(call, current -> fields.update(current, body.deepCopy(), manager));
  }

  ApiResult patch(ResourceHandler handler, ApiCall call) {
    String type = Patches.mediaType(call.contentType());
    List<String> accepted = handler.patchTypes();
    if (!accepted.contains(type)) {
      throw Patches.unsupported(accepted);
    }
    boolean apply = type.equals(Patches.APPLY_PATCH);
    WriteOptions options = WriteOptions.parse(call.query(), WriteOptions.Kind.PATCH, apply);
    StrictJson.Document doc = readPatch(call, apply);
    List<String> duplicates = new ArrayList<>();
    String prefix = type.equals(Patches.JSON_PATCH) ? "json patch " : "";
    doc.duplicates().forEach(d -> duplicates.add(prefix + "duplicate field " + quote(d)));
    if (apply) {
      strictOrWarn(call, options, duplicates, "error strict decoding patch: ");
      return apply(handler, call, options, doc.node());
    }
    Patches.checkBody(doc.node(), type);
    FieldManager fields = fieldManager(handler);
    String manager = manager(options, call);
    SchemaNode schema = schema(handler);
    UnaryOperator<JsonNode> update =
        current -> {
          JsonNode patched;
          try {
            patched = Patches.apply(current, doc.node(), type, schema);
          } catch (PatchFailure f) {
            throw f.badRequest()
                ? new BadRequestException(null, f.getMessage())
                : invalidPatch(handler, call, f.getMessage());
          }
          if (!(patched instanceof ObjectNode object)) {
            throw invalidPatch(handler, call, "the patched object must be a JSON object");
          }
          checkPatchedFields(handler, call, options, object, duplicates);
          return fields.update(current, object, manager);
        };
    return handler.update(call, update);
  }

  ApiResult delete(ResourceHandler handler, ApiCall call) {
    DeleteOptions options = DeleteOptions.of(call);
    return handler.delete(call.withDeleteOptions(options.dryRun(), options.preconditions()));
  }

  // ------------------------------------------------------------------ apply

  private ApiResult apply(
      ResourceHandler handler, ApiCall call, WriteOptions options, JsonNode config) {
    if (!(config instanceof ObjectNode object)) {
      throw new BadRequestException(
          null, "error decoding patch: the applied configuration must be an object");
    }
    checkIdentity(object, call);
    FieldManager fields = fieldManager(handler);
    ResourceRef ref = ref(handler, call.name());
    String manager = options.fieldManager();
    try {
      return handler.update(
          call, current -> fields.apply(current, object, manager, options.force(), ref).object());
    } catch (NotFoundException e) {
      if (!isThisObject(e, handler, call)) {
        throw e;
      }
      String uid = object.path("metadata").path("uid").asText("");
      if (!uid.isEmpty()) {
        throw new ConflictException(
            ref,
            "uid mismatch: the provided object specified uid "
                + uid
                + ", and no existing object was found");
      }
      ObjectNode created =
          fields
              .apply(Json.MAPPER.createObjectNode(), object, manager, options.force(), ref)
              .object();
      ObjectNode meta = (ObjectNode) created.get("metadata");
      meta.put("name", call.name());
      if (call.namespace() != null) {
        meta.put("namespace", call.namespace());
      }
      ResourcePath p = call.path();
      ResourcePath collection =
          new ResourcePath(p.group(), p.version(), p.namespace(), p.resource(), null, null, false);
      ApiResult result =
          handler.createByApply(call.withTarget("POST", collection).withJsonBody(bytes(created)));
      if (result == null) {
        throw e;
      }
      return result;
    }
  }

  /** The applied object may name the URL's object only (kube's checkName). */
  private static void checkIdentity(ObjectNode config, ApiCall call) {
    JsonNode meta = config.path("metadata");
    String name = meta.path("name").asText("");
    if (!name.isEmpty() && !name.equals(call.name())) {
      throw new BadRequestException(
          null,
          "the name of the object ("
              + name
              + ") does not match the name on the URL ("
              + call.name()
              + ")");
    }
    String ns = meta.path("namespace").asText("");
    if (!ns.isEmpty() && call.namespace() != null && !ns.equals(call.namespace())) {
      throw new BadRequestException(
          null,
          "the namespace of the provided object does not match the namespace sent on the request");
    }
  }

  private static boolean isThisObject(NotFoundException e, ResourceHandler handler, ApiCall call) {
    ResourceRef r = e.resource();
    return r != null
        && Objects.equals(r.resource(), mainResource(handler))
        && Objects.equals(r.name(), call.name());
  }

  // ------------------------------------------------------------------ decoding

  private ObjectNode decodeObject(ResourceHandler handler, ApiCall call, WriteOptions options) {
    Bodies.requireObjectMediaType(call.contentType());
    StrictJson.Document doc;
    boolean yaml = Bodies.isYaml(call.contentType());
    try {
      doc = StrictJson.read(call.body(), yaml);
    } catch (IOException e) {
      throw new BadRequestException(
          null, "the request body is not valid " + (yaml ? "YAML" : "JSON") + ": " + firstLine(e));
    }
    JsonNode node = doc.node();
    if (node == null) {
      throw new BadRequestException(null, "the request body is empty; an object is required");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new BadRequestException(
          null,
          "the request body must be a JSON object, got "
              + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    if (options.fieldValidation() != WriteOptions.FieldValidation.IGNORE) {
      List<String> problems = new ArrayList<>(unknown(handler, object));
      doc.duplicates().forEach(d -> problems.add("duplicate field " + quote(d)));
      strictOrWarn(call, options, problems, "strict decoding error: ");
    }
    return object;
  }

  private StrictJson.Document readPatch(ApiCall call, boolean yaml) {
    StrictJson.Document doc;
    try {
      doc = StrictJson.read(call.body(), yaml);
    } catch (IOException e) {
      throw new BadRequestException(null, "error decoding patch: " + firstLine(e));
    }
    if (doc.node() == null) {
      throw new BadRequestException(null, "the request body is empty; a patch is required");
    }
    return doc;
  }

  /** Unknown fields of a patched object: 422 under Strict, warnings under Warn. */
  private void checkPatchedFields(
      ResourceHandler handler,
      ApiCall call,
      WriteOptions options,
      ObjectNode patched,
      List<String> duplicates) {
    if (options.fieldValidation() == WriteOptions.FieldValidation.IGNORE) {
      return;
    }
    List<String> problems = new ArrayList<>(duplicates);
    problems.addAll(unknown(handler, patched));
    if (problems.isEmpty()) {
      return;
    }
    if (options.fieldValidation() == WriteOptions.FieldValidation.WARN) {
      addWarnings(call, problems);
      return;
    }
    throw invalidPatch(
        handler,
        call,
        "Invalid value: "
            + abbreviate(new String(call.body(), StandardCharsets.UTF_8))
            + ": strict decoding error: "
            + String.join(", ", problems));
  }

  private List<String> unknown(ResourceHandler handler, JsonNode object) {
    ResourceDescriptor d = handler.descriptor();
    List<String> out = new ArrayList<>();
    for (String field : unknownFields.unknownFields(d.group(), d.kind(), object)) {
      out.add("unknown field " + quote(field));
    }
    return out;
  }

  private static void strictOrWarn(
      ApiCall call, WriteOptions options, List<String> problems, String strictPrefix) {
    if (problems.isEmpty() || options.fieldValidation() == WriteOptions.FieldValidation.IGNORE) {
      return;
    }
    if (options.fieldValidation() == WriteOptions.FieldValidation.STRICT) {
      throw new BadRequestException(null, strictPrefix + String.join(", ", problems));
    }
    addWarnings(call, problems);
  }

  private static void addWarnings(ApiCall call, List<String> problems) {
    for (String p : problems) {
      if (!call.warnings().contains(p)) {
        call.warnings().add(p);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private FieldManager fieldManager(ResourceHandler handler) {
    ResourceDescriptor d = handler.descriptor();
    String name = d.name();
    String subresource = d.isSubresource() ? name.substring(name.indexOf('/') + 1) : null;
    FieldSet reset = FieldSet.empty();
    handler.resetFields().forEach(f -> reset.insert(List.of(PathElement.field(f))));
    return new FieldManager(
        schema(handler), d.group(), d.version(), d.kind(), subresource, reset, clock);
  }

  private SchemaNode schema(ResourceHandler handler) {
    ResourceDescriptor d = handler.descriptor();
    return schemas.kind(d.group(), d.version(), d.kind()).orElse(SchemaNode.untyped());
  }

  /** The fieldManager option, or kube's default: the User-Agent up to its first {@code /}. */
  static String manager(WriteOptions options, ApiCall call) {
    if (options.fieldManager() != null && !options.fieldManager().isEmpty()) {
      return options.fieldManager();
    }
    return prefixFromUserAgent(call.userAgent());
  }

  static String prefixFromUserAgent(String userAgent) {
    if (userAgent == null) {
      return "";
    }
    String head = userAgent.split("/", 2)[0];
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < head.length(); ) {
      int cp = head.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
        continue;
      }
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > WriteOptions.FIELD_MANAGER_MAX_LENGTH) {
        break;
      }
      bytes += size;
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  private static String mainResource(ResourceHandler handler) {
    String name = handler.descriptor().name();
    int slash = name.indexOf('/');
    return slash < 0 ? name : name.substring(0, slash);
  }

  private static ResourceRef ref(ResourceHandler handler, String name) {
    ResourceDescriptor d = handler.descriptor();
    return new ResourceRef(d.group(), mainResource(handler), d.kind(), name);
  }

  private static InvalidException invalidPatch(
      ResourceHandler handler, ApiCall call, String message) {
    return new InvalidException(
        ref(handler, call.name()), List.of(new FieldError("patch", "FieldValueInvalid", message)));
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String abbreviate(String text) {
    String oneLine = text.strip().replace('\n', ' ');
    return quote(oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine);
  }

  private static String firstLine(Exception e) {
    String message =
        e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
