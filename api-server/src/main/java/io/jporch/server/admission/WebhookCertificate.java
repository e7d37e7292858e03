package io.jporch.server.admission;

import io.jporch.server.standalone.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
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
 * The webhook's serving certificate and key (PEM, key in PKCS#8) and, when generated, the CA that
 * signed it: the {@code caBundle} kube-apiserver must trust. As Porch does, a fresh CA and serving
 * certificate for the Service's DNS names are generated at every start (valid one year) and written
 * to the certificate directory as {@code tls.crt}, {@code tls.key} and {@code ca.crt}; ECDSA P-256
 * instead of Porch's RSA 4096 (kube-apiserver accepts both; generation takes milliseconds).
 *
 * @param certificatePem the serving certificate
 * @param privateKeyPem its key
 * @param caPem the CA to publish as caBundle; null when the certificate came from files
 */
public record WebhookCertificate(String certificatePem, String privateKeyPem, String caPem) {
  static final String CERT_FILE = "tls.crt";
  static final String KEY_FILE = "tls.key";
  static final String CA_FILE = "ca.crt";
  private static final Duration VALIDITY = Duration.ofDays(365);

  /**
   * Generates a CA and a serving certificate for {@code dnsNames} and stores them in {@code dir}.
   */
  public static WebhookCertificate generate(Path dir, List<String> dnsNames) {
    try {
      SecureRandom random = new SecureRandom();
      KeyPair caKey = keyPair(random);
      X500Name caName = new X500Name("CN=jporch-webhook-ca,O=jporch");
      Instant now = Instant.now();
      X509v3CertificateBuilder ca =
          new JcaX509v3CertificateBuilder(
              caName, serial(random), notBefore(now), notAfter(now), caName, caKey.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      ca.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate caCert = sign(ca, caKey.getPrivate());

      KeyPair serverKey = keyPair(random);
      X509v3CertificateBuilder server =
          new JcaX509v3CertificateBuilder(
              caName,
              serial(random),
              notBefore(now),
              notAfter(now),
              new X500Name("CN=" + dnsNames.get(0) + ",O=jporch"),
              serverKey.getPublic());
      server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      server.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      server.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              dnsNames.stream()
                  .map(n -> new GeneralName(GeneralName.dNSName, n))
                  .toArray(GeneralName[]::new)));
      X509Certificate serverCert = sign(server, caKey.getPrivate());

      WebhookCertificate generated =
          new WebhookCertificate(
              pem("CERTIFICATE", serverCert.getEncoded()),
              pem("PRIVATE KEY", serverKey.getPrivate().getEncoded()),
              pem("CERTIFICATE", caCert.getEncoded()));
      Files.createDirectories(dir);
      SecureFiles.writePrivate(dir.resolve(KEY_FILE), generated.privateKeyPem());
      SecureFiles.write(
          dir.resolve(CERT_FILE), generated.certificatePem().getBytes(StandardCharsets.UTF_8));
      SecureFiles.write(dir.resolve(CA_FILE), generated.caPem().getBytes(StandardCharsets.UTF_8));
      return generated;
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the webhook certificate", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the webhook certificate to " + dir, e);
    }
  }

  /** Reads {@code tls.crt} and {@code tls.key} that another party keeps in {@code dir}. */
  public static WebhookCertificate load(Path dir) {
    try {
      return new WebhookCertificate(
          Files.readString(dir.resolve(CERT_FILE)), Files.readString(dir.resolve(KEY_FILE)), null);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the webhook certificate (" + CERT_FILE + ", " + KEY_FILE + ") in " + dir, e);
    }
  }

  private static KeyPair keyPair(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(64, random).abs().add(BigInteger.ONE);
  }

  private static Date notBefore(Instant now) {
    return Date.from(now.minus(Duration.ofHours(1)));
  }

  private static Date notAfter(Instant now) {
    return Date.from(now.plus(VALIDITY));
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
