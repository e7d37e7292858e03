package io.jporch.server.tls;

import io.jporch.server.standalone.SecureFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's self-signed TLS certificate and PKCS#8 key, both PEM. The certificate is its own CA
 * (clients trust it through the kubeconfig's {@code certificate-authority-data}) and names {@code
 * localhost}, {@code 127.0.0.1} and the bind address as subject alternative names. It is generated
 * once and kept in {@code <data-dir>/tls/}; a certificate that lacks a needed name or is about to
 * expire is replaced.
 */
public record TlsMaterial(String certificatePem, String privateKeyPem) {
  private static final String CERT_FILE = "tls.crt";
  private static final String KEY_FILE = "tls.key";
  private static final Duration VALIDITY = Duration.ofDays(3650);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** Loads the certificate from {@code dir}, or generates and stores a new one. */
  public static TlsMaterial loadOrCreate(Path dir, Collection<String> extraHosts) {
    Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
    extraHosts.stream().filter(TlsMaterial::isSpecificHost).forEach(hosts::add);
    Path certFile = dir.resolve(CERT_FILE);
    Path keyFile = dir.resolve(KEY_FILE);
    try {
      if (Files.isRegularFile(certFile) && Files.isRegularFile(keyFile)) {
        TlsMaterial existing =
            new TlsMaterial(Files.readString(certFile), Files.readString(keyFile));
        if (existing.covers(hosts)) {
          return existing;
        }
      }
      TlsMaterial created = generate(hosts);
      SecureFiles.writePrivate(keyFile, created.privateKeyPem());
      SecureFiles.write(certFile, created.certificatePem().getBytes(StandardCharsets.UTF_8));
      return created;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TLS material in " + dir, e);
    }
  }

  /** The parsed certificate. */
  public X509Certificate certificate() {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new IllegalStateException("stored TLS certificate cannot be parsed", e);
    }
  }

  private boolean covers(Set<String> hosts) {
    X509Certificate cert;
    try {
      cert = certificate();
    } catch (IllegalStateException e) {
      return false;
    }
    if (cert.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
      return false;
    }
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      Set<String> names = new LinkedHashSet<>();
      if (sans != null) {
        sans.forEach(san -> names.add(String.valueOf(san.get(1))));
      }
      return names.containsAll(hosts);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  private static boolean isSpecificHost(String host) {
    return host != null && !host.isBlank() && !host.equals("0.0.0.0") && !host.equals("::");
  }

  static TlsMaterial generate(Set<String> hosts) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair keyPair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=jporch-localhost,O=jporch");
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(VALIDITY)),
              subject,
              keyPair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hosts));
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
      return new TlsMaterial(
          pem("CERTIFICATE", cert.getEncoded()),
          pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate the TLS certificate", e);
    }
  }

  private static GeneralNames alternativeNames(Set<String> hosts) {
    List<GeneralName> names = new ArrayList<>();
    for (String host : hosts) {
      boolean ip = host.matches("[0-9.]+") || host.contains(":");
      if (ip) {
        try {
          names.add(
              new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress()));
        } catch (IOException e) {
          throw new IllegalArgumentException("not an IP address: " + host, e);
        }
      } else {
        names.add(new GeneralName(GeneralName.dNSName, host));
      }
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
