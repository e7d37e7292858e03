package io.jporch.server.webhook;

import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ListMeta;
import io.jporch.core.api.meta.Status;
import io.jporch.core.error.StatusReason;
import io.jporch.core.secret.SecretStore;
import io.jporch.server.store.RepositoryRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push trigger: {@code POST /webhooks/git/namespaces/<namespace>/repositories/<name>} syncs
 * that Repository at once, so that a Git server's push webhook makes new tags and branches visible
 * without waiting for the next periodic sync. Porch has no such endpoint.
 *
 * <p>The caller authenticates with the server's bearer token, or, since Git servers cannot send
 * one, with the shared secret of the Repository: the Secret named by its annotation {@value
 * #SECRET_ANNOTATION} (key {@value #SECRET_KEY}, same namespace) verifies an HMAC-SHA256 body
 * signature ({@code X-Hub-Signature-256}, {@code X-Gitea-Signature}, {@code X-Gogs-Signature}) or a
 * GitLab token ({@code X-Gitlab-Token}); see {@link WebhookCredentials}.
 *
 * <p>Answers are Kubernetes {@code Status} objects: 202 once the sync is queued (it runs in the
 * background; watches see its changes), 404 for an unknown Repository, 401 without a valid
 * credential, 403 when a signature is presented but the Repository has no usable webhook secret,
 * 405 for a method other than POST. The request body is not interpreted (any event triggers a
 * sync). Secret values and signatures never appear in answers or logs.
 */
public final class GitWebhook {
  private static final Logger log = LoggerFactory.getLogger(GitWebhook.class);

  /** The Repository annotation naming the Secret that holds the webhook's shared secret. */
  public static final String SECRET_ANNOTATION = "porch.kpt.dev/webhook-secret";

  /** The key of the shared secret in that Secret. */
  public static final String SECRET_KEY = "secret";

  private static final List<String> PREFIX = List.of("webhooks", "git");

  /** Queues an immediate sync of a stored Repository. */
  @FunctionalInterface
  public interface SyncTrigger {
    /** Queues a sync of {@code repository}; returns a short description of what was done. */
    String trigger(Repository repository);
  }

  /**
   * One webhook call.
   *
   * @param method HTTP method
   * @param segments decoded path segments
   * @param headers request headers, names in lower case
   * @param body the raw request body (signatures cover exactly these bytes)
   * @param bearerAuthenticated whether the request carried the server's bearer token
   */
  public record Call(
      String method,
      List<String> segments,
      Map<String, String> headers,
      byte[] body,
      boolean bearerAuthenticated) {}

  private final RepositoryRegistry repositories;
  private final SecretStore secrets;
  private final SyncTrigger trigger;

  public GitWebhook(RepositoryRegistry repositories, SecretStore secrets, SyncTrigger trigger) {
    this.repositories = Objects.requireNonNull(repositories, "repositories");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.trigger = Objects.requireNonNull(trigger, "trigger");
  }

  /** True for paths below {@code /webhooks/git/}. */
  public static boolean handles(List<String> segments) {
    return segments.size() >= 2 && segments.subList(0, 2).equals(PREFIX);
  }

  /** Serves one call (blocking: run it off the event loop). */
  public Status serve(Call call) {
    List<String> s = call.segments();
    if (s.size() != 6 || !s.get(2).equals("namespaces") || !s.get(4).equals("repositories")) {
      return failure(
          404,
          StatusReason.NOT_FOUND,
          "the webhook path is /webhooks/git/namespaces/<namespace>/repositories/<name>",
          null);
    }
    if (!call.method().equals("POST")) {
      return failure(
          405,
          StatusReason.METHOD_NOT_ALLOWED,
          "the git webhook accepts POST only, not " + call.method(),
          null);
    }
    String namespace = s.get(3);
    String name = s.get(5);
    Optional<WebhookCredentials> credentials = WebhookCredentials.from(call.headers());
    if (!call.bearerAuthenticated() && credentials.isEmpty()) {
      return failure(
          401,
          StatusReason.UNAUTHORIZED,
          "Unauthorized: send the server's bearer token, or sign the body with the webhook secret"
              + " (X-Hub-Signature-256, X-Gitea-Signature) or send it as X-Gitlab-Token",
          null);
    }
    Optional<Repository> found = repositories.get(namespace, name);
    if (found.isEmpty()) {
      return failure(
          404,
          StatusReason.NOT_FOUND,
          "repositories.config.porch.kpt.dev \"" + name + "\" not found",
          name);
    }
    Repository repository = found.get();
    String via = "bearer token";
    if (!call.bearerAuthenticated()) {
      Status refused = verify(repository, credentials.get(), call.body());
      if (refused != null) {
        log.info(
            "Webhook for repository {}/{} refused ({}): {}",
            namespace,
            name,
            refused.code(),
            refused.message());
        return refused;
      }
      via = credentials.get().header();
    }
    String what = trigger.trigger(repository);
    log.info("Webhook for repository {}/{} ({}): {}", namespace, name, via, what);
    return new Status(
        "v1",
        "Status",
        ListMeta.EMPTY,
        "Success",
        "sync of repository " + namespace + "/" + name + " " + what,
        null,
        details(name),
        202);
  }

  /** Null if {@code credentials} prove the Repository's webhook secret; else the refusal. */
  private Status verify(Repository repository, WebhookCredentials credentials, byte[] body) {
    String id = repository.namespace() + "/" + repository.name();
    Map<String, String> annotations = repository.metadata().annotations();
    String secretName = annotations == null ? null : annotations.get(SECRET_ANNOTATION);
    if (secretName == null || secretName.isBlank()) {
      return failure(
          403,
          StatusReason.FORBIDDEN,
          "repository "
              + id
              + " accepts no webhook signatures: its annotation "
              + SECRET_ANNOTATION
              + " does not name a Secret",
          repository.name());
    }
    Optional<byte[]> secret;
    try {
      secret =
          secrets
              .get(repository.namespace(), secretName)
              .flatMap(sec -> sec.text(SECRET_KEY))
              .map(v -> v.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      secret = Optional.empty();
    }
    if (secret.isEmpty() || secret.get().length == 0) {
      return failure(
          403,
          StatusReason.FORBIDDEN,
          "repository "
              + id
              + " accepts no webhook signatures: Secret "
              + repository.namespace()
              + "/"
              + secretName
              + " has no (valid) key \""
              + SECRET_KEY
              + "\"",
          repository.name());
    }
    if (!credentials.verify(secret.get(), body)) {
      return failure(
          401,
          StatusReason.UNAUTHORIZED,
          "Unauthorized: the " + credentials.header() + " header does not match the webhook secret",
          repository.name());
    }
    return null;
  }

  private static Status failure(int code, StatusReason reason, String message, String name) {
    return Status.failure(code, reason.reason(), message, details(name));
  }

  private static Status.Details details(String name) {
    return name == null
        ? null
        : new Status.Details(name, "config.porch.kpt.dev", "repositories", null);
  }
}
