package io.jporch.server.support;

/** JSON bodies used by the API-layer tests. */
public final class Manifests {
  public static final String PORCH = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/";
  public static final String CONFIG = "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/";

  private Manifests() {}

  /** A git Repository in namespace default. */
  public static String repository(String name, String url) {
    return """
        {"apiVersion":"config.porch.kpt.dev/v1alpha1","kind":"Repository",
         "metadata":{"name":"%s","namespace":"default"},
         "spec":{"type":"git","git":{"repo":"%s"}}}"""
        .formatted(name, url);
  }

  /** A PackageRevision creating a package with an init task. */
  public static String packageRevision(String repository, String packageName, String workspace) {
    return """
        {"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision",
         "metadata":{"namespace":"default"},
         "spec":{"packageName":"%s","repository":"%s","workspaceName":"%s",
                 "tasks":[{"type":"init","init":{"description":"test package"}}]}}"""
        .formatted(packageName, repository, workspace);
  }
}
