package io.jporch.server.e2e;

import io.jporch.server.support.ApiClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw HTTPS access to a {@link JporchProcess} with the credentials of the kubeconfig it wrote: the
 * server URL, the CA from {@code certificate-authority-data} and the bearer {@code token}.
 */
final class ApiHttp {
  static final String PACKAGEREVISIONS =
      "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";
  static final String RESOURCES =
      "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisionresources";
  private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server:\\s*(\\S+)\\s*$");
  private static final Pattern CA =
      Pattern.compile("(?m)^\\s*certificate-authority-data:\\s*(\\S+)\\s*$");
  private static final Pattern TOKEN = Pattern.compile("(?m)^\\s*token:\\s*(\\S+)\\s*$");

  private ApiHttp() {}

  /** A client for the server that wrote {@code kubeconfig}. */
  static ApiClient client(Path kubeconfig) {
    String text;
    try {
      text = Files.readString(kubeconfig, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] pem = Base64.getDecoder().decode(field(CA, text, kubeconfig));
    X509Certificate ca;
    try {
      ca =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(pem));
    } catch (CertificateException e) {
      throw new IllegalStateException("bad CA in " + kubeconfig, e);
    }
    return new ApiClient(field(SERVER, text, kubeconfig), ca, field(TOKEN, text, kubeconfig));
  }

  private static String field(Pattern pattern, String text, Path file) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException(pattern + " not found in " + file);
    }
    return m.group(1);
  }
}
