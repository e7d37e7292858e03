package io.jporch.server.rest;

import io.jporch.core.error.FieldError;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.ResourceRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The write options of a create, update or patch ({@code CreateOptions}, {@code UpdateOptions},
 * {@code PatchOptions}): {@code dryRun}, {@code fieldManager}, {@code fieldValidation} and, for
 * apply patches, {@code force}. Validated as kube-apiserver validates them: a bad value is 422
 * Invalid on kind {@code <Verb>Options} of group {@code meta.k8s.io}.
 */
public record WriteOptions(
    boolean dryRun, String fieldManager, FieldValidation fieldValidation, boolean force) {
  public static final String DRY_RUN_ALL = "All";
  static final int FIELD_MANAGER_MAX_LENGTH = 128;

  /** What to do with unknown and duplicate fields. */
  public enum FieldValidation {
    IGNORE,
    WARN,
    STRICT
  }

  /** The kind of options object, for error messages. */
  public enum Kind {
    CREATE("CreateOptions"),
    UPDATE("UpdateOptions"),
    PATCH("PatchOptions");

    private final String kind;

    Kind(String kind) {
      this.kind = kind;
    }
  }

  /**
   * Parses and validates the options of a request.
   *
   * @param applyPatch true for an {@code application/apply-patch+yaml} patch (fieldManager
   *     required, force allowed)
   */
  public static WriteOptions parse(QueryParams query, Kind kind, boolean applyPatch) {
    List<FieldError> errors = new ArrayList<>();
    boolean dryRun = dryRun(query.values().get("dryRun"), errors);
    String manager = query.first("fieldManager");
    if (applyPatch && (manager == null || manager.isEmpty())) {
      errors.add(FieldError.required("fieldManager", "is required for apply patch"));
    }
    validateFieldManager(manager, errors);
    FieldValidation validation = fieldValidation(query.first("fieldValidation"), errors);
    String forceText = query.first("force");
    boolean force = false;
    if (kind == Kind.PATCH && forceText != null) {
      if (!applyPatch) {
        errors.add(FieldError.forbidden("force", "may not be specified for non-apply patch"));
      } else {
        force = forceText.isEmpty() || forceText.equalsIgnoreCase("true") || forceText.equals("1");
      }
    }
    if (!errors.isEmpty()) {
      throw invalid(kind.kind, errors);
    }
    return new WriteOptions(dryRun, manager, validation, force);
  }

  /** Validates {@code dryRun} values: only {@code All} is defined. */
  static boolean dryRun(List<String> values, List<FieldError> errors) {
    if (values == null || values.isEmpty()) {
      return false;
    }
    for (String v : values) {
      if (!DRY_RUN_ALL.equals(v)) {
        errors.add(
            new FieldError(
                "dryRun",
                "FieldValueNotSupported",
                "Unsupported value: "
                    + goStrings(values)
                    + ": supported values: \""
                    + DRY_RUN_ALL
                    + "\""));
        return false;
      }
    }
    return true;
  }

  private static void validateFieldManager(String manager, List<FieldError> errors) {
    if (manager == null) {
      return;
    }
    if (manager.length() > FIELD_MANAGER_MAX_LENGTH) {
      errors.add(
          new FieldError(
              "fieldManager",
              "FieldValueTooLong",
              "Too long: may not be more than " + FIELD_MANAGER_MAX_LENGTH + " bytes"));
    }
    for (int i = 0; i < manager.length(); i++) {
      char c = manager.charAt(i);
      if (Character.isISOControl(c) || !Character.isDefined(c)) {
        errors.add(
            FieldError.invalid("fieldManager", manager, "must only contain printable characters"));
        return;
      }
    }
  }

  private static FieldValidation fieldValidation(String value, List<FieldError> errors) {
    if (value == null || value.isEmpty() || value.equals("Warn")) {
      return FieldValidation.WARN;
    }
    if (value.equals("Ignore")) {
      return FieldValidation.IGNORE;
    }
    if (value.equals("Strict")) {
      return FieldValidation.STRICT;
    }
    errors.add(
        FieldError.notSupported(
            "fieldValidation", value, "supported values: \"\", \"Ignore\", \"Strict\", \"Warn\""));
    return FieldValidation.WARN;
  }

  /** Go's {@code %#v} of a string slice, as field.NotSupported prints it. */
  static String goStrings(List<String> values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add("\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
    return "[]string{" + String.join(", ", quoted) + "}";
  }

  static InvalidException invalid(String optionsKind, List<FieldError> errors) {
    return new InvalidException(new ResourceRef("meta.k8s.io", "", optionsKind, ""), errors);
  }
}
