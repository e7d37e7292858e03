package io.jporch.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jporch.core.api.meta.Status;
import io.jporch.core.context.UserInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizerTest {
  static final String POLICY =
      """
      rules:
      - groups: ["system:authenticated"]
        verbs: [get, list, watch]
        apiGroups: ["porch.kpt.dev", "config.porch.kpt.dev"]
        resources: ["*"]
      - users: [alice]
        verbs: [create, update, patch, delete]
        apiGroups: ["porch.kpt.dev"]
        resources: [packagerevisions, packagerevisionresources]
        namespaces: [default]
      - groups: [approvers]
        verbs: [update]
        apiGroups: ["porch.kpt.dev"]
        resources: [packagerevisions/approval]
      - users: [ops]
        verbs: ["*"]
        apiGroups: [""]
        resources: [secrets]
        resourceNames: [git-auth]
      - groups: ["system:unauthenticated"]
        verbs: [get]
        nonResourceURLs: ["/api", "/apis", "/apis/*"]
      - groups: ["system:unauthenticated"]
        verbs: [list]
        apiGroups: ["config.porch.kpt.dev"]
        resources: [repositories]
      """;
  static final UserInfo READER = user("reader");
  static final UserInfo ALICE = user("alice");
  static final UserInfo BOB = user("bob", "approvers");
  static final UserInfo OPS = user("ops");

  private static UserInfo user(String name, String... groups) {
    List<String> all = new java.util.ArrayList<>(List.of(groups));
    all.add(UserInfo.AUTHENTICATED_GROUP);
    return new UserInfo(name, all);
  }

  private final Authorizer policy = Authorizer.withPolicy(AuthorizationPolicy.parse(POLICY));

  private static RequestAttributes request(
      UserInfo user, String method, String path, String query) {
    List<String> segments =
        java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    Map<String, List<String>> params =
        query == null ? Map.of() : Map.of(query.split("=")[0], List.of(query.split("=")[1]));
    return RequestInfoResolver.resolve(user, method, path, segments, params);
  }

  private boolean allows(UserInfo user, String method, String path) {
    return policy.allows(request(user, method, path, null));
  }

  static final String PRS = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";

  @Test
  void readersReadAuthorsWriteApproversApprove() {
    assertThat(allows(READER, "GET", PRS)).isTrue();
    assertThat(policy.allows(request(READER, "GET", PRS, "watch=true"))).isTrue();
    assertThat(allows(READER, "GET", PRS + "/x")).isTrue();
    assertThat(allows(READER, "POST", PRS)).isFalse();
    assertThat(allows(READER, "DELETE", PRS + "/x")).isFalse();

    assertThat(allows(ALICE, "POST", PRS)).isTrue();
    assertThat(allows(ALICE, "PATCH", PRS + "/x")).isTrue();
    assertThat(allows(ALICE, "PUT", PRS + "/x")).as("propose").isTrue();
    assertThat(allows(ALICE, "PUT", PRS + "/x/approval")).as("approve").isFalse();
    assertThat(allows(ALICE, "DELETE", PRS)).as("deletecollection not granted").isFalse();
    assertThat(allows(ALICE, "POST", PRS.replace("/default/", "/other/")))
        .as("alice writes only in default")
        .isFalse();

    assertThat(allows(BOB, "PUT", PRS + "/x/approval")).isTrue();
    assertThat(allows(BOB, "PUT", PRS + "/x")).isFalse();
  }

  @Test
  void resourceNamesAndCoreGroup() {
    String secrets = "/api/v1/namespaces/default/secrets";
    assertThat(allows(OPS, "GET", secrets + "/git-auth")).isTrue();
    assertThat(allows(OPS, "DELETE", secrets + "/git-auth")).isTrue();
    assertThat(allows(OPS, "GET", secrets + "/other")).isFalse();
    assertThat(allows(OPS, "GET", secrets)).as("a list names no object").isFalse();
    assertThat(allows(READER, "GET", secrets + "/git-auth")).isFalse();
  }

  @Test
  void mastersAlwaysAndDiscoveryForAuthenticatedUsers() {
    assertThat(allows(Authenticator.ADMIN, "DELETE", PRS)).isTrue();
    assertThat(allows(Authenticator.ADMIN, "PUT", PRS + "/x/approval")).isTrue();
    for (String path : List.of("/api", "/apis/porch.kpt.dev/v1alpha1", "/openapi/v3", "/version")) {
      assertThat(allows(READER, "GET", path)).as(path).isTrue();
    }
  }

  @Test
  void anonymousOnlyWhatThePolicyGrants() {
    UserInfo anonymous = Authenticator.ANONYMOUS;
    assertThat(allows(anonymous, "GET", "/apis")).isTrue();
    assertThat(allows(anonymous, "GET", "/apis/porch.kpt.dev/v1alpha1")).isTrue();
    assertThat(allows(anonymous, "GET", "/openapi/v3")).isFalse();
    assertThat(
            allows(
                anonymous,
                "GET",
                "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories"))
        .isTrue();
    assertThat(allows(anonymous, "GET", PRS)).isFalse();
    assertThat(Authorizer.allowAuthenticated().allows(request(anonymous, "GET", "/apis", null)))
        .as("without a policy anonymous users may do nothing")
        .isFalse();
    assertThat(Authorizer.allowAuthenticated().allows(request(READER, "DELETE", PRS, null)))
        .as("without a policy authenticated users may do anything")
        .isTrue();
  }

  @Test
  void forbiddenStatusHasKubeApiserversMessage() {
    Status status = Authorizer.forbidden(request(ALICE, "PUT", PRS + "/name/approval", null));
    assertThat(status.code()).isEqualTo(403);
    assertThat(status.reason()).isEqualTo("Forbidden");
    assertThat(status.message())
        .isEqualTo(
            "packagerevisions.porch.kpt.dev \"name\" is forbidden: User \"alice\" cannot update"
                + " resource \"packagerevisions/approval\" in API group \"porch.kpt.dev\" in the"
                + " namespace \"default\"");
    assertThat(status.details())
        .isEqualTo(new Status.Details("name", "porch.kpt.dev", "packagerevisions", null));

    assertThat(
            Authorizer.forbidden(
                    request(READER, "GET", "/apis/porch.kpt.dev/v1alpha1/packagerevisions", null))
                .message())
        .isEqualTo(
            "packagerevisions.porch.kpt.dev is forbidden: User \"reader\" cannot list resource"
                + " \"packagerevisions\" in API group \"porch.kpt.dev\" at the cluster scope");
    assertThat(
            Authorizer.forbidden(
                    request(READER, "POST", "/api/v1/namespaces/default/secrets", null))
                .message())
        .isEqualTo(
            "secrets is forbidden: User \"reader\" cannot create resource \"secrets\" in API"
                + " group \"\" in the namespace \"default\"");
    assertThat(
            Authorizer.forbidden(request(Authenticator.ANONYMOUS, "GET", "/openapi/v3", null))
                .message())
        .isEqualTo("forbidden: User \"system:anonymous\" cannot get path \"/openapi/v3\"");
  }

  @Test
  void invalidPoliciesAreRefusedNamingRuleAndField() {
    assertThatThrownBy(
            () ->
                AuthorizationPolicy.parse(
                    "rules:\n- users: [a]\n  verbs: [updat]\n  apiGroups: ['']\n  resources: [x]\n"))
        .hasMessageStartingWith("rules[0].verbs: unknown verb \"updat\"");
    assertThatThrownBy(
            () ->
                AuthorizationPolicy.parse(
                    "rules:\n- verbs: [get]\n  apiGroups: ['']\n  resources: [x]\n"))
        .hasMessage("rules[0]: names no subject (users or groups)");
    assertThatThrownBy(() -> AuthorizationPolicy.parse("rules:\n- users: [a]\n  verb: [get]\n"))
        .hasMessageStartingWith("rules[0]: unknown field \"verb\"");
    assertThatThrownBy(
            () ->
                AuthorizationPolicy.parse(
                    "rules:\n- users: [a]\n  verbs: [get]\n  resources: [x]\n"))
        .hasMessageStartingWith("rules[0].apiGroups: required");
    assertThatThrownBy(() -> AuthorizationPolicy.parse("rules:\n- users: [a]\n  verbs: [get]\n"))
        .hasMessage("rules[0]: needs apiGroups and resources, or nonResourceURLs");
    assertThatThrownBy(() -> AuthorizationPolicy.parse("rules:\n- users: a\n  verbs: [get]\n"))
        .hasMessage("rules[0].users: must be a list of strings");
    assertThatThrownBy(() -> AuthorizationPolicy.parse("rule: []\n"))
        .hasMessage("unknown field \"rule\"");
    assertThatThrownBy(() -> AuthorizationPolicy.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(
            () ->
                AuthorizationPolicy.parse(
                    "rules:\n- users: [a]\n  verbs: [get]\n  apiGroups: ['']\n  resources: [a/b/c]\n"))
        .hasMessageContaining("rules[0].resources: invalid resource \"a/b/c\"");
  }

  @Test
  void selfSubjectAccessReviews() throws Exception {
    var body =
        io.jporch.core.util.Json.MAPPER.readTree(
            """
            {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
             "spec":{"resourceAttributes":{"namespace":"default","verb":"update",
               "group":"porch.kpt.dev","resource":"packagerevisions","subresource":"approval"}}}
            """);
    var denied = SelfSubjectAccessReviews.review(policy, ALICE, body).toCompletableFuture().join();
    assertThat(denied.at("/status/allowed").asBoolean()).isFalse();
    assertThat(denied.at("/status/reason").asText())
        .isEqualTo(
            "User \"alice\" cannot update resource \"packagerevisions/approval\" in API group"
                + " \"porch.kpt.dev\" in the namespace \"default\"");
    assertThat(denied.at("/spec/resourceAttributes/verb").asText()).isEqualTo("update");
    var allowed = SelfSubjectAccessReviews.review(policy, BOB, body).toCompletableFuture().join();
    assertThat(allowed.at("/status/allowed").asBoolean()).isTrue();
    assertThat(allowed.at("/status").has("reason")).isFalse();
    var path =
        io.jporch.core.util.Json.MAPPER.readTree(
            "{\"spec\":{\"nonResourceAttributes\":{\"path\":\"/apis\",\"verb\":\"get\"}}}");
    assertThat(
            SelfSubjectAccessReviews.review(policy, Authenticator.ANONYMOUS, path)
                .toCompletableFuture()
                .join()
                .at("/status/allowed")
                .asBoolean())
        .isTrue();
    assertThatThrownBy(
            () ->
                SelfSubjectAccessReviews.review(
                    policy, ALICE, io.jporch.core.util.Json.MAPPER.readTree("{\"spec\":{}}")))
        .hasMessageContaining("exactly one of nonResourceAttributes or resourceAttributes");
    assertThat(
            policy.allows(
                request(
                    READER,
                    "POST",
                    "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                    null)))
        .isTrue();
    assertThat(
            policy.allows(
                request(
                    Authenticator.ANONYMOUS,
                    "POST",
                    "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                    null)))
        .isFalse();
  }

  @Test
  void wildcardSubresources() {
    AuthorizationPolicy p =
        AuthorizationPolicy.parse(
            """
            rules:
            - users: [u]
              verbs: [update]
              apiGroups: ["*"]
              resources: ["*/approval", "repositories/*"]
            """);
    UserInfo u = user("u");
    assertThat(p.allows(request(u, "PUT", PRS + "/x/approval", null))).isTrue();
    assertThat(p.allows(request(u, "PUT", PRS + "/x", null))).isFalse();
    assertThat(
            p.allows(
                request(
                    u,
                    "PUT",
                    "/apis/config.porch.kpt.dev/v1alpha1/namespaces/d/repositories/r/status",
                    null)))
        .isTrue();
  }
}
