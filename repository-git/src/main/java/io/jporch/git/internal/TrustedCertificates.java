package io.jporch.git.internal;

import io.jporch.core.error.ServiceUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * A CA bundle (PEM) turned into a trust manager that accepts a server certificate if either the
 * JDK's default trust store or the bundle does, and an HTTP connection factory that uses it for
 * HTTPS. Port of the {@code CABundle} option Porch passes to go-git (which adds the bundle to the
 * system pool).
 */
record TrustedCertificates(String pem, X509TrustManager trustManager) {

  /** Parses {@code pem}; fails with {@link ServiceUnavailableException} if it holds nothing. */
  static TrustedCertificates parse(String pem) {
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      if (certificates.isEmpty()) {
        throw new CertificateException("no certificate found");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      X509TrustManager bundle = x509(store);
      X509TrustManager system = x509(null);
      return new TrustedCertificates(pem, new EitherTrustManager(List.of(system, bundle)));
    } catch (GeneralSecurityException | IOException e) {
      throw new ServiceUnavailableException(
          null, "cannot use the CA bundle (ca.crt): " + e.getMessage());
    }
  }

  private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager available");
  }

  /** JGit's JDK connections, with this trust for HTTPS. */
  HttpConnectionFactory connectionFactory() {
    JDKHttpConnectionFactory jdk = new JDKHttpConnectionFactory();
    TrustManager[] managers = {trustManager};
    return new HttpConnectionFactory() {
      @Override
      public HttpConnection create(URL url) throws IOException {
        return configure(jdk.create(url), url);
      }

      @Override
      public HttpConnection create(URL url, Proxy proxy) throws IOException {
        return configure(jdk.create(url, proxy), url);
      }

      private HttpConnection configure(HttpConnection connection, URL url) throws IOException {
        if ("https".equalsIgnoreCase(url.getProtocol())) {
          try {
            connection.configure(null, managers, null);
          } catch (GeneralSecurityException e) {
            throw new IOException("cannot configure TLS for " + url, e);
          }
        }
        return connection;
      }
    };
  }

  /** Trusts a chain if any of its delegates does. */
  private record EitherTrustManager(List<X509TrustManager> delegates) implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegates.getFirst().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      CertificateException first = null;
      for (X509TrustManager delegate : delegates) {
        try {
          delegate.checkServerTrusted(chain, authType);
          return;
        } catch (CertificateException e) {
          first = first == null ? e : first;
        }
      }
      throw first;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      List<X509Certificate> all = new ArrayList<>();
      for (X509TrustManager delegate : delegates) {
        all.addAll(List.of(delegate.getAcceptedIssuers()));
      }
      return all.toArray(X509Certificate[]::new);
    }
  }
}
