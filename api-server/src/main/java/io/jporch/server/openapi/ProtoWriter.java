package io.jporch.server.openapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A minimal protocol-buffers writer: varints, booleans, doubles, strings and nested messages, in
 * field order as written. Default values (empty strings, false, zero) are left out, as proto3
 * serialisers do.
 */
final class ProtoWriter {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** The message written so far. */
  byte[] toByteArray() {
    return out.toByteArray();
  }

  ProtoWriter string(int field, String value) {
    if (value != null && !value.isEmpty()) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  /** A string written even when empty (an element of a repeated field). */
  ProtoWriter element(int field, String value) {
    bytes(field, value.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** A boolean written even when false (a oneof member). */
  ProtoWriter element(int field, boolean value) {
    tag(field, VARINT);
    varint(value ? 1 : 0);
    return this;
  }

  ProtoWriter bool(int field, boolean value) {
    if (value) {
      tag(field, VARINT);
      varint(1);
    }
    return this;
  }

  ProtoWriter int64(int field, long value) {
    if (value != 0) {
      tag(field, VARINT);
      varint(value);
    }
    return this;
  }

  ProtoWriter float64(int field, double value) {
    if (value != 0) {
      tag(field, FIXED64);
      long bits = Double.doubleToLongBits(value);
      for (int i = 0; i < 8; i++) {
        out.write((int) (bits >>> (8 * i)) & 0xff);
      }
    }
    return this;
  }

  /** A nested message, written by {@code body}; written even when empty (presence matters). */
  ProtoWriter message(int field, Consumer<ProtoWriter> body) {
    ProtoWriter nested = new ProtoWriter();
    body.accept(nested);
    bytes(field, nested.toByteArray());
    return this;
  }

  private void bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    out.writeBytes(value);
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private void varint(long value) {
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
