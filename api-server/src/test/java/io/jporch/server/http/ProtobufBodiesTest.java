package io.jporch.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The protobuf envelope kubectl's typed clients send for Secrets, decoded to JSON. */
class ProtobufBodiesTest {
  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

  /** What {@code kubectl create secret generic s --from-literal=password=pw -l a=b} sends. */
  private static byte[] secretEnvelope() {
    byte[] meta =
        concat(
            field(1, text("s")),
            field(3, text("default")),
            field(11, concat(field(1, text("a")), field(2, text("b")))));
    byte[] secret =
        concat(
            field(1, meta),
            field(2, concat(field(1, text("password")), field(2, text("pw")))),
            field(3, text("Opaque")),
            new byte[] {(byte) (5 << 3), 1});
    byte[] typeMeta = concat(field(1, text("v1")), field(2, text("Secret")));
    byte[] unknown =
        concat(
            field(1, typeMeta),
            field(2, secret),
            field(4, text("application/vnd.kubernetes.protobuf")));
    return concat(new byte[] {'k', '8', 's', 0}, unknown);
  }

  @Test
  void decodesASecret() throws Exception {
    ProtobufBodies.Body body = ProtobufBodies.toJson(secretEnvelope(), PROTOBUF);
    assertThat(body.contentType()).isEqualTo("application/json");
    JsonNode json = Json.MAPPER.readTree(body.bytes());
    assertThat(json.at("/kind").asText()).isEqualTo("Secret");
    assertThat(json.at("/metadata/name").asText()).isEqualTo("s");
    assertThat(json.at("/metadata/labels/a").asText()).isEqualTo("b");
    assertThat(json.at("/type").asText()).isEqualTo("Opaque");
    assertThat(json.at("/immutable").asBoolean()).isTrue();
    assertThat(json.at("/data/password").asText())
        .isEqualTo(Base64.getEncoder().encodeToString("pw".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void otherBodiesPassUnchanged() {
    byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(ProtobufBodies.toJson(json, "application/json").bytes()).isSameAs(json);
    byte[] garbage = {'k', '8', 's', 0, (byte) 0xff};
    ProtobufBodies.Body passed = ProtobufBodies.toJson(garbage, PROTOBUF);
    assertThat(passed.bytes()).isSameAs(garbage);
    assertThat(passed.contentType()).isEqualTo(PROTOBUF);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] field(int number, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((number << 3) | 2);
    int length = value.length;
    while (length >= 0x80) {
      out.write((length & 0x7f) | 0x80);
      length >>>= 7;
    }
    out.write(length);
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
