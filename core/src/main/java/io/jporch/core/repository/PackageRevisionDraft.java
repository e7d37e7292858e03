package io.jporch.core.repository;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.context.RequestContext;
import java.util.Map;

/**
 * A revision open for change. Nothing is visible to others until the repository closes the draft; a
 * draft that is never closed leaves nothing behind. Port of Porch's {@code PackageRevisionDraft}.
 */
public interface PackageRevisionDraft {
  PackageRevisionKey key();

  /** Lifecycle the draft will have when closed. */
  Lifecycle lifecycle();

  /** Current content of the draft (empty for a brand-new package). */
  Map<String, String> resources();

  /**
   * Replaces the whole package content with {@code resources} (files missing from the map are
   * deleted) and records {@code task} (may be null) as the reason, which decides the commit message
   * and trailer.
   */
  void updateResources(RequestContext ctx, Map<String, String> resources, Task task);

  /** Remembers the lifecycle to apply on close. */
  void updateLifecycle(Lifecycle lifecycle);

  /** Convenience for callers that only need the task type constant. */
  static boolean isCreationTask(Task task) {
    return task != null
        && (Task.INIT.equals(task.type())
            || Task.CLONE.equals(task.type())
            || Task.EDIT.equals(task.type())
            || Task.UPGRADE.equals(task.type()));
  }
}
