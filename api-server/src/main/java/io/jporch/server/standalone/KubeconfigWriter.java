package io.jporch.server.standalone;

import io.jporch.server.auth.BearerToken;
import io.jporch.server.tls.TlsMaterial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes a kubeconfig (mode 0600) that points kubectl at the standalone server: cluster {@code
 * jporch} with our certificate as CA, user {@code jporch-admin} with the bearer token, and context
 * {@code jporch} (namespace {@code default}) as the current context.
 */
public final class KubeconfigWriter {
  private KubeconfigWriter() {}

  /** Writes the kubeconfig for {@code serverUrl} to {@code file}. */
  public static void write(Path file, String serverUrl, TlsMaterial tls, BearerToken token) {
    String ca =
        Base64.getEncoder()
            .encodeToString(tls.certificatePem().getBytes(StandardCharsets.US_ASCII));
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: jporch
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: jporch-admin
          user:
            token: %s
        contexts:
        - name: jporch
          context:
            cluster: jporch
            user: jporch-admin
            namespace: default
        current-context: jporch
        preferences: {}
        """
            .formatted(serverUrl, ca, token.reveal());
    SecureFiles.writePrivate(file, yaml);
  }
}
