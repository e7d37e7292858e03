package io.jporch.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of the latest background sync of one repository, in the terms of a Repository's
 * status (Porch's repository controller: condition {@code Ready} with reason {@code Ready}, {@code
 * Reconciling} or {@code Error}, {@code lastFullSyncTime}, {@code nextFullSyncTime}, {@code
 * packageCount}, {@code gitCommitHash}).
 *
 * @param state where the repository stands
 * @param message condition message: {@code Repository Ready} (plus a note on an ignored schedule),
 *     or the error text; never a secret value
 * @param lastFullSyncTime end of the last successful sync, null before the first
 * @param nextFullSyncTime when the next sync is due (the retry time after a failure)
 * @param packageCount package revisions listed by the last successful sync
 * @param gitCommitHash head of the registered branch at the last successful sync, empty if none
 * @param consecutiveFailures failed syncs since the last success
 * @param observedRunOnceAt the {@code spec.sync.runOnceAt} that the last successful sync carried
 *     out (Porch's {@code status.observedRunOnceAt}), null if none or once it was removed from the
 *     spec
 */
public record SyncStatus(
    State state,
    String message,
    Instant lastFullSyncTime,
    Instant nextFullSyncTime,
    int packageCount,
    String gitCommitHash,
    int consecutiveFailures,
    Instant observedRunOnceAt) {
  /** Porch's condition reasons. */
  public enum State {
    /** The first sync is running. */
    RECONCILING("Reconciling"),
    /** The last sync succeeded. */
    READY("Ready"),
    /** The last sync failed; it is retried with back-off. */
    ERROR("Error");

    private final String reason;

    State(String reason) {
      this.reason = reason;
    }

    /** The condition reason Porch writes. */
    public String reason() {
      return reason;
    }
  }

  /** A status without an observed {@code runOnceAt}. */
  public SyncStatus(
      State state,
      String message,
      Instant lastFullSyncTime,
      Instant nextFullSyncTime,
      int packageCount,
      String gitCommitHash,
      int consecutiveFailures) {
    this(
        state,
        message,
        lastFullSyncTime,
        nextFullSyncTime,
        packageCount,
        gitCommitHash,
        consecutiveFailures,
        null);
  }

  public SyncStatus {
    Objects.requireNonNull(state, "state");
    message = Objects.requireNonNullElse(message, "");
    gitCommitHash = Objects.requireNonNullElse(gitCommitHash, "");
  }

  /** True if the repository is usable ({@code Ready=True}). */
  public boolean ready() {
    return state == State.READY;
  }
}
