package io.jporch.server.admission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the Repository validating webhook, read from the environment variables Porch's server
 * reads ({@code pkg/apiserver/webhooks.go}).
 *
 * @param port HTTPS port ({@code WEBHOOK_PORT}, default 8443)
 * @param bindAddress address to listen on (every interface in a pod; tests use loopback)
 * @param certDir where the certificate lives ({@code CERT_STORAGE_DIR}; its presence enables the
 *     webhook): {@code tls.crt}, {@code tls.key} and, when generated, {@code ca.crt}
 * @param serviceName the Service kube-apiserver calls ({@code WEBHOOK_SERVICE_NAME}, default {@code
 *     api}, the Service of the APIService in deploy/)
 * @param serviceNamespace its namespace ({@code WEBHOOK_SERVICE_NAMESPACE}, else {@code
 *     CERT_NAMESPACE}, else the pod's namespace, else {@code porch-system})
 * @param certificateFromFiles {@code USE_CERT_MAN_FOR_WEBHOOK=true}: use the certificate someone
 *     else (cert-manager) keeps in {@code certDir}, reloading it when it changes, and leave the
 *     caBundle to them; otherwise a CA and a serving certificate are generated at every start
 */
public record WebhookOptions(
    int port,
    String bindAddress,
    Path certDir,
    String serviceName,
    String serviceNamespace,
    boolean certificateFromFiles) {
  public static final int DEFAULT_PORT = 8443;
  public static final String DEFAULT_SERVICE_NAME = "api";
  public static final String DEFAULT_NAMESPACE = "porch-system";
  private static final Path POD_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  public WebhookOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("WEBHOOK_PORT must be between 0 and 65535, got " + port);
    }
    bindAddress = blank(bindAddress) ? "0.0.0.0" : bindAddress;
    certDir = certDir.toAbsolutePath().normalize();
    serviceName = blank(serviceName) ? DEFAULT_SERVICE_NAME : serviceName;
    serviceNamespace = blank(serviceNamespace) ? DEFAULT_NAMESPACE : serviceNamespace;
  }

  /**
   * The webhook's settings from {@code env}, or empty when {@code CERT_STORAGE_DIR} is not set (the
   * webhook is off, as in standalone use).
   *
   * @throws IllegalArgumentException for a malformed {@code WEBHOOK_PORT} or {@code
   *     USE_CERT_MAN_FOR_WEBHOOK}
   */
  public static Optional<WebhookOptions> fromEnvironment(Map<String, String> env) {
    String dir = env.get("CERT_STORAGE_DIR");
    if (blank(dir)) {
      return Optional.empty();
    }
    int port = DEFAULT_PORT;
    String portText = env.get("WEBHOOK_PORT");
    if (portText != null) {
      try {
        port = Integer.parseInt(portText.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "WEBHOOK_PORT must be a port number, got \"" + portText + "\"");
      }
    }
    String namespace = env.get("WEBHOOK_SERVICE_NAMESPACE");
    if (blank(namespace)) {
      namespace = env.get("CERT_NAMESPACE");
    }
    if (blank(namespace)) {
      namespace = podNamespace().orElse(null);
    }
    return Optional.of(
        new WebhookOptions(
            port,
            null,
            Path.of(dir),
            env.get("WEBHOOK_SERVICE_NAME"),
            namespace,
            bool("USE_CERT_MAN_FOR_WEBHOOK", env.get("USE_CERT_MAN_FOR_WEBHOOK"))));
  }

  /** The same settings listening on {@code address}. */
  public WebhookOptions withBindAddress(String address) {
    return new WebhookOptions(
        port, address, certDir, serviceName, serviceNamespace, certificateFromFiles);
  }

  /** The names the serving certificate must carry: the Service's in-cluster DNS names. */
  public List<String> dnsNames() {
    String svc = serviceName + "." + serviceNamespace + ".svc";
    return List.of(svc, serviceName, serviceName + "." + serviceNamespace, svc + ".cluster.local");
  }

  private static Optional<String> podNamespace() {
    try {
      return Files.isReadable(POD_NAMESPACE)
          ? Optional.of(Files.readString(POD_NAMESPACE).strip()).filter(s -> !s.isEmpty())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Go's strconv.ParseBool, which Porch uses for this variable. */
  private static boolean bool(String name, String value) {
    if (value == null) {
      return false;
    }
    return switch (value.strip()) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default ->
          throw new IllegalArgumentException(
              name + " must be a boolean (true or false), got \"" + value + "\"");
    };
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
