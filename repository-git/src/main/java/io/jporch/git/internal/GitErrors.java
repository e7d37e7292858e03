package io.jporch.git.internal;

import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.PorchException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.error.ServiceUnavailableException;
import org.eclipse.jgit.errors.TransportException;

/** Turns JGit and I/O failures into {@link PorchException}s; no JGit type escapes the module. */
public final class GitErrors {
  private GitErrors() {}

  /**
   * Maps {@code e}: a {@link PorchException} passes through, transport failures become {@link
   * ServiceUnavailableException}, an interrupt restores the flag and becomes {@link
   * ServiceUnavailableException}, everything else {@link InternalErrorException}.
   */
  public static PorchException map(ResourceRef resource, String what, Throwable e) {
    if (e instanceof PorchException p) {
      return p;
    }
    if (e instanceof InterruptedException || e.getCause() instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new ServiceUnavailableException(resource, what + ": interrupted", detached(e));
    }
    if (e instanceof TransportException) {
      return new ServiceUnavailableException(resource, what + ": " + describe(e), detached(e));
    }
    return new InternalErrorException(resource, what + ": " + describe(e), detached(e));
  }

  /**
   * A copy of {@code e} (message, class name and stack trace) whose type is ours, so callers can
   * log the origin without seeing JGit types.
   */
  static RuntimeException detached(Throwable e) {
    if (e == null) {
      return null;
    }
    GitFailure copy = new GitFailure(e.getClass().getName() + ": " + e.getMessage());
    copy.setStackTrace(e.getStackTrace());
    if (e.getCause() != null && e.getCause() != e) {
      copy.initCause(detached(e.getCause()));
    }
    return copy;
  }

  /** Carrier of a detached JGit or I/O failure. */
  static final class GitFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GitFailure(String message) {
      super(message);
    }
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
