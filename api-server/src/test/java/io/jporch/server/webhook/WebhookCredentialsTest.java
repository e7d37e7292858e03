package io.jporch.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookCredentialsTest {
  private static final byte[] SECRET =
      "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);

  /** GitHub's documented test vector for X-Hub-Signature-256. */
  private static final String GITHUB_EXAMPLE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  @Test
  void githubSignatureVerifiesTheDocumentedExample() {
    WebhookCredentials c =
        WebhookCredentials.from(Map.of(WebhookCredentials.HUB_SIGNATURE_256, GITHUB_EXAMPLE))
            .orElseThrow();
    assertThat(c.verify(SECRET, BODY)).isTrue();
    assertThat(c.verify("another secret".getBytes(StandardCharsets.UTF_8), BODY)).isFalse();
    assertThat(c.verify(SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(c.header()).isEqualTo("x-hub-signature-256");
  }

  @Test
  void giteaAndGogsSignaturesAreBareHex() {
    String hex = HexFormat.of().formatHex(WebhookCredentials.hmacSha256(SECRET, BODY));
    assertThat(
            WebhookCredentials.from(Map.of(WebhookCredentials.GITEA_SIGNATURE, hex))
                .orElseThrow()
                .verify(SECRET, BODY))
        .isTrue();
    assertThat(
            WebhookCredentials.from(Map.of(WebhookCredentials.GOGS_SIGNATURE, hex.toUpperCase()))
                .orElseThrow()
                .verify(SECRET, BODY))
        .isTrue();
  }

  @Test
  void malformedSignaturesNeverVerify() {
    String hex = HexFormat.of().formatHex(WebhookCredentials.hmacSha256(SECRET, BODY));
    for (String value : new String[] {hex, "sha1=" + hex, "sha256=zz", "sha256=", ""}) {
      assertThat(
              WebhookCredentials.from(Map.of(WebhookCredentials.HUB_SIGNATURE_256, value))
                  .orElseThrow()
                  .verify(SECRET, BODY))
          .as(value)
          .isFalse();
    }
    assertThat(
            WebhookCredentials.from(Map.of(WebhookCredentials.HUB_SIGNATURE_256, GITHUB_EXAMPLE))
                .orElseThrow()
                .verify(new byte[0], BODY))
        .as("an empty secret verifies nothing")
        .isFalse();
  }

  @Test
  void gitlabTokenIsComparedWhole() {
    assertThat(
            WebhookCredentials.from(Map.of(WebhookCredentials.GITLAB_TOKEN, "s3cret"))
                .orElseThrow()
                .verify("s3cret".getBytes(StandardCharsets.UTF_8), BODY))
        .isTrue();
    for (String wrong : new String[] {"s3cre", "s3cret ", "S3CRET", ""}) {
      assertThat(
              WebhookCredentials.from(Map.of(WebhookCredentials.GITLAB_TOKEN, wrong))
                  .orElseThrow()
                  .verify("s3cret".getBytes(StandardCharsets.UTF_8), BODY))
          .as(wrong)
          .isFalse();
    }
  }

  @Test
  void noCredentialWithoutTheHeadersAndNoSecretInToString() {
    assertThat(WebhookCredentials.from(Map.of("x-github-event", "push"))).isEmpty();
    assertThat(
            WebhookCredentials.from(Map.of(WebhookCredentials.GITLAB_TOKEN, "s3cret"))
                .orElseThrow()
                .toString())
        .doesNotContain("s3cret");
    assertThat(
            WebhookCredentials.from(Map.of(WebhookCredentials.HUB_SIGNATURE_256, GITHUB_EXAMPLE))
                .orElseThrow()
                .toString())
        .doesNotContain("757107");
  }
}
