package io.jporch.git.internal;

import org.eclipse.jgit.transport.Transport;

/**
 * Prepares a JGit transport before each fetch or push: the hook through which credentials (Porch's
 * Secret-based resolver, §3 of the storage reference) will be added.
 */
@FunctionalInterface
public interface TransportConfigurer {
  /** No credentials: anonymous access. */
  TransportConfigurer ANONYMOUS = (transport, url) -> {};

  /**
   * Configures {@code transport} (credentials provider, TLS settings) for the remote {@code url}.
   */
  void configure(Transport transport, String url);
}
