package io.jporch.core.repository;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import java.util.Map;

/**
 * A package revision as a repository (and the cache above it) sees it. Port of Porch's {@code
 * repository.PackageRevision}.
 */
public interface PackageRevision {
  PackageRevisionKey key();

  Lifecycle lifecycle();

  /** Opaque version of the content: the Git commit the revision's ref points at. */
  String resourceVersion();

  /**
   * The API object built from storage: spec from the key and the Kptfile, status with locks and
   * publish information, and metadata name/namespace/uid/resourceVersion/creationTimestamp plus
   * whatever {@link #metadata()} holds (labels, annotations, finalizers, ownerReferences).
   */
  io.jporch.core.api.PackageRevision toApiObject();

  /** The package files: path relative to the package root → content. */
  Map<String, String> resources();

  /**
   * Metadata not stored in Git (labels, annotations, finalizers, ownerReferences,
   * deletionTimestamp, creationTimestamp). A raw Git adapter holds it in memory; the cache persists
   * it.
   */
  ObjectMeta metadata();

  /** Replaces the metadata kept for this revision. */
  void setMetadata(RequestContext ctx, ObjectMeta metadata);

  /** True for the highest published revision of its package (computed by the cache). */
  default boolean isLatestRevision() {
    return false;
  }
}
