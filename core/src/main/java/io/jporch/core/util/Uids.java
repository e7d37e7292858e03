package io.jporch.core.util;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.UUID;

/** Porch's deterministic UIDs: UUIDv5 over {@code <prefix>porch.kpt.dev/v1alpha1/<ns>/<name>}. */
public final class Uids {
  private static final UUID NAMESPACE = UUID.fromString("aac71d91-5c67-456f-8fd2-902ef6da820e");

  private Uids() {}

  /** UID of a PackageRevision (and its PackageRevisionResources). */
  public static String packageRevision(String namespace, String name) {
    return generate("packagerevision:", namespace, name);
  }

  /** UID of a PorchPackage. */
  public static String porchPackage(String namespace, String name) {
    return generate("dbPackage:", namespace, name);
  }

  /** Porch's {@code GenerateUid(prefix, namespace, name)}. */
  public static String generate(String prefix, String namespace, String name) {
    return v5(prefix + "porch.kpt.dev/v1alpha1/" + lower(namespace) + "/" + lower(name));
  }

  /** Name-based version 5 UUID in Porch's namespace. */
  public static String v5(String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      ByteBuffer ns = ByteBuffer.allocate(16);
      ns.putLong(NAMESPACE.getMostSignificantBits());
      ns.putLong(NAMESPACE.getLeastSignificantBits());
      sha1.update(ns.array());
      sha1.update(name.getBytes(StandardCharsets.UTF_8));
      byte[] h = sha1.digest();
      h[6] = (byte) ((h[6] & 0x0f) | 0x50);
      h[8] = (byte) ((h[8] & 0x3f) | 0x80);
      ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
      return new UUID(b.getLong(), b.getLong()).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
