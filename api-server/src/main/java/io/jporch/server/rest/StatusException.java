package io.jporch.server.rest;

import io.jporch.core.api.meta.Status;
import java.util.List;

/**
 * A failure answered with a ready-made {@code Status}, for the list and watch conditions that have
 * no {@link io.jporch.core.error.PorchException} of their own: 410 Expired (a continue token or
 * resourceVersion that is no longer served) and 504 for a resourceVersion newer than the server's.
 */
public final class StatusException extends RuntimeException {
  private final transient Status status;

  public StatusException(Status status) {
    super(status.message());
    this.status = status;
  }

  public Status status() {
    return status;
  }

  /** 410 Expired, as kube-apiserver answers a compacted resourceVersion or continue token. */
  public static StatusException expired(String message) {
    return new StatusException(expiredStatus(message));
  }

  /** The Status of a 410 Expired (also sent as the ERROR event of a watch). */
  public static Status expiredStatus(String message) {
    return Status.failure(410, "Expired", message, null);
  }

  /**
   * 504 Timeout with cause {@code ResourceVersionTooLarge}: a list asked for a state newer than the
   * server has (client-go then lists again from the latest state).
   */
  public static StatusException tooLargeResourceVersion(long requested, long current) {
    String message = "Too large resource version: " + requested + ", current: " + current;
    return new StatusException(
        Status.failure(
            504,
            "Timeout",
            message,
            new Status.Details(
                null,
                null,
                null,
                List.of(
                    new Status.Cause(
                        "ResourceVersionTooLarge", "Too large resource version", null)))));
  }
}
