package io.jporch.server.rest.porch;

import io.jporch.core.api.ApiGroups;
import io.jporch.server.rest.ResourceDescriptor;
import java.util.List;

/** Discovery descriptors of the porch.kpt.dev/v1alpha1 resources (01-api §2.1). */
public final class PorchResources {
  public static final ResourceDescriptor PACKAGE_REVISIONS =
      new ResourceDescriptor(
          ApiGroups.PORCH_GROUP,
          ApiGroups.PORCH_VERSION,
          "packagerevisions",
          "packagerevision",
          "PackageRevision",
          true,
          List.of("create", "delete", "get", "list", "patch", "update", "watch"),
          List.of());

  public static final ResourceDescriptor APPROVAL =
      new ResourceDescriptor(
          ApiGroups.PORCH_GROUP,
          ApiGroups.PORCH_VERSION,
          "packagerevisions/approval",
          "",
          "PackageRevision",
          true,
          List.of("get", "patch", "update"),
          List.of());

  public static final ResourceDescriptor PACKAGE_REVISION_RESOURCES =
      new ResourceDescriptor(
          ApiGroups.PORCH_GROUP,
          ApiGroups.PORCH_VERSION,
          "packagerevisionresources",
          "packagerevisionresources",
          "PackageRevisionResources",
          true,
          List.of("get", "list", "patch", "update"),
          List.of());

  public static final ResourceDescriptor PACKAGES =
      new ResourceDescriptor(
          ApiGroups.PORCH_GROUP,
          ApiGroups.PORCH_VERSION,
          "packages",
          "package",
          "PorchPackage",
          true,
          List.of("create", "delete", "get", "list", "patch", "update"),
          List.of());

  private PorchResources() {}
}
