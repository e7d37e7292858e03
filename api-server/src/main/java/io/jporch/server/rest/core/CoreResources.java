package io.jporch.server.rest.core;

import io.jporch.server.rest.ResourceDescriptor;
import java.util.List;

/**
 * Discovery descriptors of the core/v1 resources jporch serves in standalone mode (where no
 * kube-apiserver holds them): Secrets, for repository credentials.
 */
public final class CoreResources {
  /** The core group is the empty string; its URLs live under {@code /api/v1}. */
  public static final String CORE_GROUP = "";

  public static final String CORE_VERSION = "v1";

  public static final ResourceDescriptor SECRETS =
      new ResourceDescriptor(
          CORE_GROUP,
          CORE_VERSION,
          "secrets",
          "secret",
          "Secret",
          true,
          List.of("create", "delete", "get", "list", "patch", "update"),
          List.of());

  private CoreResources() {}
}
