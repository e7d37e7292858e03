package io.jporch.server.rest.porch;

import io.jporch.core.api.PackageRevision;
import io.jporch.core.error.FieldError;
import java.util.List;

/**
 * Update strategy of a PackageRevision endpoint: how the requested object is defaulted from the old
 * one, validated and canonicalised. Port of Porch's {@code SimpleRESTUpdateStrategy}.
 */
interface RevisionStrategy {
  /** Fills what the request leaves out from the current object. */
  PackageRevision prepareForUpdate(PackageRevision requested, PackageRevision old);

  /**
   * Field errors of the update. {@code rawLifecycle} is the {@code spec.lifecycle} text as sent
   * (possibly not one of the four values).
   */
  List<FieldError> validateUpdate(
      PackageRevision requested, PackageRevision old, String rawLifecycle);

  /** Normalises the object before it goes to the engine. */
  PackageRevision canonicalize(PackageRevision requested);
}
