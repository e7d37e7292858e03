package io.jporch.core.api;

/** Group and version names of the APIs jporch serves. */
public final class ApiGroups {
  public static final String PORCH_GROUP = "porch.kpt.dev";
  public static final String PORCH_VERSION = "v1alpha1";
  public static final String PORCH_API_VERSION = PORCH_GROUP + "/" + PORCH_VERSION;
  public static final String CONFIG_GROUP = "config.porch.kpt.dev";
  public static final String CONFIG_VERSION = "v1alpha1";
  public static final String CONFIG_API_VERSION = CONFIG_GROUP + "/" + CONFIG_VERSION;

  /** Label Porch synthesises on the latest published revision of a package. */
  public static final String LATEST_REVISION_LABEL = "kpt.dev/latest-revision";

  /** Annotation asking Porch to persist resources even if rendering fails. */
  public static final String PUSH_ON_RENDER_FAILURE = "porch.kpt.dev/push-on-render-failure";

  private ApiGroups() {}
}
