package io.jporch.server.cluster;

import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jporch.server.auth.Authorizer;
import io.jporch.server.auth.RequestAttributes;
import io.jporch.server.auth.RequestAuthorizer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * Cluster mode's authorization, as k8s.io/apiserver's delegating authorizer: {@code /healthz},
 * {@code /readyz} and {@code /livez} and members of {@code system:masters} are always allowed;
 * every other request is asked of kube-apiserver with a SubjectAccessReview naming the user (name,
 * uid, groups, extra) and the request's verb, API group, version, resource, subresource, namespace
 * and name (or path and verb for non-resource requests), so that {@code packagerevisions/approval}
 * is authorized separately from {@code packagerevisions}. Answers are kept for {@value
 * #ALLOW_TTL_SECONDS} s when allowed and {@value #DENY_TTL_SECONDS} s when denied (Go's defaults);
 * a review that fails is not kept and the request gets 500, as in Go.
 */
public final class DelegatingAuthorizer implements RequestAuthorizer, AutoCloseable {
  static final long ALLOW_TTL_SECONDS = 10;
  static final long DENY_TTL_SECONDS = 10;
  private static final Set<String> ALWAYS_ALLOWED_PATHS = Set.of("/healthz", "/readyz", "/livez");
  private static final int CACHE_CAPACITY = 10_000;

  /** Asks the cluster about a request; blocking. */
  @FunctionalInterface
  public interface AccessReviewer {
    Decision review(RequestAttributes request);
  }

  private final AccessReviewer reviewer;
  private final TtlCache<RequestAttributes, Decision> decisions;
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("jporch-accessreview-", 0).factory());

  public DelegatingAuthorizer(AccessReviewer reviewer) {
    this(
        reviewer,
        Duration.ofSeconds(ALLOW_TTL_SECONDS),
        Duration.ofSeconds(DENY_TTL_SECONDS),
        System::nanoTime);
  }

  DelegatingAuthorizer(
      AccessReviewer reviewer, Duration allowTtl, Duration denyTtl, LongSupplier nanoClock) {
    this.reviewer = reviewer;
    this.decisions =
        new TtlCache<>(d -> d.allowed() ? allowTtl : denyTtl, CACHE_CAPACITY, nanoClock);
  }

  /** SubjectAccessReviews through {@code client} ({@code authorization.k8s.io/v1}). */
  public static AccessReviewer subjectAccessReviews(KubernetesClient client) {
    return request -> {
      SubjectAccessReviewBuilder review =
          new SubjectAccessReviewBuilder()
              .withNewSpec()
              .withUser(request.user().name())
              .withUid(request.user().uid())
              .withGroups(request.user().groups())
              .withExtra(request.user().extra().isEmpty() ? null : request.user().extra())
              .endSpec();
      if (request.resourceRequest()) {
        review
            .editSpec()
            .withResourceAttributes(
                new ResourceAttributesBuilder()
                    .withVerb(request.verb())
                    .withGroup(request.apiGroup())
                    .withVersion(request.apiVersion())
                    .withResource(request.resource())
                    .withSubresource(request.subresource())
                    .withNamespace(request.namespace())
                    .withName(request.name())
                    .build())
            .endSpec();
      } else {
        review
            .editSpec()
            .withNonResourceAttributes(
                new NonResourceAttributesBuilder()
                    .withPath(request.path())
                    .withVerb(request.verb())
                    .build())
            .endSpec();
      }
      SubjectAccessReview answer = client.resource(review.build()).create();
      SubjectAccessReviewStatus status = answer == null ? null : answer.getStatus();
      if (status == null) {
        throw new IllegalStateException("the SubjectAccessReview came back without a status");
      }
      boolean allowed =
          Boolean.TRUE.equals(status.getAllowed()) && !Boolean.TRUE.equals(status.getDenied());
      String reason = status.getReason();
      if (status.getEvaluationError() != null && !status.getEvaluationError().isEmpty()) {
        reason =
            reason == null || reason.isEmpty()
                ? status.getEvaluationError()
                : reason + ": " + status.getEvaluationError();
      }
      return new Decision(allowed, reason);
    };
  }

  @Override
  public CompletionStage<Decision> authorize(RequestAttributes request) {
    if (!request.resourceRequest() && ALWAYS_ALLOWED_PATHS.contains(request.path())) {
      return CompletableFuture.completedFuture(Decision.ALLOW);
    }
    if (request.user().groups().contains(Authorizer.MASTERS_GROUP)) {
      return CompletableFuture.completedFuture(Decision.ALLOW);
    }
    return decisions.get(
        cacheKey(request),
        key -> CompletableFuture.supplyAsync(() -> reviewer.review(key), executor));
  }

  /** The attributes a SubjectAccessReview sees (the non-resource path only for such requests). */
  private static RequestAttributes cacheKey(RequestAttributes r) {
    return r.resourceRequest()
        ? new RequestAttributes(
            r.user(),
            r.verb(),
            true,
            "",
            r.apiGroup(),
            r.apiVersion(),
            r.namespace(),
            r.resource(),
            r.subresource(),
            r.name())
        : r;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
