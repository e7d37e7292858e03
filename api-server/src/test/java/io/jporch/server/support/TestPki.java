package io.jporch.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificate authorities and client certificates made with BouncyCastle: a CA issues client
 * certificates whose subject is {@code CN=<user>} with one {@code O=<group>} per group.
 */
public final class TestPki {
  private TestPki() {}

  /** A certificate with its private key. */
  public record Issued(X509Certificate certificate, KeyPair keys) {
    public String certificatePem() {
      try {
        return pem("CERTIFICATE", certificate.getEncoded());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    public String privateKeyPem() {
      return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    /** Writes {@code <base>.crt} and {@code <base>.key} and returns the certificate file. */
    public Path write(Path dir, String base) {
      try {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(base + ".key"), privateKeyPem());
        return Files.writeString(dir.resolve(base + ".crt"), certificatePem());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * A TLS client context presenting this certificate whatever issuers the server asks for (the
     * JDK, like Go, would otherwise withhold a certificate from an unrequested CA) and trusting
     * {@code serverCa}.
     */
    public SSLContext clientContext(X509Certificate serverCa) {
      try {
        char[] password = "changeit".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry(
            "client", keys.getPrivate(), password, new X509Certificate[] {certificate});
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", serverCa);
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new AlwaysPresenting(keys)}, tmf.getTrustManagers(), null);
        return context;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Chooses this certificate for every client handshake. */
  private static final class AlwaysPresenting extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager delegate;

    AlwaysPresenting(X509ExtendedKeyManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return "client";
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine e) {
      return "client";
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"client"};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return delegate.getPrivateKey(alias);
    }
  }

  /** A self-signed CA named {@code CN=<name>}. */
  public static Issued authority(String name) {
    KeyPair keys = keyPair();
    X500Name subject = new X500Name("CN=" + name);
    return sign(subject, keys, subject, keys, true, null, Duration.ofDays(1));
  }

  /** A client certificate for {@code user} in {@code groups}, issued by {@code ca}. */
  public static Issued client(Issued ca, String user, List<String> groups) {
    return client(ca, user, groups, KeyPurposeId.id_kp_clientAuth, Duration.ofDays(1));
  }

  /**
   * A certificate issued by {@code ca}; {@code usage} is its one extended key usage, {@code
   * validity} may be negative for an expired certificate.
   */
  public static Issued client(
      Issued ca, String user, List<String> groups, KeyPurposeId usage, Duration validity) {
    X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
    for (String group : groups) {
      name.addRDN(BCStyle.O, group);
    }
    if (user != null) {
      name.addRDN(BCStyle.CN, user);
    }
    X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    return sign(name.build(), keyPair(), issuer, ca.keys(), false, usage, validity);
  }

  private static Issued sign(
      X500Name subject,
      KeyPair keys,
      X500Name issuer,
      KeyPair issuerKeys,
      boolean ca,
      KeyPurposeId usage,
      Duration validity) {
    try {
      Instant now = Instant.now();
      Instant notAfter = now.plus(validity);
      Instant notBefore =
          validity.isNegative() ? notAfter.minus(Duration.ofDays(2)) : now.minusSeconds(3600);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
      }
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA")
                          .build(issuerKeys.getPrivate())));
      return new Issued(certificate, keys);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
