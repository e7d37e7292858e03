package io.jporch.server.auth;

import io.jporch.core.context.UserInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client certificate authentication ({@code --client-ca-file}), as kube-apiserver's x509
 * authenticator: a certificate chain presented in the TLS handshake that verifies against the CA
 * bundle (PKIX, at the current time, with client-authentication usage when the certificate states
 * its extended key usages) authenticates as the subject's common name, in the subject's
 * organizations as groups, plus {@code system:authenticated}. A certificate without a common name
 * does not authenticate.
 */
public final class ClientCertificates {
  private static final Logger log = LoggerFactory.getLogger(ClientCertificates.class);
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_USAGE = "2.5.29.37.0";

  private final List<X509Certificate> authorities;
  private final Set<TrustAnchor> anchors;

  private ClientCertificates(List<X509Certificate> authorities) {
    this.authorities = List.copyOf(authorities);
    Set<TrustAnchor> set = new HashSet<>();
    for (X509Certificate ca : authorities) {
      set.add(new TrustAnchor(ca, null));
    }
    this.anchors = Set.copyOf(set);
  }

  /** Reads a PEM bundle of CA certificates; fails when it holds none. */
  public static ClientCertificates load(Path caFile) {
    byte[] pem;
    try {
      pem = Files.readAllBytes(caFile);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the client CA file " + caFile + ": " + e.getMessage(), e);
    }
    try {
      return of(pem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid client CA file " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** CA certificates from PEM text. */
  public static ClientCertificates of(byte[] pem) {
    Collection<? extends java.security.cert.Certificate> parsed;
    try {
      parsed =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PEM certificate bundle: " + e.getMessage(), e);
    }
    List<X509Certificate> cas = new ArrayList<>();
    for (java.security.cert.Certificate c : parsed) {
      cas.add((X509Certificate) c);
    }
    if (cas.isEmpty()) {
      throw new IllegalArgumentException("no certificate found");
    }
    return new ClientCertificates(cas);
  }

  /** The CA certificates (the TLS server names them as acceptable issuers). */
  public List<X509Certificate> authorities() {
    return authorities;
  }

  /**
   * The user of a presented chain (leaf first), or empty if it does not verify against the CAs or
   * names no user.
   */
  public Optional<UserInfo> authenticate(List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      return Optional.empty();
    }
    X509Certificate leaf = chain.get(0);
    try {
      List<X509Certificate> path = new ArrayList<>();
      for (X509Certificate c : chain) {
        if (!authorities.contains(c)) {
          path.add(c);
        }
      }
      if (path.isEmpty() || path.get(0) != leaf) {
        log.debug("Client certificate rejected: the presented certificate is a CA certificate");
        return Optional.empty();
      }
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(new Date());
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      if (!allowsClientAuth(leaf)) {
        log.debug("Client certificate rejected: its extended key usage excludes client auth");
        return Optional.empty();
      }
    } catch (GeneralSecurityException e) {
      log.debug("Client certificate rejected: {}", e.getMessage());
      return Optional.empty();
    }
    return user(leaf);
  }

  /** The user a verified certificate names: CN as the name, O values as groups. */
  static Optional<UserInfo> user(X509Certificate certificate) {
    X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    String name = null;
    List<String> groups = new ArrayList<>();
    for (RDN rdn : subject.getRDNs()) {
      for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
        if (value.getType().equals(BCStyle.CN) && name == null) {
          name = text(value.getValue());
        } else if (value.getType().equals(BCStyle.O)) {
          groups.add(text(value.getValue()));
        }
      }
    }
    if (name == null || name.isEmpty()) {
      log.debug("Client certificate rejected: its subject has no common name");
      return Optional.empty();
    }
    if (!groups.contains(UserInfo.AUTHENTICATED_GROUP)) {
      groups.add(UserInfo.AUTHENTICATED_GROUP);
    }
    return Optional.of(new UserInfo(name, groups));
  }

  private static String text(ASN1Encodable value) {
    return value instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(value);
  }

  private static boolean allowsClientAuth(X509Certificate leaf) throws CertificateParsingException {
    List<String> usages = leaf.getExtendedKeyUsage();
    return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_USAGE);
  }
}
