package io.jporch.server.auth;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS server's trust manager when client certificates are requested: it names the client CAs as
 * acceptable issuers and lets every presented chain through the handshake (the TLS engine still
 * checks that the client holds the certificate's key), so that {@link ClientCertificates} decides
 * after the handshake and an unknown certificate is answered with 401, as kube-apiserver does,
 * rather than with a failed handshake.
 */
public final class RequestingTrustManager extends X509ExtendedTrustManager {
  private final java.util.function.Supplier<java.util.List<X509Certificate>> issuers;

  public RequestingTrustManager(ClientCertificates certificates) {
    this(certificates.authorities());
  }

  /** Names {@code authorities} as the acceptable issuers. */
  public RequestingTrustManager(java.util.List<X509Certificate> authorities) {
    java.util.List<X509Certificate> fixed = java.util.List.copyOf(authorities);
    this.issuers = () -> fixed;
  }

  /**
   * Names the CAs {@code authorities} returns at each handshake as the acceptable issuers (they may
   * change while the server runs, e.g. when the cluster rotates its front-proxy CA).
   */
  public RequestingTrustManager(
      java.util.function.Supplier<java.util.List<X509Certificate>> authorities) {
    this.issuers = authorities;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    // Verified per request by ClientCertificates.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    // Verified per request by ClientCertificates.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    // Verified per request by ClientCertificates.
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the API server does not verify servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the API server does not verify servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the API server does not verify servers");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return issuers.get().toArray(X509Certificate[]::new);
  }
}
