package io.jporch.server.rest.porch;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevision;
import io.jporch.core.error.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * Update strategy of the {@code packagerevisions/approval} subresource: only lifecycle transitions
 * that need approval. Port of {@code packageRevisionApprovalStrategy} in
 * pkg/registry/porch/packagerevision_approval.go.
 */
final class ApprovalStrategy implements RevisionStrategy {

  @Override
  public PackageRevision prepareForUpdate(PackageRevision requested, PackageRevision old) {
    return requested;
  }

  @Override
  public List<FieldError> validateUpdate(
      PackageRevision requested, PackageRevision old, String raw) {
    List<FieldError> errors = new ArrayList<>();
    Lifecycle oldLifecycle = PackageRevisionStrategy.lifecycle(old);
    String oldValue = PackageRevisionStrategy.oldValue(oldLifecycle);
    if (oldLifecycle == Lifecycle.PUBLISHED) {
      if (!raw.equals(Lifecycle.DELETION_PROPOSED.value())) {
        errors.add(
            FieldError.invalid(
                "spec.lifecycle",
                oldValue,
                "package with Published lifecycle value can only be updated to 'ProposeDeletion'"));
      }
    } else if (oldLifecycle == Lifecycle.DELETION_PROPOSED) {
      if (!raw.equals(Lifecycle.PUBLISHED.value())) {
        errors.add(
            FieldError.invalid(
                "spec.lifecycle",
                oldValue,
                "package with DeletionProposed lifecycle value can only be updated to 'Published'"));
      }
    } else if (oldLifecycle != Lifecycle.PROPOSED) {
      errors.add(
          FieldError.invalid(
              "spec.lifecycle",
              oldValue,
              "cannot approve package with "
                  + oldValue
                  + " lifecycle value; only Proposed packages can be approved"));
    }
    if (raw.equals(Lifecycle.DELETION_PROPOSED.value())) {
      if (oldLifecycle != Lifecycle.PUBLISHED) {
        errors.add(
            FieldError.invalid(
                "spec.lifecycle",
                raw,
                "cannot update lifecycle DeletionProposed; only Published packages require approval for deletion"));
      }
    } else if (!raw.equals(Lifecycle.DRAFT.value()) && !raw.equals(Lifecycle.PUBLISHED.value())) {
      errors.add(
          FieldError.invalid(
              "spec.lifecycle", raw, "value for approval can be only one of Draft,Published"));
    }
    return errors;
  }

  @Override
  public PackageRevision canonicalize(PackageRevision requested) {
    return requested;
  }
}
