package io.jporch.git.internal;

import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;

/**
 * One ref update of an atomic push, named by its local ref (the remote name is derived).
 *
 * @param localRef local ref, e.g. {@code refs/remotes/origin/drafts/pkg/ws} or {@code
 *     refs/tags/pkg/v1}
 * @param newId the new value, or null to delete the ref
 * @param expectedOld the value the remote ref must have; {@link ObjectId#zeroId()} means "must not
 *     exist"
 */
public record RefChange(String localRef, ObjectId newId, ObjectId expectedOld) {
  public RefChange {
    Objects.requireNonNull(localRef, "localRef");
    Objects.requireNonNull(expectedOld, "expectedOld");
  }

  /** Creates or moves {@code localRef} to {@code newId}, expecting {@code expectedOld}. */
  public static RefChange set(String localRef, ObjectId newId, ObjectId expectedOld) {
    return new RefChange(localRef, Objects.requireNonNull(newId, "newId"), expectedOld);
  }

  /** Creates {@code localRef}, which must not exist. */
  public static RefChange create(String localRef, ObjectId newId) {
    return set(localRef, newId, ObjectId.zeroId());
  }

  /** Deletes {@code localRef}, which must have the value {@code expectedOld}. */
  public static RefChange delete(String localRef, ObjectId expectedOld) {
    return new RefChange(localRef, null, expectedOld);
  }

  @Override
  public String toString() {
    String target = newId == null ? "(delete)" : newId.name();
    return RefNames.toRemote(localRef) + " " + expectedOld.name() + " -> " + target;
  }
}
