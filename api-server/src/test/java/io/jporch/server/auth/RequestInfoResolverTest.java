package io.jporch.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.context.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestInfoResolverTest {
  private static final UserInfo ALICE =
      new UserInfo("alice", List.of(UserInfo.AUTHENTICATED_GROUP));
  private static final String PR =
      "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";

  private static RequestAttributes resolve(String method, String url) {
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : url.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        query
            .computeIfAbsent(eq < 0 ? pair : pair.substring(0, eq), k -> new ArrayList<>())
            .add(eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    List<String> segments =
        java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    return RequestInfoResolver.resolve(ALICE, method, path, segments, query);
  }

  private static RequestAttributes resource(
      String verb, String group, String ns, String resource, String sub, String name) {
    return new RequestAttributes(
        ALICE,
        verb,
        true,
        null,
        group,
        group.equals("") ? "v1" : group.startsWith("config") ? "v1alpha1" : "v1alpha1",
        ns,
        resource,
        sub,
        name);
  }

  private static void assertResource(
      RequestAttributes actual,
      String verb,
      String group,
      String ns,
      String resource,
      String sub,
      String name) {
    assertThat(actual.withUser(ALICE))
        .usingRecursiveComparison()
        .ignoringFields("path", "apiVersion")
        .isEqualTo(resource(verb, group, ns, resource, sub, name));
    assertThat(actual.resourceRequest()).isTrue();
  }

  @Test
  void verbsFromMethodsAndCollections() {
    assertResource(
        resolve("GET", PR), "list", "porch.kpt.dev", "default", "packagerevisions", "", "");
    assertResource(
        resolve("GET", PR + "?watch=true&resourceVersion=5"),
        "watch",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "");
    assertResource(
        resolve("GET", PR + "?watch=1"),
        "watch",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "");
    assertResource(
        resolve("GET", PR + "?watch=false"),
        "list",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "");
    assertResource(
        resolve("GET", PR + "/r.p.ws"),
        "get",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "r.p.ws");
    assertResource(
        resolve("HEAD", PR + "/r.p.ws"),
        "get",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "r.p.ws");
    assertResource(
        resolve("POST", PR), "create", "porch.kpt.dev", "default", "packagerevisions", "", "");
    assertResource(
        resolve("PUT", PR + "/x"),
        "update",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "x");
    assertResource(
        resolve("PATCH", PR + "/x"),
        "patch",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "x");
    assertResource(
        resolve("DELETE", PR + "/x"),
        "delete",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "x");
    assertResource(
        resolve("DELETE", PR),
        "deletecollection",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "");
  }

  @Test
  void theApprovalSubresourceIsItsOwnResource() {
    RequestAttributes approve = resolve("PUT", PR + "/repo.pkg.v1/approval");
    assertResource(
        approve,
        "update",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "approval",
        "repo.pkg.v1");
    assertThat(approve.resourceKey()).isEqualTo("packagerevisions/approval");
    assertResource(
        resolve("PUT", "/apis/config.porch.kpt.dev/v1alpha1/namespaces/ns1/repositories/r/status"),
        "update",
        "config.porch.kpt.dev",
        "ns1",
        "repositories",
        "status",
        "r");
  }

  @Test
  void watchesByLegacyPrefixAndByFieldSelectedName() {
    assertResource(
        resolve("GET", "/apis/porch.kpt.dev/v1alpha1/watch/namespaces/default/packagerevisions"),
        "watch",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "");
    assertResource(
        resolve("GET", "/apis/porch.kpt.dev/v1alpha1/watch/namespaces/default/packagerevisions/x"),
        "watch",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "x");
    // kubectl get packagerevision NAME -w
    assertResource(
        resolve("GET", PR + "?fieldSelector=metadata.name%3Dx&watch=true".replace("%3D", "=")),
        "watch",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "x");
    assertResource(
        resolve("GET", PR + "?fieldSelector=spec.repository=r,metadata.name==y"),
        "list",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "y");
    assertResource(
        resolve("GET", PR + "?fieldSelector=metadata.name!=y"),
        "list",
        "porch.kpt.dev",
        "default",
        "packagerevisions",
        "",
        "");
  }

  @Test
  void coreGroupClusterScopeAndAllNamespaces() {
    assertResource(
        resolve("GET", "/api/v1/namespaces/default/secrets/git-auth"),
        "get",
        "",
        "default",
        "secrets",
        "",
        "git-auth");
    assertResource(
        resolve("POST", "/api/v1/namespaces/default/secrets"),
        "create",
        "",
        "default",
        "secrets",
        "",
        "");
    assertResource(
        resolve("GET", "/apis/porch.kpt.dev/v1alpha1/packagerevisions"),
        "list",
        "porch.kpt.dev",
        "",
        "packagerevisions",
        "",
        "");
    assertResource(
        resolve("GET", "/api/v1/namespaces/default"),
        "get",
        "",
        "default",
        "namespaces",
        "",
        "default");
  }

  @Test
  void discoveryOpenApiAndHealthAreNonResourceRequests() {
    for (String path :
        List.of(
            "/api",
            "/api/v1",
            "/apis",
            "/apis/porch.kpt.dev",
            "/apis/porch.kpt.dev/v1alpha1",
            "/openapi/v2",
            "/openapi/v3/apis/porch.kpt.dev/v1alpha1",
            "/version",
            "/healthz")) {
      RequestAttributes a = resolve("GET", path);
      assertThat(a.resourceRequest()).as(path).isFalse();
      assertThat(a.verb()).as(path).isEqualTo("get");
      assertThat(a.path()).as(path).isEqualTo(path);
    }
    assertThat(resolve("POST", "/apis").verb()).isEqualTo("post");
  }
}
