package io.jporch.server.rest;

import io.jporch.core.error.ConflictException;
import io.jporch.core.error.ResourceRef;

/**
 * DeleteOptions preconditions: the uid and/or resourceVersion the client expects the object to
 * have. A mismatch is a 409 Conflict, as kube-apiserver's storage answers.
 */
public record Preconditions(String uid, String resourceVersion) {
  public static final Preconditions NONE = new Preconditions(null, null);

  /**
   * Checks the object's actual uid and resourceVersion.
   *
   * @throws ConflictException naming the mismatch
   */
  public void check(ResourceRef ref, String actualUid, String actualResourceVersion) {
    if (uid != null && !uid.equals(actualUid)) {
      throw new ConflictException(
          ref,
          "Precondition failed: UID in precondition: "
              + uid
              + ", UID in object meta: "
              + nullToEmpty(actualUid));
    }
    if (resourceVersion != null && !resourceVersion.equals(actualResourceVersion)) {
      throw new ConflictException(
          ref,
          "Precondition failed: ResourceVersion in precondition: "
              + resourceVersion
              + ", ResourceVersion in object meta: "
              + nullToEmpty(actualResourceVersion));
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
