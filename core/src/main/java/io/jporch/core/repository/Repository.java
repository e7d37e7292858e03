package io.jporch.core.repository;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.context.RequestContext;
import java.util.List;

/**
 * A registered repository of packages. Implemented by the Git adapter and, on top of it, by the
 * cache. Port of Porch's {@code repository.Repository}.
 *
 * <p>All methods may block on I/O; callers run them off the event loop. Failures are {@link
 * io.jporch.core.error.PorchException}s.
 */
public interface Repository extends AutoCloseable {
  RepositoryKey key();

  /** Every package revision matching the filter. */
  List<PackageRevision> listPackageRevisions(RequestContext ctx, PackageRevisionFilter filter);

  /** Starts a new revision (revision 0, lifecycle Draft); nothing is persisted yet. */
  PackageRevisionDraft createPackageRevisionDraft(RequestContext ctx, PackageRevisionKey key);

  /** Opens an existing Draft or Proposed revision for change. */
  PackageRevisionDraft openPackageRevisionDraft(RequestContext ctx, PackageRevision revision);

  /**
   * Persists the draft with the lifecycle set on it. {@code version} is the revision number to
   * publish with when that lifecycle is Published; the cache passes the number it chose, callers
   * above the cache pass 0.
   */
  PackageRevision closePackageRevisionDraft(
      RequestContext ctx, PackageRevisionDraft draft, int version);

  /** Switches a published revision between Published and DeletionProposed. */
  PackageRevision updateLifecycle(
      RequestContext ctx, PackageRevision revision, Lifecycle lifecycle);

  /** Removes the revision from storage (branch, tag or placeholder directory). */
  void deletePackageRevision(RequestContext ctx, PackageRevision revision);

  /** Changes whenever the repository content changes (refs). */
  String version(RequestContext ctx);

  /** Re-reads the remote. */
  void refresh(RequestContext ctx);

  /** Head commit of the registered branch, empty if none. */
  String branchCommitHash(RequestContext ctx);

  /**
   * The highest revision number {@code pkg} was ever published with according to the repository's
   * history, including revisions deleted since (their numbers are never given out again); 0 if
   * none, or if the repository keeps no such history.
   */
  default int highestRevisionEverPublished(RequestContext ctx, PackageKey pkg) {
    return 0;
  }

  /** Releases local resources; local copies (such as a cache clone) stay for the next start. */
  @Override
  void close();

  /**
   * Releases local resources and removes local copies of the repository (it was unregistered). The
   * remote is untouched.
   */
  default void closeAndRemoveLocalCopy() {
    close();
  }
}
