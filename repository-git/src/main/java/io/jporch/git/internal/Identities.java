package io.jporch.git.internal;

import io.jporch.core.context.RequestContext;
import io.jporch.core.context.UserInfo;
import java.time.Instant;
import java.time.ZoneId;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Commit author and committer (storage reference §2.7 "Identity"). Port of {@code
 * makeUserInfoProvider} and {@code commitHelper.storeCommit}.
 */
public final class Identities {
  public static final String PORCH_NAME = "Package Orchestration Service";
  public static final String PORCH_EMAIL = "porch@kpt.dev";

  private Identities() {}

  /** Porch's own signature at {@code when}. */
  public static PersonIdent porch(Instant when) {
    return new PersonIdent(PORCH_NAME, PORCH_EMAIL, when, ZoneId.systemDefault());
  }

  /**
   * The author: the repository's {@code spec.git.author/email} if either is set (a missing name
   * takes the email), else the requesting user (name and email = user name) when authenticated,
   * else Porch.
   */
  public static PersonIdent author(RepositorySettings settings, RequestContext ctx, Instant when) {
    if (!settings.author().isEmpty() || !settings.email().isEmpty()) {
      String name = settings.author().isEmpty() ? settings.email() : settings.author();
      return new PersonIdent(name, settings.email(), when, ZoneId.systemDefault());
    }
    UserInfo user = ctx == null ? null : ctx.user();
    if (user != null && user.isAuthenticated() && user.name() != null && !user.name().isEmpty()) {
      return new PersonIdent(user.name(), user.name(), when, ZoneId.systemDefault());
    }
    return porch(when);
  }
}
