package io.jporch.server.rest.selector;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.repository.LabelSelector;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.util.Names;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which package revisions a list or watch of packagerevisions (or packagerevisionresources) asks
 * for: a namespace (null for all) and a filter. Port of {@code parsePackageRevisionFieldSelector}
 * in pkg/registry/porch/fieldselector.go, with two deliberate differences: an unparsable {@code
 * metadata.name} matches nothing (Porch ignores it and returns everything), and a namespace that
 * conflicts with the URL is a 400 (Porch: 500).
 */
public record RevisionQuery(
    String namespace, PackageRevisionFilter filter, boolean matchesNothing) {
  private static final String PACKAGE_LABELS = "spec.packageMetadata.labels[";

  /** Builds the query from the URL namespace and the selectors of the request. */
  public static RevisionQuery parse(
      String urlNamespace, FieldSelector fields, LabelSelector labels) {
    Builder b = new Builder();
    for (FieldSelector.Requirement r : fields.requirements()) {
      if (r.operator() == FieldSelector.Operator.NOT_EQUALS) {
        throw new BadRequestException(
            null,
            "unsupported fieldSelector operator \""
                + r.operator()
                + "\" for field \""
                + r.field()
                + "\"");
      }
      if (r.value().isEmpty()) {
        throw new BadRequestException(
            null,
            "unsupported fieldSelector value \"\" for field \""
                + r.field()
                + "\" with operator \""
                + r.operator()
                + "\"");
      }
      b.apply(r.field(), r.value());
    }
    String namespace = urlNamespace;
    if (namespace != null && !namespace.isEmpty()) {
      if (b.namespace != null && !b.namespace.equals(namespace)) {
        throw new BadRequestException(
            null,
            "conflicting namespaces specified: \"" + namespace + "\" and \"" + b.namespace + "\"");
      }
    } else {
      namespace = b.namespace;
    }
    PackageRevisionFilter filter =
        new PackageRevisionFilter(
            b.repository,
            b.parentPath,
            b.packageName,
            b.workspace,
            b.revision,
            b.lifecycles,
            b.kptfileLabels,
            labels);
    return new RevisionQuery(emptyToNull(namespace), filter, b.nothing);
  }

  /** Porch's {@code Revision2Int}: optional leading {@code v}, then an integer; else -1. */
  static int revisionNumber(String text) {
    String s = text.startsWith("v") ? text.substring(1) : text;
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static final class Builder {
    String namespace;
    String repository;
    String parentPath;
    String packageName;
    String workspace;
    int revision;
    boolean nothing;
    final Set<Lifecycle> lifecycles = new LinkedHashSet<>();
    final Map<String, String> kptfileLabels = new HashMap<>();

    void apply(String field, String value) {
      if (field.startsWith(PACKAGE_LABELS) && field.endsWith("]")) {
        String key = field.substring(PACKAGE_LABELS.length(), field.length() - 1);
        if (key.isEmpty()) {
          throw new BadRequestException(
              null, "label key cannot be empty in field selector \"" + field + "\"");
        }
        kptfileLabels.put(key, value);
        return;
      }
      switch (field) {
        case "metadata.name" -> name(value);
        case "metadata.namespace" -> namespace = value;
        case "spec.revision" -> revision = revisionNumber(value);
        case "spec.packageName" -> packageName(value);
        case "spec.repository" -> repository = value;
        case "spec.workspaceName" -> workspace = value;
        case "spec.lifecycle" ->
            lifecycles.add(
                Lifecycle.parse(value)
                    .orElseThrow(
                        () ->
                            new BadRequestException(
                                null,
                                "unsupported fieldSelector value \""
                                    + value
                                    + "\" for field \"spec.lifecycle\"")));
        default ->
            throw new BadRequestException(null, "unknown fieldSelector field \"" + field + "\"");
      }
    }

    private void name(String value) {
      Optional<Names.ParsedName> parsed = Names.parsePackageRevisionName(value);
      if (parsed.isEmpty()) {
        nothing = true;
        return;
      }
      Names.ParsedName n = parsed.get();
      repository = n.repository();
      packageName(n.packagePath());
      workspace = n.workspace();
    }

    private void packageName(String full) {
      int i = full.lastIndexOf('/');
      if (i < 0) {
        packageName = full;
      } else {
        packageName = full.substring(i + 1);
        parentPath = full.substring(0, i);
      }
    }
  }
}
