package io.jporch.git.internal;

import java.io.IOException;
import java.util.List;

/**
 * The ref changes of one operation, planned on freshly fetched refs under the clone lock. A plan
 * checks its preconditions (throwing a {@link io.jporch.core.error.PorchException}, typically a
 * {@link io.jporch.core.error.ConflictException}) and may write objects (commits) into the clone.
 */
interface PushPlan {
  /** The changes to push atomically; empty means nothing to do. */
  List<RefChange> plan(RefSnapshot refs) throws IOException;

  /**
   * True if a rejected push may be planned again on the new refs (commits built on the registered
   * branch head: approval, placeholder delete); false if a rejection is final.
   */
  default boolean rebuildable() {
    return false;
  }
}
