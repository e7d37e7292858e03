package io.jporch.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.jporch.core.util.Json;
import io.jporch.server.support.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A stand-in for the cluster behind a cluster-mode server: fabric8's mock API server in CRUD mode
 * for Repository and PackageRev custom resources, Secrets and ConfigMaps (the {@code
 * extension-apiserver-authentication} ConfigMap naming a front-proxy CA and a client CA made here),
 * and in expectation mode for TokenReview (tokens listed in {@link #tokens}) and
 * SubjectAccessReview (denied when {@link #denied} matches the review's spec, allowed otherwise).
 * Every review is recorded.
 */
final class MockCluster implements AutoCloseable {
  static final String FRONT_PROXY_NAME = "front-proxy-client";

  final TestPki.Issued frontProxyCa = TestPki.authority("front-proxy-ca");
  final TestPki.Issued frontProxy = TestPki.client(frontProxyCa, FRONT_PROXY_NAME, List.of());
  final TestPki.Issued clientCa = TestPki.authority("client-ca");

  /** Valid bearer tokens and the TokenReview user they name ({@code username}, {@code groups}). */
  final Map<String, Map<String, Object>> tokens = new java.util.concurrent.ConcurrentHashMap<>();

  /** SubjectAccessReview specs to deny. */
  volatile Predicate<JsonNode> denied = spec -> false;

  final List<JsonNode> accessReviews = new CopyOnWriteArrayList<>();
  final List<JsonNode> tokenReviews = new CopyOnWriteArrayList<>();

  private final KubernetesMockServer server;
  final NamespacedKubernetesClient client;

  MockCluster() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(
                responses,
                List.of(crd("repositories", "Repository"), crd("packagerevs", "PackageRev"))),
            true);
    server.init();
    client = server.createClient();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
        .andReply(201, request -> accessReview(request.getUtf8Body()))
        .always();
    server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(201, request -> tokenReview(request.getUtf8Body()))
        .always();
    client
        .configMaps()
        .inNamespace(AuthenticationConfig.NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(AuthenticationConfig.NAME)
                .withNamespace(AuthenticationConfig.NAMESPACE)
                .endMetadata()
                .addToData("client-ca-file", clientCa.certificatePem())
                .addToData("requestheader-client-ca-file", frontProxyCa.certificatePem())
                .addToData("requestheader-allowed-names", "[\"" + FRONT_PROXY_NAME + "\"]")
                .addToData("requestheader-username-headers", "[\"X-Remote-User\"]")
                .addToData("requestheader-group-headers", "[\"X-Remote-Group\"]")
                .addToData("requestheader-extra-headers-prefix", "[\"X-Remote-Extra-\"]")
                .build())
        // The client retries a request that timed out on a loaded machine: the first attempt may
        // have created it already.
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  private static CustomResourceDefinitionContext crd(String plural, String kind) {
    return new CustomResourceDefinitionContext.Builder()
        .withGroup("config.porch.kpt.dev")
        .withVersion("v1alpha1")
        .withPlural(plural)
        .withKind(kind)
        .withScope("Namespaced")
        .withStatusSubresource(true)
        .build();
  }

  private Object accessReview(String body) {
    ObjectNode review = read(body);
    accessReviews.add(review.path("spec"));
    boolean deny = denied.test(review.path("spec"));
    ObjectNode status = review.putObject("status");
    status.put("allowed", !deny);
    if (deny) {
      status.put("reason", "denied by the test's policy");
    }
    return review.toString();
  }

  private Object tokenReview(String body) {
    ObjectNode review = read(body);
    tokenReviews.add(review.path("spec"));
    Map<String, Object> user = tokens.get(review.at("/spec/token").asText());
    ObjectNode status = review.putObject("status");
    status.put("authenticated", user != null);
    if (user != null) {
      status.set("user", Json.MAPPER.valueToTree(user));
    } else {
      status.put("error", "invalid bearer token");
    }
    return review.toString();
  }

  private static ObjectNode read(String body) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Aggregator headers naming {@code user} in {@code groups}. */
  static Map<String, List<String>> remoteUser(String user, String... groups) {
    return Map.of("X-Remote-User", List.of(user), "X-Remote-Group", List.of(groups));
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
