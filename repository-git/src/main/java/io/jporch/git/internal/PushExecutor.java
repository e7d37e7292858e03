package io.jporch.git.internal;

import io.jporch.core.context.RequestContext;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.error.ServiceUnavailableException;
import io.jporch.git.GitOptions;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.errors.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link PushPlan}: under the clone lock, fetch, plan on the fresh refs, push every change
 * in one atomic non-forced push with expected old ids. A rejection re-fetches the clone and fails
 * with {@link ConflictException}, except that rebuildable plans are planned again (their own
 * preconditions decide) up to the retry limit. Port of {@code pushAndCleanup} in {@code git.go},
 * with compare-and-swap on every ref instead of Porch's unchecked deletes.
 */
final class PushExecutor {
  private static final Logger log = LoggerFactory.getLogger(PushExecutor.class);

  private final SharedClone clone;
  private final GitOptions options;
  private final RemoteAuth auth;

  /** Pushes anonymously. */
  PushExecutor(SharedClone clone, GitOptions options) {
    this(clone, options, RemoteAuth.ANONYMOUS);
  }

  PushExecutor(SharedClone clone, GitOptions options, RemoteAuth auth) {
    this.clone = clone;
    this.options = options;
    this.auth = auth;
  }

  /** Executes the plan; returns the changes pushed (empty if there was nothing to do). */
  List<RefChange> execute(
      RequestContext ctx, ResourceRef resource, String description, PushPlan plan) {
    return clone.locked(
        ctx,
        description,
        () -> {
          for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= options.retryAttempts();
            RefSnapshot refs = clone.fetchLocked(ctx, auth);
            List<RefChange> changes = plan.plan(refs);
            if (changes.isEmpty()) {
              return changes;
            }
            List<String> rejected;
            try {
              rejected = clone.pushLocked(ctx, auth, changes);
            } catch (TransportException e) {
              if (last) {
                throw new ServiceUnavailableException(
                    resource,
                    description
                        + ": cannot push to "
                        + Urls.redacted(clone.url())
                        + ": "
                        + Urls.redactedMessage(e.getMessage(), clone.url()),
                    GitErrors.detached(e));
              }
              log.debug(
                  "push to {} failed (attempt {}): {}",
                  Urls.redacted(clone.url()),
                  attempt,
                  Urls.redactedMessage(e.getMessage(), clone.url()));
              backoff(attempt);
              continue;
            }
            if (rejected.isEmpty()) {
              log.info("{}: pushed {} to {}", description, changes, Urls.redacted(clone.url()));
              return changes;
            }
            if (last || !plan.rebuildable()) {
              clone.fetchLocked(ctx, auth);
              throw new ConflictException(
                  resource,
                  description
                      + ": the remote "
                      + Urls.redacted(clone.url())
                      + " rejected the update (a concurrent change?): "
                      + String.join("; ", rejected));
            }
            log.debug("{}: push rejected ({}), planning again", description, rejected);
            backoff(attempt);
          }
        });
  }

  /**
   * Waits {@code attempt × 100–300 ms} (random) before the next attempt, so that two writers that
   * collided do not collide again in lockstep.
   */
  private static void backoff(int attempt) throws IOException {
    long millis = attempt * ThreadLocalRandom.current().nextLong(100, 300);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while retrying a push", e);
    }
  }
}
