package io.jporch.core.secret;

import java.util.Optional;

/**
 * Read access to core/v1 Secrets, for resolving repository credentials. Standalone mode serves and
 * stores Secrets itself (the api-server implements this on its data directory); cluster mode would
 * read them from Kubernetes.
 *
 * <p>Implementations are thread-safe and cheap enough to be asked before every remote Git
 * operation: that is how an edited Secret takes effect without a restart.
 */
@FunctionalInterface
public interface SecretStore {
  /** No Secrets at all. */
  SecretStore EMPTY = (namespace, name) -> Optional.empty();

  /** The Secret {@code namespace/name}, if it exists. */
  Optional<Secret> get(String namespace, String name);
}
