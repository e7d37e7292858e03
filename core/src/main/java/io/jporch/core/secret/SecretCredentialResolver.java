package io.jporch.core.secret;

import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.error.ServiceUnavailableException;
import io.jporch.core.repository.Credential;
import io.jporch.core.repository.CredentialResolver;
import io.jporch.core.repository.RemoteCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Resolves repository credentials from Secrets, as Porch's API server does ({@code
 * pkg/registry/porch/secret.go}): the Secret named by {@code spec.git.secretRef.name} in the
 * Repository's namespace is
 *
 * <ul>
 *   <li>{@code kubernetes.io/basic-auth}: HTTP Basic with keys {@code username} and {@code
 *       password};
 *   <li>{@code Opaque}: HTTP Bearer with key {@code bearerToken} (required);
 *   <li>any other type: refused, as Porch's bearer resolver refuses every non-Opaque Secret.
 * </ul>
 *
 * When enabled, the Secret {@code <namespace>-ca-bundle} (key {@code ca.crt}) of the same namespace
 * supplies extra CA certificates for HTTPS (Porch's {@code --use-user-cabundle}); unlike Porch, it
 * is read at every resolution rather than once at open, and a malformed one is an error rather than
 * a log line.
 *
 * <p>Failures are {@link ServiceUnavailableException}s naming the Secret and the problem; no value
 * of a Secret ever appears in a message. The {@link RemoteCredentials#version()} is a digest of the
 * Secrets' types and data, so it changes exactly when they do.
 */
public final class SecretCredentialResolver implements CredentialResolver {
  public static final String USERNAME_KEY = "username";
  public static final String PASSWORD_KEY = "password";
  public static final String BEARER_TOKEN_KEY = "bearerToken";
  public static final String CA_BUNDLE_KEY = "ca.crt";
  public static final String CA_BUNDLE_SUFFIX = "-ca-bundle";

  private final SecretStore secrets;
  private final boolean useCaBundle;

  /**
   * @param secrets where Secrets are read
   * @param useCaBundle whether {@code <namespace>-ca-bundle} Secrets are applied
   */
  public SecretCredentialResolver(SecretStore secrets, boolean useCaBundle) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.useCaBundle = useCaBundle;
  }

  @Override
  public RemoteCredentials resolve(
      RequestContext ctx, io.jporch.core.api.config.Repository repository) {
    String namespace = repository.namespace() == null ? "" : repository.namespace();
    ResourceRef ref = ResourceRef.repository(repository.name());
    String secretName = secretName(repository);
    MessageDigest digest = sha256();
    Credential credential = Credential.ANONYMOUS;
    String source = "";
    if (secretName != null) {
      source = "Secret " + namespace + "/" + secretName;
      Secret secret =
          secrets
              .get(namespace, secretName)
              .orElseThrow(
                  () ->
                      new ServiceUnavailableException(
                          ref,
                          "cannot resolve credentials: secret \""
                              + secretName
                              + "\" not found in namespace \""
                              + namespace
                              + "\""));
      credential = credential(ref, namespace, secretName, secret);
      fingerprint(digest, "auth", secret);
    }
    String caBundle = null;
    if (useCaBundle) {
      String caName = namespace + CA_BUNDLE_SUFFIX;
      Optional<Secret> ca = secrets.get(namespace, caName);
      if (ca.isPresent()) {
        caBundle = caBundle(ref, namespace, caName, ca.get());
        fingerprint(digest, "ca", ca.get());
      }
    }
    return new RemoteCredentials(
        credential, caBundle, source, HexFormat.of().formatHex(digest.digest()));
  }

  private static String secretName(io.jporch.core.api.config.Repository repository) {
    var spec = repository.spec();
    if (spec == null || spec.git() == null || spec.git().secretRef() == null) {
      return null;
    }
    String name = spec.git().secretRef().name();
    return name == null || name.isBlank() ? null : name;
  }

  private static Credential credential(
      ResourceRef ref, String namespace, String name, Secret secret) {
    String type = secret.typeOrDefault();
    if (Secret.TYPE_BASIC_AUTH.equals(type)) {
      return new Credential.BasicAuth(
          value(ref, namespace, name, secret, USERNAME_KEY).orElse(""),
          value(ref, namespace, name, secret, PASSWORD_KEY).orElse(""));
    }
    if (!Secret.TYPE_OPAQUE.equals(type)) {
      throw problem(
          ref,
          namespace,
          name,
          "type "
              + type
              + " is not supported (use "
              + Secret.TYPE_BASIC_AUTH
              + " with username and password, or "
              + Secret.TYPE_OPAQUE
              + " with "
              + BEARER_TOKEN_KEY
              + ")");
    }
    String token =
        value(ref, namespace, name, secret, BEARER_TOKEN_KEY)
            .orElseThrow(
                () ->
                    problem(
                        ref,
                        namespace,
                        name,
                        "an " + Secret.TYPE_OPAQUE + " secret needs the key " + BEARER_TOKEN_KEY));
    return new Credential.BearerToken(token);
  }

  private static String caBundle(ResourceRef ref, String namespace, String name, Secret secret) {
    String pem =
        value(ref, namespace, name, secret, CA_BUNDLE_KEY)
            .orElseThrow(
                () ->
                    problem(ref, namespace, name, "the CA bundle needs the key " + CA_BUNDLE_KEY));
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw problem(ref, namespace, name, CA_BUNDLE_KEY + " holds no PEM certificate");
    }
    return pem;
  }

  private static Optional<String> value(
      ResourceRef ref, String namespace, String name, Secret secret, String key) {
    try {
      return secret.text(key);
    } catch (IllegalArgumentException e) {
      throw problem(ref, namespace, name, e.getMessage());
    }
  }

  private static ServiceUnavailableException problem(
      ResourceRef ref, String namespace, String name, String what) {
    return new ServiceUnavailableException(
        ref,
        "cannot resolve credentials from secret \""
            + name
            + "\" in namespace \""
            + namespace
            + "\": "
            + what);
  }

  private static void fingerprint(MessageDigest digest, String role, Secret secret) {
    Map<String, String> sorted = new TreeMap<>();
    if (secret.data() != null) {
      sorted.putAll(secret.data());
    }
    if (secret.stringData() != null) {
      secret.stringData().forEach((k, v) -> sorted.put("string:" + k, v));
    }
    StringBuilder text = new StringBuilder(role).append('\n').append(secret.typeOrDefault());
    sorted.forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
    digest.update(text.append('\n').toString().getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
