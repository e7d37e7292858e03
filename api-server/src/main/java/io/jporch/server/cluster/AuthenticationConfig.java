package io.jporch.server.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jporch.core.util.Json;
import io.jporch.server.auth.ClientCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What kube-apiserver publishes for extension API servers in the ConfigMap {@code
 * kube-system/extension-apiserver-authentication}: the CA of client certificates ({@code
 * client-ca-file}) and the front-proxy (request header) settings ({@code
 * requestheader-client-ca-file}, {@code requestheader-allowed-names}, {@code
 * requestheader-username-headers}, {@code requestheader-uid-headers}, {@code
 * requestheader-group-headers}, {@code requestheader-extra-headers-prefix}; lists are JSON arrays).
 *
 * @param clientCa CAs of client certificates, or null when the ConfigMap has none
 * @param requestHeader the front-proxy settings, or null when the ConfigMap has no request header
 *     CA
 */
public record AuthenticationConfig(ClientCertificates clientCa, RequestHeader requestHeader) {
  private static final Logger log = LoggerFactory.getLogger(AuthenticationConfig.class);
  public static final String NAMESPACE = "kube-system";
  public static final String NAME = "extension-apiserver-authentication";

  /** None: only bearer tokens (TokenReview) authenticate. */
  public static final AuthenticationConfig NONE = new AuthenticationConfig(null, null);

  /**
   * Front-proxy authentication: a client certificate issued by {@code ca} whose common name is in
   * {@code allowedNames} (any, when empty) vouches for the user named in the headers.
   */
  public record RequestHeader(
      ClientCertificates ca,
      List<String> allowedNames,
      List<String> usernameHeaders,
      List<String> uidHeaders,
      List<String> groupHeaders,
      List<String> extraHeaderPrefixes) {
    public RequestHeader {
      allowedNames = List.copyOf(allowedNames);
      usernameHeaders = List.copyOf(usernameHeaders);
      uidHeaders = List.copyOf(uidHeaders);
      groupHeaders = List.copyOf(groupHeaders);
      extraHeaderPrefixes = List.copyOf(extraHeaderPrefixes);
    }
  }

  /**
   * Reads the ConfigMap from the cluster. A missing ConfigMap is logged and yields {@link #NONE}
   * (as k8s.io/apiserver tolerates it); any other failure to read it stops the server.
   */
  public static AuthenticationConfig load(KubernetesClient client) {
    ConfigMap map;
    try {
      map = client.configMaps().inNamespace(NAMESPACE).withName(NAME).get();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot read ConfigMap "
              + NAMESPACE
              + "/"
              + NAME
              + " (the server's service account"
              + " needs the extension-apiserver-authentication-reader Role): "
              + e.getMessage(),
          e);
    }
    if (map == null) {
      log.warn(
          "ConfigMap {}/{} not found: front-proxy and client certificate authentication are off",
          NAMESPACE,
          NAME);
      return NONE;
    }
    return of(map.getData() == null ? Map.of() : map.getData());
  }

  /**
   * Follows the ConfigMap: {@code updated} gets its settings whenever it changes (kube-apiserver
   * rotating its CAs). A version that cannot be read is logged and skipped, and a deleted ConfigMap
   * leaves the last settings in force, as k8s.io/apiserver's dynamic CA providers keep the last
   * valid content. Close the returned informer to stop.
   */
  public static AutoCloseable watch(
      KubernetesClient client, java.util.function.Consumer<AuthenticationConfig> updated) {
    return client
            .configMaps()
            .inNamespace(NAMESPACE)
            .withName(NAME)
            .inform(
                new io.fabric8.kubernetes.client.informers.ResourceEventHandler<ConfigMap>() {
                  @Override
                  public void onAdd(ConfigMap map) {
                    apply(map);
                  }

                  @Override
                  public void onUpdate(ConfigMap old, ConfigMap map) {
                    apply(map);
                  }

                  @Override
                  public void onDelete(ConfigMap map, boolean finalStateUnknown) {
                    log.warn(
                        "ConfigMap {}/{} was deleted; keeping its last settings", NAMESPACE, NAME);
                  }

                  private void apply(ConfigMap map) {
                    try {
                      updated.accept(of(map.getData() == null ? Map.of() : map.getData()));
                    } catch (IllegalStateException e) {
                      log.warn("Ignoring an unreadable {}/{}: {}", NAMESPACE, NAME, e.getMessage());
                    }
                  }
                })
        ::close;
  }

  /** The settings in the ConfigMap's {@code data}. */
  public static AuthenticationConfig of(Map<String, String> data) {
    ClientCertificates clientCa = certificates(data, "client-ca-file");
    ClientCertificates headerCa = certificates(data, "requestheader-client-ca-file");
    RequestHeader header =
        headerCa == null
            ? null
            : new RequestHeader(
                headerCa,
                list(data, "requestheader-allowed-names"),
                list(data, "requestheader-username-headers"),
                list(data, "requestheader-uid-headers"),
                list(data, "requestheader-group-headers"),
                list(data, "requestheader-extra-headers-prefix"));
    return new AuthenticationConfig(clientCa, header);
  }

  private static ClientCertificates certificates(Map<String, String> data, String key) {
    String pem = data.get(key);
    if (pem == null || pem.isBlank()) {
      return null;
    }
    try {
      return ClientCertificates.of(pem.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "ConfigMap " + NAMESPACE + "/" + NAME + ": " + key + " is invalid: " + e.getMessage(), e);
    }
  }

  private static List<String> list(Map<String, String> data, String key) {
    String json = data.get(key);
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      return Json.MAPPER.readValue(json, new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new IllegalStateException(
          "ConfigMap " + NAMESPACE + "/" + NAME + ": " + key + " is not a JSON list of strings", e);
    }
  }
}
