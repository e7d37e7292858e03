package io.jporch.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.context.UserInfo;
import io.jporch.core.error.BadRequestException;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.ResourceRef;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code SelfSubjectAccessReview} ({@code authorization.k8s.io/v1}, {@code POST
 * /apis/authorization.k8s.io/v1/selfsubjectaccessreviews}), which {@code kubectl auth can-i} asks:
 * may the requesting user perform the resource or non-resource request of the spec? Answered with
 * the same {@link Authorizer} as real requests. Every authenticated user may ask about itself, as
 * Kubernetes' {@code system:basic-user} role allows.
 */
public final class SelfSubjectAccessReviews {
  public static final String GROUP = "authorization.k8s.io";
  public static final String VERSION = "v1";
  public static final String RESOURCE = "selfsubjectaccessreviews";
  private static final String KIND = "SelfSubjectAccessReview";
  private static final ResourceRef REF = new ResourceRef(GROUP, RESOURCE, KIND, "");

  private SelfSubjectAccessReviews() {}

  /** True for the review collection URL's attributes. */
  public static boolean isReview(RequestAttributes request) {
    return request.resourceRequest()
        && request.apiGroup().equals(GROUP)
        && request.resource().equals(RESOURCE)
        && request.subresource().isEmpty()
        && request.name().isEmpty()
        && request.namespace().isEmpty();
  }

  /** The review with its {@code status} filled in. */
  public static CompletionStage<ObjectNode> review(
      RequestAuthorizer authorizer, UserInfo user, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new BadRequestException(REF, "the request body must be a SelfSubjectAccessReview");
    }
    String apiVersion = body.path("apiVersion").asText("");
    String kind = body.path("kind").asText("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(GROUP + "/" + VERSION)
        || !kind.isEmpty() && !kind.equals(KIND)) {
      throw new BadRequestException(
          REF,
          "the body is " + kind + " " + apiVersion + ", not " + KIND + " " + GROUP + "/" + VERSION);
    }
    JsonNode spec = body.path("spec");
    JsonNode resource = spec.path("resourceAttributes");
    JsonNode nonResource = spec.path("nonResourceAttributes");
    boolean hasResource = resource.isObject();
    boolean hasNonResource = nonResource.isObject();
    if (hasResource == hasNonResource) {
      throw new InvalidException(
          REF,
          List.of(
              FieldError.invalid(
                  "spec.resourceAttributes",
                  hasResource ? "set" : "unset",
                  "exactly one of nonResourceAttributes or resourceAttributes must be"
                      + " specified")));
    }
    RequestAttributes attributes =
        hasResource
            ? new RequestAttributes(
                user,
                resource.path("verb").asText(""),
                true,
                "",
                resource.path("group").asText(""),
                resource.path("version").asText(""),
                resource.path("namespace").asText(""),
                resource.path("resource").asText(""),
                resource.path("subresource").asText(""),
                resource.path("name").asText(""))
            : RequestAttributes.nonResource(
                user, nonResource.path("verb").asText(""), nonResource.path("path").asText(""));
    return authorizer
        .authorize(attributes)
        .thenApply(
            decision -> {
              ObjectNode response = body.deepCopy();
              response.put("apiVersion", GROUP + "/" + VERSION);
              response.put("kind", KIND);
              ObjectNode status = response.putObject("status");
              status.put("allowed", decision.allowed());
              if (!decision.allowed()) {
                status.put(
                    "reason",
                    decision.reason().isEmpty()
                        ? Authorizer.reasonText(attributes)
                        : decision.reason());
              }
              return response;
            });
  }
}
