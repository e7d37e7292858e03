package io.jporch.server.auth;

import java.nio.file.Path;

/**
 * Authentication and authorization settings of the standalone server.
 *
 * @param tokenAuthFile static tokens ({@code --token-auth-file}), or null
 * @param clientCaFile CAs verifying client certificates ({@code --client-ca-file}), or null
 * @param anonymous whether requests without credentials are served as {@code system:anonymous}
 *     ({@code --anonymous-auth})
 * @param policyFile the authorization policy ({@code --authorization-policy-file}), or null: every
 *     authenticated user may do anything
 */
public record AuthOptions(
    Path tokenAuthFile, Path clientCaFile, boolean anonymous, Path policyFile) {
  /** The generated token only, no anonymous access, no policy. */
  public static final AuthOptions DEFAULTS = new AuthOptions(null, null, false, null);

  /** The authenticator these settings describe, around the server's generated token. */
  public Authenticator authenticator(BearerToken token) {
    return new Authenticator(
        token,
        tokenAuthFile == null ? TokenFile.EMPTY : TokenFile.load(tokenAuthFile),
        clientCaFile == null ? null : ClientCertificates.load(clientCaFile),
        anonymous);
  }

  /** The authorizer these settings describe. */
  public Authorizer authorizer() {
    return policyFile == null
        ? Authorizer.allowAuthenticated()
        : Authorizer.withPolicy(AuthorizationPolicy.load(policyFile));
  }
}
