package io.jporch.server.rest.config;

import io.jporch.core.api.ApiGroups;
import io.jporch.server.rest.Patches;
import io.jporch.server.rest.ResourceDescriptor;
import java.util.List;

/**
 * Discovery descriptors of the config.porch.kpt.dev/v1alpha1 resources jporch serves (01-api §3.1).
 */
public final class ConfigResources {
  public static final ResourceDescriptor REPOSITORIES =
      new ResourceDescriptor(
          ApiGroups.CONFIG_GROUP,
          ApiGroups.CONFIG_VERSION,
          "repositories",
          "repository",
          "Repository",
          true,
          List.of("create", "delete", "get", "list", "patch", "update", "watch"),
          List.of("repo"));

  public static final ResourceDescriptor REPOSITORY_STATUS =
      new ResourceDescriptor(
          ApiGroups.CONFIG_GROUP,
          ApiGroups.CONFIG_VERSION,
          "repositories/status",
          "",
          "Repository",
          true,
          List.of("get", "patch", "update"),
          List.of());

  /**
   * PATCH types of custom resources: kube-apiserver does not accept strategic merge patch for CRDs
   * (415), and Repository is one in Porch.
   */
  public static final List<String> PATCH_TYPES =
      List.of(Patches.JSON_PATCH, Patches.MERGE_PATCH, Patches.APPLY_PATCH);

  private ConfigResources() {}
}
