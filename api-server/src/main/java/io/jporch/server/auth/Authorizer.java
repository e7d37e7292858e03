package io.jporch.server.auth;

import io.jporch.core.api.meta.Status;
import io.jporch.core.context.UserInfo;
import io.jporch.core.error.StatusReason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Standalone authorization. Members of {@code system:masters} may do anything. Without a policy
 * file every authenticated user may do anything (and an anonymous user nothing). With an {@link
 * AuthorizationPolicy}, a resource request is allowed when a rule allows it; non-resource requests
 * (discovery, OpenAPI, {@code /version}) are allowed to every authenticated user, as Kubernetes'
 * {@code system:discovery} and {@code system:public-info-viewer} roles do, and to anonymous users
 * only through a {@code nonResourceURLs} rule. Every authenticated user may create a {@code
 * SelfSubjectAccessReview} (Kubernetes' {@code system:basic-user}).
 */
public final class Authorizer implements RequestAuthorizer {
  public static final String MASTERS_GROUP = "system:masters";

  private final AuthorizationPolicy policy;

  private Authorizer(AuthorizationPolicy policy) {
    this.policy = policy;
  }

  /** Every authenticated user may do anything: the behaviour without a policy file. */
  public static Authorizer allowAuthenticated() {
    return new Authorizer(null);
  }

  /** Requests are checked against {@code policy}. */
  public static Authorizer withPolicy(AuthorizationPolicy policy) {
    return new Authorizer(policy);
  }

  @Override
  public CompletionStage<Decision> authorize(RequestAttributes request) {
    return CompletableFuture.completedFuture(allows(request) ? Decision.ALLOW : Decision.DENY);
  }

  /** True when the request may proceed. */
  public boolean allows(RequestAttributes request) {
    UserInfo user = request.user();
    if (user.groups().contains(MASTERS_GROUP)) {
      return true;
    }
    if (user.isAuthenticated()
        && request.verb().equals("create")
        && SelfSubjectAccessReviews.isReview(request)) {
      return true;
    }
    if (policy == null) {
      return user.isAuthenticated();
    }
    if (!request.resourceRequest() && user.isAuthenticated()) {
      return true;
    }
    return policy.allows(request);
  }

  /**
   * kube-apiserver's 403 for a denied request, e.g. {@code packagerevisions.porch.kpt.dev "x" is
   * forbidden: User "alice" cannot update resource "packagerevisions/approval" in API group
   * "porch.kpt.dev" in the namespace "default"}.
   */
  public static Status forbidden(RequestAttributes request) {
    return forbidden(request, "");
  }

  /**
   * The 403 for a request an authorizer denied with {@code why} (appended after a colon, as
   * kube-apiserver's {@code ForbiddenStatusError} does; empty: nothing appended).
   */
  public static Status forbidden(RequestAttributes request, String why) {
    String reason =
        why == null || why.isEmpty() ? reasonText(request) : reasonText(request) + ": " + why;
    String message;
    Status.Details details = null;
    if (!request.resourceRequest()) {
      message = "forbidden: " + reason;
    } else {
      String qualified =
          request.apiGroup().isEmpty()
              ? request.resource()
              : request.resource() + "." + request.apiGroup();
      message =
          request.name().isEmpty()
              ? qualified + " is forbidden: " + reason
              : qualified + " " + quote(request.name()) + " is forbidden: " + reason;
      details =
          new Status.Details(
              emptyToNull(request.name()),
              emptyToNull(request.apiGroup()),
              emptyToNull(request.resource()),
              null);
    }
    return Status.failure(
        StatusReason.FORBIDDEN.code(), StatusReason.FORBIDDEN.reason(), message, details);
  }

  /** The {@code User "x" cannot ...} part of a denial (kube's {@code forbiddenMessage}). */
  public static String reasonText(RequestAttributes request) {
    String user = quote(request.user().name());
    if (!request.resourceRequest()) {
      return "User " + user + " cannot " + request.verb() + " path " + quote(request.path());
    }
    String where =
        request.namespace().isEmpty()
            ? " at the cluster scope"
            : " in the namespace " + quote(request.namespace());
    return "User "
        + user
        + " cannot "
        + request.verb()
        + " resource "
        + quote(request.resourceKey())
        + " in API group "
        + quote(request.apiGroup())
        + where;
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  /** Go's {@code %q} for the plain names we quote. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
