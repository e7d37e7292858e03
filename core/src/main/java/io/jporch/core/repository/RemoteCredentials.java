package io.jporch.core.repository;

import java.util.Objects;

/**
 * Everything a Git adapter needs to reach one repository's remote: the credential, an optional PEM
 * bundle of CA certificates to trust for HTTPS, where they came from, and a version.
 *
 * @param credential how to authenticate
 * @param caBundle PEM certificates trusted for HTTPS to this remote in addition to the JDK's
 *     default trust store (as go-git adds Porch's CA bundle to the system pool), or null
 * @param source where the credential came from, for messages (e.g. {@code Secret default/git}); no
 *     secret values
 * @param version changes whenever any input changed (a Secret was created, edited or deleted), so
 *     an adapter can tell a fresh resolution from a repeat of the one that just failed
 */
public record RemoteCredentials(
    Credential credential, String caBundle, String source, String version) {
  /** Anonymous access with the JDK's trust store. */
  public static final RemoteCredentials ANONYMOUS =
      new RemoteCredentials(Credential.ANONYMOUS, null, "", "");

  public RemoteCredentials {
    Objects.requireNonNull(credential, "credential");
    source = Objects.requireNonNullElse(source, "");
    version = Objects.requireNonNullElse(version, "");
  }

  @Override
  public String toString() {
    return "RemoteCredentials["
        + credential
        + (caBundle == null ? "" : ", caBundle")
        + (source.isEmpty() ? "" : ", from " + source)
        + "]";
  }
}
