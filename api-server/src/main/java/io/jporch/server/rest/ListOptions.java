package io.jporch.server.rest;

import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.ResourceRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The list and watch options of a request ({@code ListOptions} of k8s.io/apimachinery), validated
 * as kube-apiserver's {@code ValidateListOptions} does: an invalid combination is a 422 on {@code
 * ListOptions.meta.k8s.io}. Absent string options are empty, an absent {@code sendInitialEvents} is
 * null.
 *
 * @param resourceVersion {@code ""}, {@code "0"} (any version) or a version of this server
 * @param limit the page size of a list; 0 or negative for no limit
 */
public record ListOptions(
    boolean watch,
    String resourceVersion,
    String resourceVersionMatch,
    Boolean sendInitialEvents,
    boolean allowWatchBookmarks,
    long limit,
    String continueToken) {
  public static final String EXACT = "Exact";
  public static final String NOT_OLDER_THAN = "NotOlderThan";
  private static final ResourceRef LIST_OPTIONS =
      new ResourceRef("meta.k8s.io", "listoptions", "ListOptions", "");
  private static final String MATCH = "resourceVersionMatch";

  /** Reads and validates the options of a list ({@code watch} false) or watch request. */
  public static ListOptions parse(QueryParams query, boolean watch) {
    ListOptions options =
        new ListOptions(
            watch,
            text(query, "resourceVersion"),
            text(query, MATCH),
            bool(query, "sendInitialEvents"),
            query.flag("allowWatchBookmarks"),
            query.longValue("limit", 0),
            text(query, "continue"));
    options.validate();
    return options;
  }

  /** True if the request names a resourceVersion other than "0" ("any"). */
  public boolean hasVersion() {
    return !resourceVersion.isEmpty() && !resourceVersion.equals("0");
  }

  /**
   * The requested resourceVersion as a number.
   *
   * @throws BadRequestException if it is not a resourceVersion of this server
   * @throws IllegalStateException if there is none ({@link #hasVersion} is false)
   */
  public long version() {
    if (!hasVersion()) {
      throw new IllegalStateException("no resourceVersion requested");
    }
    try {
      long value = Long.parseLong(resourceVersion);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequestException(
        null,
        "resourceVersion: Invalid value: \""
            + resourceVersion
            + "\": not a resourceVersion of this server (a non-negative integer)");
  }

  /**
   * True if a watch starts with the current objects as ADDED events: when asked with {@code
   * sendInitialEvents=true}, and by default for a watch from no resourceVersion or "0".
   */
  public boolean initialEvents() {
    return sendInitialEvents != null ? sendInitialEvents : !hasVersion();
  }

  /**
   * True if the initial events end with a BOOKMARK annotated {@code k8s.io/initial-events-end:
   * "true"} (a streaming list: {@code sendInitialEvents=true} with bookmarks allowed).
   */
  public boolean initialEventsEndBookmark() {
    return Boolean.TRUE.equals(sendInitialEvents) && allowWatchBookmarks;
  }

  /**
   * Checks that a list can be served at {@code current}, the newest version: always when no version
   * is asked for; with {@code NotOlderThan} (or no match) when the version is not newer than {@code
   * current}; with {@code Exact} only at {@code current} (older states are not kept, 410 Expired as
   * for a compacted etcd revision). A version newer than {@code current} is a 504 "Too large
   * resource version", as kube-apiserver answers.
   */
  public void requireListableAt(long current) {
    if (watch || !continueToken.isEmpty() || !hasVersion()) {
      return;
    }
    long requested = version();
    if (requested > current) {
      throw StatusException.tooLargeResourceVersion(requested, current);
    }
    if (resourceVersionMatch.equals(EXACT) && requested < current) {
      throw StatusException.expired("The resourceVersion for the provided list is too old.");
    }
  }

  private void validate() {
    List<FieldError> errors = new ArrayList<>();
    if (watch) {
      if (sendInitialEvents != null && !resourceVersionMatch.equals(NOT_OLDER_THAN)) {
        errors.add(
            FieldError.forbidden(
                MATCH, "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
      }
      if (!resourceVersionMatch.isEmpty()) {
        if (sendInitialEvents == null) {
          errors.add(
              FieldError.forbidden(
                  MATCH,
                  "resourceVersionMatch is forbidden for watch unless sendInitialEvents is"
                      + " provided"));
        }
        if (!resourceVersionMatch.equals(NOT_OLDER_THAN)) {
          errors.add(
              FieldError.notSupported(
                  MATCH, resourceVersionMatch, "supported values: \"NotOlderThan\""));
        }
        if (!continueToken.isEmpty()) {
          errors.add(
              FieldError.forbidden(
                  MATCH, "resourceVersionMatch is forbidden when continue is provided"));
        }
      }
    } else {
      if (!resourceVersionMatch.isEmpty()) {
        if (resourceVersion.isEmpty()) {
          errors.add(
              FieldError.forbidden(
                  MATCH, "resourceVersionMatch is forbidden unless resourceVersion is provided"));
        }
        if (!continueToken.isEmpty()) {
          errors.add(
              FieldError.forbidden(
                  MATCH, "resourceVersionMatch is forbidden when continue is provided"));
        }
        if (!resourceVersionMatch.equals(EXACT) && !resourceVersionMatch.equals(NOT_OLDER_THAN)) {
          errors.add(
              FieldError.notSupported(
                  MATCH,
                  resourceVersionMatch,
                  "supported values: \"Exact\", \"NotOlderThan\", \"\""));
        }
        if (resourceVersionMatch.equals(EXACT) && resourceVersion.equals("0")) {
          errors.add(
              FieldError.forbidden(
                  MATCH, "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
        }
      }
      if (sendInitialEvents != null) {
        errors.add(
            FieldError.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidException(LIST_OPTIONS, errors);
    }
    if (!watch && !continueToken.isEmpty() && hasVersion()) {
      throw new BadRequestException(
          null, "specifying resource version is not allowed when using continue");
    }
    if (hasVersion()) {
      version();
    }
  }

  private static String text(QueryParams query, String name) {
    String value = query.first(name);
    return value == null ? "" : value;
  }

  /** Go's {@code strconv.ParseBool}, as the query decoder uses it. */
  private static Boolean bool(QueryParams query, String name) {
    String value = query.first(name);
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default ->
          throw new BadRequestException(
              null, "invalid value for query parameter " + name + ": " + value);
    };
  }
}
