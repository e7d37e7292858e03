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
 * in pkg/registry/porch/fieldselector.go, with three deliberate differences (docs/compatibility.md
 * row 27): an unparsable {@code metadata.name} matches nothing (Porch ignores it and returns
 * everything), {@code metadata.name} selects exactly that object (Porch: a name without package
 * path also matches the package at other paths), and a namespace that conflicts with the URL is a
 * 400 (Porch: 500). {@link #matches} evaluates the whole query on API objects, for lists and for
 * watch events before and after a change.
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

  /**
   * The filter for listing repositories: the key-level and lifecycle parts only. Labels (of the
   * object and of the Kptfile) are checked on the API object with {@link #matches}, which the list
   * renders anyway.
   */
  public PackageRevisionFilter listFilter() {
    return new PackageRevisionFilter(
        filter.repository(),
        filter.packageParentPath(),
        filter.packageName(),
        filter.workspace(),
        filter.revision(),
        filter.lifecycles(),
        Map.of(),
        null);
  }

  /**
   * True if the API object satisfies the whole query: namespace, every field selector and the label
   * selector. Used on list results and on every watch event (before and after a change).
   */
  public boolean matches(io.jporch.core.api.PackageRevision object) {
    if (matchesNothing || object == null || object.metadata() == null) {
      return false;
    }
    if (namespace != null && !namespace.equals(object.metadata().namespace())) {
      return false;
    }
    var spec = object.spec();
    if (spec == null) {
      return false;
    }
    if (notEmpty(filter.repository()) && !filter.repository().equals(spec.repository())) {
      return false;
    }
    String path = spec.packageName() == null ? "" : spec.packageName();
    int slash = path.lastIndexOf('/');
    String parent = slash < 0 ? "" : path.substring(0, slash);
    String name = slash < 0 ? path : path.substring(slash + 1);
    if (filter.packageParentPath() != null && !filter.packageParentPath().equals(parent)) {
      return false;
    }
    if (notEmpty(filter.packageName()) && !filter.packageName().equals(name)) {
      return false;
    }
    if (notEmpty(filter.workspace()) && !filter.workspace().equals(spec.workspaceName())) {
      return false;
    }
    if (filter.revision() != 0 && filter.revision() != spec.revision()) {
      return false;
    }
    if (!filter.lifecycles().isEmpty()) {
      Lifecycle lifecycle = spec.lifecycle() == null ? Lifecycle.DRAFT : spec.lifecycle();
      if (!filter.lifecycles().contains(lifecycle)) {
        return false;
      }
    }
    if (!filter.kptfileLabels().isEmpty()) {
      var pm = spec.packageMetadata();
      Map<String, String> have = pm == null || pm.labels() == null ? Map.of() : pm.labels();
      for (var e : filter.kptfileLabels().entrySet()) {
        if (!e.getValue().equals(have.get(e.getKey()))) {
          return false;
        }
      }
    }
    return filter.labels().matches(object.metadata().labelsOrEmpty());
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
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
            throw new BadRequestException(null, "\"" + field + "\" is not a known field selector");
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
      if (parentPath == null) {
        parentPath = ""; // a name selects its own package, not same-named ones at other paths
      }
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
