package io.jporch.core.repository;

import io.jporch.core.api.Lifecycle;
import java.util.Map;
import java.util.Set;

/**
 * Which package revisions a list wants. Null or empty fields match everything; {@code revision} 0
 * matches every revision. {@code packageName} is the last path segment and {@code
 * packageParentPath} the path before it (null: any path). Port of {@code
 * ListPackageRevisionFilter}.
 */
public record PackageRevisionFilter(
    String repository,
    String packageParentPath,
    String packageName,
    String workspace,
    int revision,
    Set<Lifecycle> lifecycles,
    Map<String, String> kptfileLabels,
    LabelSelector labels) {
  public static final PackageRevisionFilter ALL =
      new PackageRevisionFilter(null, null, null, null, 0, Set.of(), Map.of(), null);

  public PackageRevisionFilter {
    lifecycles = lifecycles == null ? Set.of() : Set.copyOf(lifecycles);
    kptfileLabels = kptfileLabels == null ? Map.of() : Map.copyOf(kptfileLabels);
    labels = labels == null ? LabelSelector.EVERYTHING : labels;
  }

  /** Only the revisions of one package path (e.g. {@code network/istio}). */
  public static PackageRevisionFilter forPackagePath(String path) {
    int i = path.lastIndexOf('/');
    String parent = i < 0 ? "" : path.substring(0, i);
    String name = i < 0 ? path : path.substring(i + 1);
    return new PackageRevisionFilter(null, parent, name, null, 0, Set.of(), Map.of(), null);
  }

  /** True if the key satisfies the key-level parts of this filter. */
  public boolean matchesKey(PackageRevisionKey key) {
    if (notEmpty(repository) && !repository.equals(key.repository().name())) {
      return false;
    }
    if (packageParentPath != null && !packageParentPath.equals(key.packageKey().parentPath())) {
      return false;
    }
    if (notEmpty(packageName) && !packageName.equals(key.packageKey().name())) {
      return false;
    }
    if (notEmpty(workspace) && !workspace.equals(key.workspace())) {
      return false;
    }
    return revision == 0 || revision == key.revision();
  }

  /** True if the revision satisfies every part of this filter. */
  public boolean matches(PackageRevision revision) {
    if (!matchesKey(revision.key())) {
      return false;
    }
    if (!lifecycles.isEmpty() && !lifecycles.contains(revision.lifecycle())) {
      return false;
    }
    io.jporch.core.api.PackageRevision api = null;
    if (!kptfileLabels.isEmpty()) {
      api = revision.toApiObject();
      var pm = api.spec().packageMetadata();
      Map<String, String> have = pm == null || pm.labels() == null ? Map.of() : pm.labels();
      for (var e : kptfileLabels.entrySet()) {
        if (!e.getValue().equals(have.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (labels != LabelSelector.EVERYTHING) {
      api = api == null ? revision.toApiObject() : api;
      return labels.matches(api.metadata().labelsOrEmpty());
    }
    return true;
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
