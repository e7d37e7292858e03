package io.jporch.server.rest.porch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevision;
import io.jporch.core.api.PackageRevisionSpec;
import io.jporch.core.error.FieldError;
import io.jporch.core.util.Json;
import io.jporch.core.util.Names;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Create and update strategy of the main packagerevisions resource. Port of {@code
 * packageRevisionStrategy} in pkg/registry/porch/strategy.go.
 */
final class PackageRevisionStrategy implements RevisionStrategy {
  static final String LATEST_LABEL_FIELD = "metadata.labels." + ApiGroups.LATEST_REVISION_LABEL;
  private static final String ALL_LIFECYCLES = "Draft,Proposed,Published,DeletionProposed";

  /** Validation of a create (01-api §7.1 step 5). */
  List<FieldError> validateCreate(PackageRevision object, String rawLifecycle) {
    List<FieldError> errors = new ArrayList<>();
    if (object.metadata() != null
        && object.metadata().labelsOrEmpty().containsKey(ApiGroups.LATEST_REVISION_LABEL)) {
      errors.add(
          FieldError.forbidden(
              LATEST_LABEL_FIELD, "label is managed by porch and cannot be set by users"));
    }
    PackageRevisionSpec spec = object.spec();
    String packageName = spec == null || spec.packageName() == null ? "" : spec.packageName();
    String dirProblem = validateDirectoryName(packageName);
    if (dirProblem != null) {
      errors.add(FieldError.invalid("spec.packageName", packageName, dirProblem));
    }
    String workspace = spec == null || spec.workspaceName() == null ? "" : spec.workspaceName();
    String wsProblem = Names.validateDns1123Label(workspace);
    if (wsProblem != null) {
      errors.add(FieldError.invalid("spec.workspaceName", workspace, wsProblem));
    }
    if (!rawLifecycle.isEmpty() && !rawLifecycle.equals(Lifecycle.DRAFT.value())) {
      errors.add(
          FieldError.invalid("spec.lifecycle", rawLifecycle, "value can be only created as Draft"));
    }
    return errors;
  }

  @Override
  public PackageRevision prepareForUpdate(PackageRevision requested, PackageRevision old) {
    if (requested.spec() != null
        && requested.spec().packageMetadata() == null
        && old.spec() != null) {
      return requested.withSpec(requested.spec().withPackageMetadata(old.spec().packageMetadata()));
    }
    return requested;
  }

  @Override
  public List<FieldError> validateUpdate(
      PackageRevision requested, PackageRevision old, String rawLifecycle) {
    List<FieldError> errors = new ArrayList<>();
    if (!latestLabel(old).equals(latestLabel(requested))) {
      errors.add(
          FieldError.forbidden(
              LATEST_LABEL_FIELD, "label is managed by porch and cannot be modified by users"));
    }
    if (!rawLifecycle.isEmpty() && Lifecycle.parse(rawLifecycle).isEmpty()) {
      errors.add(
          FieldError.invalid(
              "spec.lifecycle", rawLifecycle, "value can be only updated to " + ALL_LIFECYCLES));
    }
    Lifecycle oldLifecycle = lifecycle(old);
    if (oldLifecycle == null || !oldLifecycle.isPublished()) {
      boolean allowed =
          rawLifecycle.isEmpty()
              || rawLifecycle.equals(Lifecycle.DRAFT.value())
              || rawLifecycle.equals(Lifecycle.PROPOSED.value());
      if (!allowed) {
        errors.add(
            FieldError.invalid(
                "spec.lifecycle",
                oldValue(oldLifecycle),
                "value can be only updated to Draft,Proposed"));
      }
    } else if (!sameSpecIgnoringPublishedLifecycle(requested, old, rawLifecycle)) {
      errors.add(
          FieldError.invalid(
              "spec",
              specText(requested),
              "spec can only update package with lifecycle value one of Draft,Proposed"));
    }
    return errors;
  }

  @Override
  public PackageRevision canonicalize(PackageRevision requested) {
    PackageRevisionSpec spec = requested.spec();
    if (spec != null && spec.lifecycle() == null) {
      return requested.withSpec(spec.withLifecycle(Lifecycle.DRAFT));
    }
    return requested;
  }

  /** Porch's {@code util.ValidateDirectoryName(name, true)}. */
  static String validateDirectoryName(String directory) {
    List<String> problems = new ArrayList<>();
    if (directory.contains("//")) {
      problems.add("consecutive '/' characters are not allowed");
    }
    String label = Names.validateDns1123Label(directory.replace("/", ""));
    if (label != null) {
      problems.add(label);
    }
    return problems.isEmpty() ? null : String.join(",", problems);
  }

  private static boolean sameSpecIgnoringPublishedLifecycle(
      PackageRevision requested, PackageRevision old, String rawLifecycle) {
    PackageRevisionSpec newSpec = requested.spec();
    PackageRevisionSpec oldSpec = old.spec();
    if (newSpec == null || oldSpec == null) {
      return newSpec == oldSpec;
    }
    boolean publishedTarget =
        Lifecycle.parse(rawLifecycle).map(Lifecycle::isPublished).orElse(false);
    PackageRevisionSpec comparable =
        publishedTarget ? newSpec.withLifecycle(oldSpec.lifecycle()) : newSpec;
    return semantic(comparable).equals(semantic(oldSpec));
  }

  /**
   * The JSON form with nulls and empty containers removed: apimachinery's semantic equality treats
   * nil and empty slices and maps alike.
   */
  static JsonNode semantic(Object value) {
    JsonNode node = Json.MAPPER.valueToTree(value);
    prune(node);
    return node;
  }

  private static void prune(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> it = object.fields();
      while (it.hasNext()) {
        JsonNode child = it.next().getValue();
        prune(child);
        if (child.isNull() || (child.isContainerNode() && child.isEmpty())) {
          it.remove();
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(PackageRevisionStrategy::prune);
    }
  }

  private static String latestLabel(PackageRevision object) {
    if (object.metadata() == null) {
      return "";
    }
    return object.metadata().labelsOrEmpty().getOrDefault(ApiGroups.LATEST_REVISION_LABEL, "");
  }

  static Lifecycle lifecycle(PackageRevision object) {
    return object.spec() == null ? null : object.spec().lifecycle();
  }

  static String oldValue(Lifecycle lifecycle) {
    return lifecycle == null ? "" : lifecycle.value();
  }

  private static String specText(PackageRevision object) {
    return Json.MAPPER.valueToTree(object.spec()).toString();
  }
}
