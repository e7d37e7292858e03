package io.jporch.server.rest.porch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageRevision;
import io.jporch.engine.DefaultCadEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Conversions between repository revisions and the porch.kpt.dev wire objects. */
final class ApiObjects {
  private ApiObjects() {}

  /**
   * The PackageRevisionResources of a revision: from its versioned API object {@code api} the name,
   * namespace, uid, resourceVersion, generation and creationTimestamp (no labels or annotations)
   * and its identity; the files from the revision.
   */
  static PackageRevisionResources resourcesOf(
      PackageRevision revision, io.jporch.core.api.PackageRevision api) {
    ObjectMeta m = api.metadata();
    ObjectMeta meta =
        ObjectMeta.named(m.namespace(), m.name())
            .withUid(m.uid())
            .withResourceVersion(m.resourceVersion())
            .withGeneration(m.generation() == null ? 1L : m.generation())
            .withCreationTimestamp(m.creationTimestamp());
    var spec = api.spec();
    Map<String, String> files = new TreeMap<>(revision.resources());
    return PackageRevisionResources.of(
        meta,
        new PackageRevisionResources.Spec(
            spec.packageName(), spec.workspaceName(), spec.revision(), spec.repository(), files),
        new PackageRevisionResources.Status(RenderStatus.EMPTY));
  }

  /**
   * Reads {@code spec.lifecycle} as sent. A value that is not one of the four lifecycles is removed
   * from the body (so that the body still decodes) and returned for the strategy to report as a
   * 422.
   */
  static String takeRawLifecycle(ObjectNode body) {
    JsonNode spec = body.get("spec");
    if (!(spec instanceof ObjectNode specObject)) {
      return "";
    }
    JsonNode value = specObject.get("lifecycle");
    if (value == null || value.isNull()) {
      return "";
    }
    String raw = value.asText();
    if (!raw.isEmpty() && Lifecycle.parse(raw).isEmpty()) {
      specObject.remove("lifecycle");
    }
    return raw;
  }

  /** {@code object} with another {@code metadata.resourceVersion}. */
  static io.jporch.core.api.PackageRevision withResourceVersion(
      io.jporch.core.api.PackageRevision object, String version) {
    return object.withMetadata(object.metadata().withResourceVersion(version));
  }

  /**
   * jporch's optimistic locking: a request carrying a resourceVersion must carry the current one
   * ({@code current}'s), else 409 Conflict; it is then rewritten to the storage's version ({@code
   * storage}, the Git commit the engine compares). A request without one is passed on unchanged
   * (the engine refuses it as Porch does).
   */
  static io.jporch.core.api.PackageRevision toStorageVersion(
      io.jporch.core.api.PackageRevision requested,
      io.jporch.core.api.PackageRevision current,
      String storage,
      ResourceRef ref) {
    String wanted = requested.metadata() == null ? null : requested.metadata().resourceVersion();
    if (wanted == null || wanted.isEmpty()) {
      return requested;
    }
    requireCurrent(wanted, current.metadata().resourceVersion(), ref);
    return withResourceVersion(requested, storage);
  }

  /** 409 Conflict unless {@code wanted} is the current resourceVersion. */
  static void requireCurrent(String wanted, String current, ResourceRef ref) {
    if (!wanted.equals(current)) {
      throw new ConflictException(ref, DefaultCadEngine.OPTIMISTIC_LOCK_MESSAGE);
    }
  }

  /** The object without the synthesised latest-revision label, which is never stored. */
  static io.jporch.core.api.PackageRevision withoutLatestLabel(
      io.jporch.core.api.PackageRevision object) {
    ObjectMeta meta = object.metadata();
    if (meta == null || !meta.labelsOrEmpty().containsKey(ApiGroups.LATEST_REVISION_LABEL)) {
      return object;
    }
    Map<String, String> labels = new LinkedHashMap<>(meta.labels());
    labels.remove(ApiGroups.LATEST_REVISION_LABEL);
    return object.withMetadata(meta.withLabels(labels.isEmpty() ? null : labels));
  }
}
