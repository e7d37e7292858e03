package io.jporch.server.openapi;

import io.jporch.server.rest.ResourceDescriptor;
import java.util.List;

/**
 * A served kind whose schema and paths the OpenAPI documents publish: the model record, the
 * description of its list kind, whether it is published like a CustomResourceDefinition (one
 * definition with nested objects inline, as kube-apiserver publishes Porch's Repository CRD) or
 * like an aggregated API type (one named definition per Go type), and the resources (main resource
 * first, then subresources) that serve it.
 */
public record ApiKind(
    Class<?> type,
    String listDescription,
    boolean customResource,
    List<ResourceDescriptor> resources) {
  public ApiKind {
    resources = List.copyOf(resources);
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("a kind needs at least its main resource");
    }
  }

  public String group() {
    return resources.get(0).group();
  }

  public String version() {
    return resources.get(0).version();
  }

  public String kind() {
    return resources.get(0).kind();
  }

  /** The main resource (not a subresource). */
  public ResourceDescriptor resource() {
    return resources.get(0);
  }

  /** {@code group/version}. */
  public String groupVersion() {
    return group() + "/" + version();
  }
}
