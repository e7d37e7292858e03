package io.jporch.testing.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed server certificate for {@code 127.0.0.1} and {@code localhost}, made with the JDK's
 * {@code keytool} (no extra library), for HTTPS test servers.
 *
 * @param keyStore PKCS#12 key store holding the key and certificate
 * @param password password of the key store and key
 * @param pem the certificate in PEM form, for clients to trust
 */
public record TestCertificate(Path keyStore, String password, String pem) {
  private static final String ALIAS = "server";

  /** Generates a new key pair and certificate in {@code directory} (created if needed). */
  public static TestCertificate generate(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path store = directory.resolve("server.p12");
    String password = "changeit";
    String keytool = keytool();
    Duration timeout = Duration.ofSeconds(60);
    GitProcesses.run(
        directory,
        timeout,
        keytool,
        "-genkeypair",
        "-alias",
        ALIAS,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "san=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        password,
        "-keypass",
        password);
    String pem =
        GitProcesses.run(
            directory,
            timeout,
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            ALIAS,
            "-keystore",
            store.toString(),
            "-storepass",
            password);
    return new TestCertificate(store, password, pem);
  }

  /** A server-side TLS context presenting this certificate. */
  public SSLContext serverContext() {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password.toCharArray());
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the test certificate", e);
    }
  }

  private static String keytool() {
    Path javaHome = Path.of(System.getProperty("java.home"));
    Path keytool = javaHome.resolve("bin").resolve("keytool");
    return Files.isExecutable(keytool) ? keytool.toString() : "keytool";
  }
}
