package io.jporch.cache.internal;

import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A revision as the cache serves it: the adapter's revision plus the metadata kept in the {@link
 * io.jporch.core.cache.MetadataStore} and the latest-revision flag of the snapshot it belongs to.
 * Port of {@code pkg/cache/crcache/packagerevision.go}.
 */
public final class CachedPackageRevision implements PackageRevision {
  private final CachedRepository repository;
  private final PackageRevision delegate;
  private final boolean latest;
  private final ObjectMeta frozenMetadata;

  CachedPackageRevision(
      CachedRepository repository,
      PackageRevision delegate,
      boolean latest,
      ObjectMeta frozenMetadata) {
    this.repository = repository;
    this.delegate = delegate;
    this.latest = latest;
    this.frozenMetadata = frozenMetadata;
  }

  /** The adapter's revision. */
  public PackageRevision delegate() {
    return delegate;
  }

  /** The object name, {@code <repo>.<dotted path>.<workspace>}. */
  public String objectName() {
    return delegate.key().objectName();
  }

  String namespace() {
    return delegate.key().repository().namespace();
  }

  /** A copy that keeps the current metadata when the stored one is removed (for DELETED). */
  CachedPackageRevision frozen() {
    return new CachedPackageRevision(repository, delegate, latest, metadata());
  }

  /** A copy that renders with {@code metadata} (announcing a metadata change before storing it). */
  CachedPackageRevision withFrozenMetadata(ObjectMeta metadata) {
    return new CachedPackageRevision(repository, delegate, latest, metadata);
  }

  @Override
  public PackageRevisionKey key() {
    return delegate.key();
  }

  @Override
  public Lifecycle lifecycle() {
    return delegate.lifecycle();
  }

  @Override
  public String resourceVersion() {
    return delegate.resourceVersion();
  }

  @Override
  public Map<String, String> resources() {
    return delegate.resources();
  }

  @Override
  public ObjectMeta metadata() {
    if (frozenMetadata != null) {
      return frozenMetadata;
    }
    return repository.storedMetadata(this);
  }

  @Override
  public void setMetadata(RequestContext ctx, ObjectMeta metadata) {
    repository.setMetadata(ctx, this, metadata);
  }

  @Override
  public boolean isLatestRevision() {
    return latest;
  }

  @Override
  public io.jporch.core.api.PackageRevision toApiObject() {
    io.jporch.core.api.PackageRevision api = delegate.toApiObject();
    ObjectMeta stored = metadata();
    ObjectMeta base =
        api.metadata() == null ? ObjectMeta.named(namespace(), objectName()) : api.metadata();
    Map<String, String> labels = new LinkedHashMap<>(stored.labelsOrEmpty());
    labels.remove(ApiGroups.LATEST_REVISION_LABEL);
    if (latest) {
      labels.put(ApiGroups.LATEST_REVISION_LABEL, "true");
    }
    ObjectMeta merged =
        base.withLabels(labels.isEmpty() ? null : labels)
            .withAnnotations(emptyToNull(stored.annotations()))
            .withFinalizers(emptyToNull(stored.finalizers()))
            .withOwnerReferences(emptyToNull(stored.ownerReferences()))
            .withManagedFields(emptyToNull(stored.managedFields()))
            .withDeletionTimestamp(stored.deletionTimestamp());
    if (stored.creationTimestamp() != null) {
      merged = merged.withCreationTimestamp(stored.creationTimestamp());
    }
    if (merged.generation() == null) {
      // Porch does not maintain generation; jporch reports 1 (docs/compatibility.md).
      merged = merged.withGeneration(1L);
    }
    return api.withMetadata(merged);
  }

  private static <K, V> Map<K, V> emptyToNull(Map<K, V> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  private static <T> List<T> emptyToNull(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }

  @Override
  public String toString() {
    return "CachedPackageRevision[" + objectName() + ", " + lifecycle() + "]";
  }
}
