package io.jporch.core.error;

/** Identifies the object a failure is about, for the Status details (group, kind, name). */
public record ResourceRef(String group, String resource, String kind, String name) {
  /** {@code <resource>.<group>}, as Kubernetes messages spell a resource. */
  public String qualifiedResource() {
    return group == null || group.isEmpty() ? resource : resource + "." + group;
  }

  public static ResourceRef packageRevision(String name) {
    return new ResourceRef("porch.kpt.dev", "packagerevisions", "PackageRevision", name);
  }

  public static ResourceRef packageRevisionResources(String name) {
    return new ResourceRef(
        "porch.kpt.dev", "packagerevisionresources", "PackageRevisionResources", name);
  }

  public static ResourceRef repository(String name) {
    return new ResourceRef("config.porch.kpt.dev", "repositories", "Repository", name);
  }

  public static ResourceRef packages(String name) {
    return new ResourceRef("porch.kpt.dev", "packages", "PorchPackage", name);
  }
}
