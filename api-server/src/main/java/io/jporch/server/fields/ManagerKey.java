package io.jporch.server.fields;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identity of a field manager entry, as kube-apiserver builds it ({@code BuildManagerIdentifier}):
 * manager name, operation, subresource, and for {@code Update} the API version (appliers keep one
 * identity whatever version they apply through).
 */
record ManagerKey(String manager, String operation, String apiVersion, String subresource)
    implements Comparable<ManagerKey> {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";
  private static final Comparator<String> NULLS = Comparator.nullsFirst(Comparator.naturalOrder());
  private static final Comparator<ManagerKey> ORDER =
      Comparator.comparing(ManagerKey::manager, NULLS)
          .thenComparing(ManagerKey::operation, NULLS)
          .thenComparing(ManagerKey::apiVersion, NULLS)
          .thenComparing(ManagerKey::subresource, NULLS);

  ManagerKey {
    subresource = subresource == null || subresource.isEmpty() ? null : subresource;
    apiVersion = APPLY.equals(operation) ? null : apiVersion;
  }

  boolean isApply() {
    return APPLY.equals(operation);
  }

  /**
   * How kube-apiserver names a manager in conflict messages: {@code "kubectl"}, {@code "x" with
   * subresource "status"}, {@code "kubectl-edit" using porch.kpt.dev/v1alpha1}.
   */
  String describe() {
    String text = JsonValues.quote(manager);
    if (subresource != null) {
      text += " with subresource " + JsonValues.quote(subresource);
    }
    if (UPDATE.equals(operation)) {
      text += " using " + Objects.requireNonNullElse(apiVersion, "");
    }
    return text;
  }

  @Override
  public int compareTo(ManagerKey other) {
    return ORDER.compare(this, other);
  }
}
