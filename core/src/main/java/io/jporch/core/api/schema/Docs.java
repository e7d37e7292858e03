package io.jporch.core.api.schema;

/** The standard Kubernetes field descriptions the model records share (from apimachinery). */
public final class Docs {
  /** {@code apiVersion} of TypeMeta. */
  public static final String API_VERSION =
      "APIVersion defines the versioned schema of this representation of an object. Servers should"
          + " convert recognized schemas to the latest internal value, and may reject unrecognized"
          + " values. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";

  /** {@code kind} of TypeMeta. */
  public static final String KIND =
      "Kind is a string value representing the REST resource this object represents. Servers may"
          + " infer this from the endpoint the client submits requests to. Cannot be updated. In"
          + " CamelCase. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

  /** {@code metadata} of a custom resource, as kube-apiserver publishes it for CRDs. */
  public static final String OBJECT_METADATA =
      "Standard object's metadata. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  private Docs() {}
}
