package io.jporch.git.internal;

import io.jporch.core.api.Task;

/**
 * The commit messages Porch writes (storage reference §2.7 "Messages"). Port of {@code
 * formatCommitMessage} in {@code pkg/externalrepo/git/git.go}.
 */
public final class CommitMessages {
  public static final String INITIAL_COMMIT = "Initial commit: Creating main branch";

  private CommitMessages() {}

  /** First line of an {@code UpdateResources} commit for {@code task} (may be null). */
  public static String forTask(Task task) {
    String type = task == null || task.type() == null ? "" : task.type();
    return switch (type) {
      case Task.INIT -> "Creating new empty revision";
      case Task.RENDER -> "Rendering package";
      case Task.EDIT -> "Creating new revision by copying previous revision";
      case Task.CLONE -> "Creating new revision by cloning";
      case Task.UPGRADE -> "Upgrading revision";
      case "" -> "Intermediate commit";
      default -> "Intermediate commit: " + type;
    };
  }

  /** Full message of an {@code UpdateResources} commit: first line, newline, annotation. */
  public static String updateResources(Task task, GitAnnotation annotation) {
    return annotation.appendTo(forTask(task) + "\n");
  }

  /** Full message of an approval commit on the registered branch. */
  public static String approval(String fullPath, int revision, GitAnnotation annotation) {
    return annotation.appendTo("Approving package revision " + fullPath + "/" + revision);
  }

  /** Message of the commit that removes a package from the registered branch. */
  public static String delete(String fullPath) {
    return "Delete " + fullPath;
  }

  /** True for the task types that start a revision (Porch's {@code IsValidFirstTaskType}). */
  public static boolean isFirstTask(Task task) {
    if (task == null || task.type() == null) {
      return false;
    }
    return switch (task.type()) {
      case Task.INIT, Task.CLONE, Task.EDIT, Task.UPGRADE -> true;
      default -> false;
    };
  }

  /** True for {@code init} and {@code clone}: the history walk stops there. */
  public static boolean isOriginTask(Task task) {
    return task != null && (Task.INIT.equals(task.type()) || Task.CLONE.equals(task.type()));
  }
}
