package io.jporch.server.auth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * What a request presents to authentication.
 *
 * @param authorization the {@code Authorization} header, or null
 * @param peerChain the certificate chain the client presented in the TLS handshake (leaf first;
 *     empty when none)
 * @param headers every request header, names in lower case (front-proxy {@code X-Remote-*} headers)
 */
public record Credentials(
    String authorization, List<X509Certificate> peerChain, Map<String, List<String>> headers) {
  public Credentials {
    peerChain = peerChain == null ? List.of() : List.copyOf(peerChain);
    headers = headers == null ? Map.of() : headers;
  }

  /** The values of header {@code name} (any case); empty when absent. */
  public List<String> header(String name) {
    return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
  }
}
