package io.jporch.core.api.meta;

import java.util.List;

/** A Kubernetes list object: {@code <Kind>List} with items. */
public record KubeList<T>(String apiVersion, String kind, ListMeta metadata, List<T> items) {
  public static <T> KubeList<T> of(String apiVersion, String kind, List<T> items) {
    return new KubeList<>(apiVersion, kind, ListMeta.EMPTY, List.copyOf(items));
  }
}
