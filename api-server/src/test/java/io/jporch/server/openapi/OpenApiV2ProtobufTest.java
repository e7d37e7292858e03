package io.jporch.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import io.jporch.server.PorchServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The protobuf form of {@code /openapi/v2} read back field by field against gnostic's
 * OpenAPIv2.proto numbering (kubectl's use of it is covered by KubectlReadE2E).
 */
class OpenApiV2ProtobufTest {
  private final OpenApiDocuments docs = new OpenApiDocuments(PorchServer.kinds());
  private final JsonNode json = docs.v2().json();
  private final Message doc = Message.parse(docs.v2Protobuf());

  @Test
  void documentCarriesVersionInfoAndEveryDefinitionInOrder() {
    assertThat(doc.string(1)).isEqualTo("2.0");
    assertThat(doc.message(2).string(1)).isEqualTo(json.at("/info/title").asText());
    List<String> names = new ArrayList<>();
    for (Message named : doc.message(9).messages(1)) {
      names.add(named.string(1));
    }
    List<String> expected = new ArrayList<>();
    json.get("definitions").fieldNames().forEachRemaining(expected::add);
    assertThat(names).isEqualTo(expected);
  }

  @Test
  void schemasKeepTypesPropertiesRequiredRefsAndExtensions() throws IOException {
    String name = "com.github.nephio-project.porch.api.porch.v1alpha1.PackageRevision";
    Message schema = definition(name);
    JsonNode expected = json.at("/definitions/" + name.replace("/", "~1"));
    assertThat(schema.string(4)).isEqualTo(expected.path("description").asText());
    assertThat(schema.message(22).strings(1)).containsExactly("object");
    Map<String, Message> properties = named(schema.message(25));
    assertThat(properties.keySet()).containsExactlyElementsOf(iterable(expected.get("properties")));
    assertThat(properties.get("spec").string(1))
        .isEqualTo(expected.at("/properties/spec/$ref").asText());
    Map<String, Message> extensions = named(schema.messages(31));
    JsonNode gvk = Json.YAML.readTree(extensions.get("x-kubernetes-group-version-kind").string(2));
    assertThat(gvk).isEqualTo(expected.get("x-kubernetes-group-version-kind"));

    Message tasks =
        named(
                definition("com.github.nephio-project.porch.api.porch.v1alpha1.PackageRevisionSpec")
                    .message(25))
            .get("tasks");
    assertThat(tasks.message(22).strings(1)).containsExactly("array");
    assertThat(tasks.message(23).messages(1)).hasSize(1);
    assertThat(tasks.message(23).messages(1).get(0).string(1))
        .isEqualTo("#/definitions/com.github.nephio-project.porch.api.porch.v1alpha1.Task");

    Message task = definition("com.github.nephio-project.porch.api.porch.v1alpha1.Task");
    assertThat(task.strings(19)).containsExactly("type");
  }

  @Test
  void pathsCarryOperationsWithParametersAndResponses() {
    Map<String, Message> paths = named(doc.message(8).messages(2));
    String path = "/apis/porch.kpt.dev/v1alpha1/namespaces/{namespace}/packagerevisions";
    assertThat(paths).containsKey(path);
    Message item = paths.get(path);
    Message list = item.message(2);
    assertThat(list.string(5)).isEqualTo("listPorchKptDevV1alpha1NamespacedPackageRevision");
    // parameters: ParametersItem → Parameter → NonBodyParameter → QueryParameterSubSchema
    List<String> query = new ArrayList<>();
    for (Message p : list.messages(8)) {
      query.add(p.message(1).message(2).message(3).string(4));
    }
    assertThat(query).contains("labelSelector", "watch", "limit");
    Message create = item.message(4);
    Message body = create.messages(8).get(0).message(1).message(1);
    assertThat(body.string(3)).isEqualTo("body");
    assertThat(body.message(5).string(1))
        .isEqualTo(
            "#/definitions/com.github.nephio-project.porch.api.porch.v1alpha1.PackageRevision");
    Map<String, Message> responses = named(create.message(9).messages(1));
    assertThat(responses).containsKeys("200", "201");
    // path-level parameters: the namespace path parameter
    Message namespace = item.messages(9).get(0).message(1).message(2).message(4);
    assertThat(namespace.string(4)).isEqualTo("namespace");
    assertThat(namespace.varint(1)).isEqualTo(1);
  }

  private Message definition(String name) {
    return named(doc.message(9).messages(1)).get(name);
  }

  private static Map<String, Message> named(Message holder) {
    return named(holder.messages(1));
  }

  private static Map<String, Message> named(List<Message> entries) {
    Map<String, Message> result = new LinkedHashMap<>();
    for (Message entry : entries) {
      result.put(entry.string(1), entry.message(2));
    }
    return result;
  }

  private static Iterable<String> iterable(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A decoded message: the raw values of each field number, in order. */
  record Message(Map<Integer, List<Object>> fields) {
    static Message parse(byte[] bytes) {
      Map<Integer, List<Object>> fields = new LinkedHashMap<>();
      int[] pos = {0};
      while (pos[0] < bytes.length) {
        long tag = varint(bytes, pos);
        int field = (int) (tag >>> 3);
        int wire = (int) (tag & 7);
        Object value =
            switch (wire) {
              case 0 -> varint(bytes, pos);
              case 1 -> {
                pos[0] += 8;
                yield null;
              }
              case 2 -> {
                int length = (int) varint(bytes, pos);
                byte[] v = java.util.Arrays.copyOfRange(bytes, pos[0], pos[0] + length);
                pos[0] += length;
                yield v;
              }
              default -> throw new IllegalStateException("wire type " + wire);
            };
        fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
      }
      return new Message(fields);
    }

    private static long varint(byte[] bytes, int[] pos) {
      long result = 0;
      int shift = 0;
      while (true) {
        byte b = bytes[pos[0]++];
        result |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
        shift += 7;
      }
    }

    String string(int field) {
      List<Object> values = fields.getOrDefault(field, List.of());
      return values.isEmpty() ? "" : new String((byte[]) values.get(0), StandardCharsets.UTF_8);
    }

    List<String> strings(int field) {
      return fields.getOrDefault(field, List.of()).stream()
          .map(v -> new String((byte[]) v, StandardCharsets.UTF_8))
          .toList();
    }

    long varint(int field) {
      return (Long) fields.get(field).get(0);
    }

    Message message(int field) {
      return parse((byte[]) fields.get(field).get(0));
    }

    List<Message> messages(int field) {
      return fields.getOrDefault(field, List.of()).stream().map(v -> parse((byte[]) v)).toList();
    }
  }
}
