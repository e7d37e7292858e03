package io.jporch.server.auth;

import io.jporch.server.standalone.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The standalone server's single bearer token: 32 random bytes, base64url, generated once and kept
 * in a 0600 file. {@link #toString()} never reveals it.
 */
public final class BearerToken {
  private static final int BYTES = 32;
  private final byte[] value;

  private BearerToken(String value) {
    this.value = value.getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads the token from {@code file}, creating the file with a fresh token if absent. */
  public static BearerToken loadOrCreate(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        String stored = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (stored.length() >= 32) {
          SecureFiles.restrictToOwner(file);
          return new BearerToken(stored);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + file, e);
    }
    byte[] random = new byte[BYTES];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    SecureFiles.writePrivate(file, token + "\n");
    return new BearerToken(token);
  }

  /** A token with a known value, for tests and embedding. */
  public static BearerToken of(String value) {
    return new BearerToken(value);
  }

  /** Constant-time comparison with a presented token. */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(value, presented.getBytes(StandardCharsets.US_ASCII));
  }

  /** The token text, for writing the kubeconfig only. */
  public String reveal() {
    return new String(value, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "BearerToken[***]";
  }
}
