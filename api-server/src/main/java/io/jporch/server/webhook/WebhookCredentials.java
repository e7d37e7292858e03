package io.jporch.server.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a Git server's webhook proves that it knows a repository's shared secret, read from the
 * request headers: an HMAC-SHA256 of the body ({@code X-Hub-Signature-256: sha256=<hex>} from
 * GitHub, Gitea and Forgejo; {@code X-Gitea-Signature: <hex>} or {@code X-Gogs-Signature: <hex>}
 * from older Gitea and Gogs) or the secret itself ({@code X-Gitlab-Token}). Comparisons take
 * constant time; nothing here logs or prints a secret or a signature.
 */
public sealed interface WebhookCredentials {
  /** GitHub, Gitea (1.13+), Forgejo: {@code sha256=<hex HMAC-SHA256 of the body>}. */
  String HUB_SIGNATURE_256 = "x-hub-signature-256";

  /** Gitea: the hex HMAC-SHA256 of the body, without prefix. */
  String GITEA_SIGNATURE = "x-gitea-signature";

  /** Gogs: the hex HMAC-SHA256 of the body, without prefix. */
  String GOGS_SIGNATURE = "x-gogs-signature";

  /** GitLab: the secret token itself. */
  String GITLAB_TOKEN = "x-gitlab-token";

  /** True if {@code secret} is what the caller proved to know for {@code body}. */
  boolean verify(byte[] secret, byte[] body);

  /** The header the credential came from, for messages. */
  String header();

  /**
   * The credential in {@code headers} (names in lower case), if any; a signature that is not
   * well-formed hex still counts as presented (and never verifies).
   */
  static Optional<WebhookCredentials> from(Map<String, String> headers) {
    String hub = headers.get(HUB_SIGNATURE_256);
    if (hub != null) {
      String value = hub.strip();
      String prefix = "sha256=";
      boolean prefixed = value.regionMatches(true, 0, prefix, 0, prefix.length());
      return Optional.of(
          new Signature(HUB_SIGNATURE_256, prefixed ? value.substring(prefix.length()) : null));
    }
    for (String header : new String[] {GITEA_SIGNATURE, GOGS_SIGNATURE}) {
      String value = headers.get(header);
      if (value != null) {
        return Optional.of(new Signature(header, value.strip()));
      }
    }
    String token = headers.get(GITLAB_TOKEN);
    if (token != null) {
      return Optional.of(new Token(token));
    }
    return Optional.empty();
  }

  /** An HMAC-SHA256 signature of the body, hex-encoded; null if it was malformed. */
  record Signature(String header, String hex) implements WebhookCredentials {
    @Override
    public boolean verify(byte[] secret, byte[] body) {
      if (hex == null || secret.length == 0) {
        return false;
      }
      byte[] presented;
      try {
        presented = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return false;
      }
      return MessageDigest.isEqual(hmacSha256(secret, body), presented);
    }

    @Override
    public String toString() {
      return "Signature[" + header + "]";
    }
  }

  /** The shared secret itself (GitLab). */
  record Token(String value) implements WebhookCredentials {
    @Override
    public boolean verify(byte[] secret, byte[] body) {
      if (secret.length == 0) {
        return false;
      }
      // Compare digests: constant time, and no early exit on a length difference.
      return MessageDigest.isEqual(sha256(secret), sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String header() {
      return GITLAB_TOKEN;
    }

    @Override
    public String toString() {
      return "Token[" + GITLAB_TOKEN + "]";
    }
  }

  /** HMAC-SHA256 of {@code body} under {@code secret}. */
  static byte[] hmacSha256(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
