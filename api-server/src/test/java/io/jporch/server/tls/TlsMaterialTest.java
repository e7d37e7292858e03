package io.jporch.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
  @TempDir Path dir;

  @Test
  void generatesACaCertificateWithLoopbackNames() throws Exception {
    TlsMaterial tls = TlsMaterial.loadOrCreate(dir, List.of("127.0.0.1"));
    X509Certificate cert = tls.certificate();
    assertThat(cert.getBasicConstraints()).as("CA flag").isGreaterThanOrEqualTo(0);
    assertThat(sans(cert)).contains("localhost", "127.0.0.1");
    assertThat(tls.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.getPosixFilePermissions(dir.resolve("tls.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void isReusedUnlessANameIsMissing() throws Exception {
    TlsMaterial first = TlsMaterial.loadOrCreate(dir, List.of("0.0.0.0"));
    assertThat(TlsMaterial.loadOrCreate(dir, List.of("127.0.0.1"))).isEqualTo(first);
    TlsMaterial widened = TlsMaterial.loadOrCreate(dir, List.of("10.1.2.3"));
    assertThat(widened).isNotEqualTo(first);
    assertThat(sans(widened.certificate())).contains("10.1.2.3", "localhost");
  }

  private static List<String> sans(X509Certificate cert) throws Exception {
    List<String> names = new ArrayList<>();
    cert.getSubjectAlternativeNames().forEach(san -> names.add(String.valueOf(san.get(1))));
    return names;
  }
}
