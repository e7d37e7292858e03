package io.jporch.server.openapi;

import io.jporch.server.rest.ResourceDescriptor;
import java.util.List;

/**
 * A served kind whose schema and paths the OpenAPI documents publish: the model record, a
 * description, and the resources (main resource first, then subresources) that serve it.
 */
public record ApiKind(Class<?> type, String description, List<ResourceDescriptor> resources) {
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
}
