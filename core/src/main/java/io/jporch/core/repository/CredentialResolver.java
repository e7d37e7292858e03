package io.jporch.core.repository;

import io.jporch.core.context.RequestContext;

/**
 * Resolves the credentials of a registered repository from its {@code spec.git.secretRef} (and the
 * CA bundle of its namespace). Port of Porch's {@code repository.CredentialResolver} and its
 * resolver chain ({@code pkg/registry/porch/secret.go}).
 *
 * <p>Adapters ask before every remote operation, so an edited Secret takes effect at the next fetch
 * or push; implementations must therefore be cheap and thread-safe. A failure is a {@link
 * io.jporch.core.error.PorchException} whose message names the Secret and the problem, never a
 * secret value.
 */
@FunctionalInterface
public interface CredentialResolver {
  /** Always anonymous access: for tests and for servers without Secrets. */
  CredentialResolver ANONYMOUS = (ctx, repository) -> RemoteCredentials.ANONYMOUS;

  /** The credentials for {@code repository}; anonymous when it names no Secret. */
  RemoteCredentials resolve(RequestContext ctx, io.jporch.core.api.config.Repository repository);
}
