package io.jporch.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.jporch.core.util.Json;
import io.jporch.server.admission.RepositoryWebhookServer;
import io.jporch.server.rest.config.RepositoryConflicts;
import io.jporch.server.support.ServerFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The cluster deployment in deploy/, rendered by {@code kubectl kustomize} as {@code kubectl apply
 * -k deploy/} would: the objects refer to each other consistently (APIService → Service →
 * Deployment ports, the webhook's Service, port and path), the server's arguments are flags it
 * accepts, its probes are paths it serves without credentials, and RBAC grants the server's
 * ServiceAccount every Kubernetes API call the server makes — and nothing else.
 */
class DeployManifestsTest {
  private static final String NAMESPACE = "porch-system";
  private static final String SERVER_SA = "porch-server";

  /**
   * Every call the server makes to kube-apiserver in cluster mode (namespace null: any namespace;
   * name null: any object). Keep in step with the code that makes them.
   */
  static final List<Access> SERVER_CALLS =
      List.of(
          // Repository CRs: the informer that drives the cache (list + watch), reads by name
          // (cluster.ClusterRepositories).
          new Access("config.porch.kpt.dev", "repositories", "get", null, null),
          new Access("config.porch.kpt.dev", "repositories", "list", null, null),
          new Access("config.porch.kpt.dev", "repositories", "watch", null, null),
          // Repository status, replaced through the status subresource.
          new Access("config.porch.kpt.dev", "repositories/status", "update", null, null),
          // PackageRev CRs: the package revisions' metadata (cluster.PackageRevMetadataStore).
          new Access("config.porch.kpt.dev", "packagerevs", "get", null, null),
          new Access("config.porch.kpt.dev", "packagerevs", "list", null, null),
          new Access("config.porch.kpt.dev", "packagerevs", "watch", null, null),
          new Access("config.porch.kpt.dev", "packagerevs", "create", null, null),
          new Access("config.porch.kpt.dev", "packagerevs", "update", null, null),
          new Access("config.porch.kpt.dev", "packagerevs", "delete", null, null),
          // Git credentials (spec.git.secretRef, <namespace>-ca-bundle), read by name before use
          // (cluster.ClusterSecretStore).
          new Access("", "secrets", "get", null, null),
          // Delegated authentication and authorization.
          new Access("authentication.k8s.io", "tokenreviews", "create", null, null),
          new Access("authorization.k8s.io", "subjectaccessreviews", "create", null, null),
          new Access("", "configmaps", "get", "kube-system", "extension-apiserver-authentication"),
          new Access("", "configmaps", "list", "kube-system", "extension-apiserver-authentication"),
          new Access(
              "", "configmaps", "watch", "kube-system", "extension-apiserver-authentication"),
          // The Repository webhook's caBundle.
          new Access(
              "admissionregistration.k8s.io",
              "validatingwebhookconfigurations",
              "get",
              null,
              "repository-validating-webhook"),
          new Access(
              "admissionregistration.k8s.io",
              "validatingwebhookconfigurations",
              "patch",
              null,
              "repository-validating-webhook"));

  /** Roles every cluster has (kube-apiserver's bootstrap policy), as far as deploy/ binds them. */
  private static final Map<String, String> BOOTSTRAP_ROLES =
      Map.of(
          "ClusterRole/system:auth-delegator",
          """
          rules:
          - apiGroups: [authentication.k8s.io]
            resources: [tokenreviews]
            verbs: [create]
          - apiGroups: [authorization.k8s.io]
            resources: [subjectaccessreviews]
            verbs: [create]
          """,
          "Role/kube-system/extension-apiserver-authentication-reader",
          """
          rules:
          - apiGroups: [""]
            resources: [configmaps]
            resourceNames: [extension-apiserver-authentication]
            verbs: [get, list, watch]
          """);

  record Access(String group, String resource, String verb, String namespace, String name) {}

  private static List<JsonNode> objects;

  @BeforeAll
  static void render() throws Exception {
    Path deploy = Path.of("").toAbsolutePath().getParent().resolve("deploy");
    assertThat(deploy.resolve("kustomization.yaml")).exists();
    Process kubectl =
        new ProcessBuilder("kubectl", "kustomize", deploy.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = kubectl.getInputStream().readAllBytes();
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as("kubectl kustomize deploy/").isZero();
    try (MappingIterator<JsonNode> docs =
        Json.YAML.readerFor(JsonNode.class).readValues(new ByteArrayInputStream(out))) {
      objects = docs.readAll().stream().filter(JsonNode::isObject).toList();
    }
  }

  @Test
  void rendersTheObjectsOfPorchsDeployment() {
    assertThat(objects.stream().map(o -> kind(o) + "/" + name(o)))
        .contains(
            "Namespace/porch-system",
            "CustomResourceDefinition/repositories.config.porch.kpt.dev",
            "CustomResourceDefinition/packagerevs.config.porch.kpt.dev",
            "ServiceAccount/porch-server",
            "ServiceAccount/porch-fn-runner",
            "Deployment/porch-server",
            "Deployment/function-runner",
            "Service/api",
            "Service/function-runner",
            "APIService/v1alpha1.porch.kpt.dev",
            "ValidatingWebhookConfiguration/repository-validating-webhook",
            "ClusterRoleBinding/porch:system:auth-delegator",
            "RoleBinding/porch-auth-reader");
    JsonNode repositories = object("CustomResourceDefinition", "repositories.config.porch.kpt.dev");
    assertThat(repositories.at("/spec/names/shortNames/0").asText()).isEqualTo("repo");
    assertThat(repositories.at("/spec/versions/0/name").asText()).isEqualTo("v1alpha1");
    assertThat(repositories.at("/spec/versions/0/subresources/status").isObject()).isTrue();
    JsonNode packageRevs = object("CustomResourceDefinition", "packagerevs.config.porch.kpt.dev");
    assertThat(packageRevs.at("/spec/scope").asText()).isEqualTo("Namespaced");
    for (JsonNode o : objects) {
      String ns = o.at("/metadata/namespace").asText("");
      assertThat(ns).as(kind(o) + "/" + name(o)).isIn("", NAMESPACE, "kube-system");
    }
  }

  @Test
  void theApiServiceReachesTheServersApiPort() {
    JsonNode apiService = object("APIService", "v1alpha1.porch.kpt.dev");
    assertThat(apiService.at("/spec/group").asText()).isEqualTo("porch.kpt.dev");
    assertThat(apiService.at("/spec/version").asText()).isEqualTo("v1alpha1");
    assertThat(apiService.at("/spec/insecureSkipTLSVerify").asBoolean()).isTrue();
    JsonNode ref = apiService.at("/spec/service");
    int port = ref.path("port").asInt(443);
    int containerPort =
        containerPortBehind(ref.path("namespace").asText(), ref.path("name").asText(), port);
    assertThat(containerPort).isEqualTo(serverPort());
  }

  @Test
  void theWebhookReachesTheServersWebhookPortAndPath() {
    JsonNode config = object("ValidatingWebhookConfiguration", "repository-validating-webhook");
    assertThat(config.path("webhooks")).hasSize(1);
    JsonNode webhook = config.path("webhooks").get(0);
    assertThat(webhook.path("name").asText()).isEqualTo(RepositoryConflicts.WEBHOOK_NAME);
    assertThat(webhook.path("failurePolicy").asText()).isEqualTo("Fail");
    assertThat(webhook.path("sideEffects").asText()).isEqualTo("None");
    assertThat(texts(webhook.path("admissionReviewVersions"))).contains("v1");
    JsonNode rule = webhook.at("/rules/0");
    assertThat(texts(rule.path("apiGroups"))).containsExactly("config.porch.kpt.dev");
    assertThat(texts(rule.path("apiVersions"))).containsExactly("v1alpha1");
    assertThat(texts(rule.path("resources"))).containsExactly("repositories");
    assertThat(texts(rule.path("operations"))).containsExactlyInAnyOrder("CREATE", "UPDATE");
    JsonNode service = webhook.at("/clientConfig/service");
    assertThat(service.path("path").asText()).isEqualTo(RepositoryWebhookServer.PATH);
    int containerPort =
        containerPortBehind(
            service.path("namespace").asText(),
            service.path("name").asText(),
            service.path("port").asInt(443));
    JsonNode container = serverContainer();
    assertThat(containerPort).isEqualTo(Integer.parseInt(env(container, "WEBHOOK_PORT")));
    assertThat(env(container, "WEBHOOK_SERVICE_NAME")).isEqualTo(service.path("name").asText());
    assertThat(env(container, "WEBHOOK_SERVICE_NAMESPACE"))
        .isEqualTo(service.path("namespace").asText());
    // The certificate directory must be writable under a read-only root file system.
    assertThat(mountedVolumes(container)).contains(env(container, "CERT_STORAGE_DIR"));
  }

  @Test
  void theServerAcceptsItsArguments() {
    List<String> args = serverArgs();
    assertThat(args).first().isEqualTo("serve");
    CommandLine.ParseResult parsed =
        new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
    assertThat(parsed.subcommand()).isNotNull();
    assertThat(parsed.subcommand().matchedOptionValue("--port", 0)).isEqualTo(serverPort());
    String dataDir = parsed.subcommand().matchedOptionValue("--data-dir", Path.of("")).toString();
    JsonNode container = serverContainer();
    assertThat(mountedVolumes(container)).contains(dataDir, "/tmp");
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(parsed.subcommand().matchedOptionValue("--bind-address", "")).isEqualTo("0.0.0.0");
  }

  @Test
  void theServersProbesAreHealthPathsItServesWithoutCredentials(@TempDir Path dir)
      throws Exception {
    JsonNode container = serverContainer();
    Map<String, String> probes = new java.util.LinkedHashMap<>();
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      JsonNode get = container.path(probe).path("httpGet");
      assertThat(get.isObject()).as(probe).isTrue();
      assertThat(get.path("scheme").asText()).as(probe).isEqualTo("HTTPS");
      assertThat(get.path("port").asInt()).as(probe).isEqualTo(serverPort());
      probes.put(probe, get.path("path").asText());
    }
    assertThat(probes)
        .containsEntry("livenessProbe", "/livez")
        .containsEntry("readinessProbe", "/readyz");
    try (ServerFixture fixture = ServerFixture.start(dir)) {
      HttpClient client = trusting(fixture.server().tls().certificatePem());
      for (String path : probes.values()) {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create(fixture.server().url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
      }
    }
  }

  @Test
  void theFunctionRunnerIsReachableAndProbedOnItsGrpcPort() {
    JsonNode deployment = object("Deployment", "function-runner");
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    int port = container.at("/ports/0/containerPort").asInt();
    assertThat(port).isEqualTo(9445);
    assertThat(containerPortBehind(NAMESPACE, "function-runner", 9445)).isEqualTo(port);
    assertThat(container.at("/livenessProbe/grpc/port").asInt()).isEqualTo(port);
    assertThat(container.at("/readinessProbe/grpc/port").asInt()).isEqualTo(port);
    assertThat(deployment.at("/spec/template/spec/automountServiceAccountToken").asBoolean(true))
        .isFalse();
    assertThat(bindingsOf("porch-fn-runner")).isEmpty();
  }

  @Test
  void rbacGrantsTheServerEveryCallItMakes() {
    List<String> missing = new ArrayList<>();
    for (Access access : SERVER_CALLS) {
      if (!allowed(access)) {
        missing.add(access.toString());
      }
    }
    assertThat(missing).as("calls the server makes that RBAC denies").isEmpty();
  }

  @Test
  void rbacGrantsTheServerNothingElse() {
    // Each rule of the roles deploy/ defines, expanded, must be a call the server makes.
    List<String> extra = new ArrayList<>();
    for (JsonNode binding : bindingsOf(SERVER_SA)) {
      JsonNode role = role(binding).orElseThrow();
      if (!objects.contains(role)) {
        continue; // a bootstrap role: its extent is Kubernetes' business
      }
      String scope =
          binding.path("kind").asText().equals("RoleBinding") ? namespace(binding) : null;
      for (JsonNode rule : role.path("rules")) {
        for (String group : texts(rule.path("apiGroups"))) {
          for (String resource : texts(rule.path("resources"))) {
            for (String verb : texts(rule.path("verbs"))) {
              List<String> names = texts(rule.path("resourceNames"));
              for (String name :
                  names.isEmpty() ? java.util.Collections.<String>singletonList(null) : names) {
                Access granted = new Access(group, resource, verb, scope, name);
                if (!SERVER_CALLS.contains(granted)) {
                  extra.add(granted.toString());
                }
              }
            }
          }
        }
      }
    }
    assertThat(extra).as("permissions the server never uses").isEmpty();
  }

  @Test
  void secretsAreOnlyReadByName() {
    for (JsonNode binding : bindingsOf(SERVER_SA)) {
      JsonNode role = role(binding).orElseThrow();
      for (JsonNode rule : role.path("rules")) {
        if (texts(rule.path("resources")).contains("secrets")) {
          // Read by name only: never list or watch every Secret of the cluster (Porch does).
          assertThat(texts(rule.path("verbs"))).containsOnly("get");
        }
        assertThat(texts(rule.path("verbs"))).doesNotContain("*");
        assertThat(texts(rule.path("resources"))).doesNotContain("*");
      }
    }
  }

  // --- RBAC evaluation (kube-apiserver's RBAC authorizer, restricted to what deploy/ uses)

  private static boolean allowed(Access access) {
    for (JsonNode binding : bindingsOf(SERVER_SA)) {
      boolean namespaced = binding.path("kind").asText().equals("RoleBinding");
      if (namespaced && !namespace(binding).equals(access.namespace())) {
        continue;
      }
      Optional<JsonNode> role = role(binding);
      if (role.isEmpty()) {
        fail("binding " + name(binding) + " refers to a role that does not exist");
      }
      for (JsonNode rule : role.get().path("rules")) {
        if (matches(rule.path("apiGroups"), access.group())
            && matches(rule.path("resources"), access.resource())
            && matches(rule.path("verbs"), access.verb())
            && (rule.path("resourceNames").isEmpty()
                || access.name() != null
                    && texts(rule.path("resourceNames")).contains(access.name()))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matches(JsonNode values, String value) {
    List<String> list = texts(values);
    return list.contains("*") || list.contains(value);
  }

  private static List<JsonNode> bindingsOf(String serviceAccount) {
    return objects.stream()
        .filter(o -> kind(o).equals("ClusterRoleBinding") || kind(o).equals("RoleBinding"))
        .filter(
            b ->
                StreamSupport.stream(b.path("subjects").spliterator(), false)
                    .anyMatch(
                        s ->
                            s.path("kind").asText().equals("ServiceAccount")
                                && s.path("name").asText().equals(serviceAccount)
                                && s.path("namespace").asText().equals(NAMESPACE)))
        .toList();
  }

  private static Optional<JsonNode> role(JsonNode binding) {
    String kind = binding.at("/roleRef/kind").asText();
    String name = binding.at("/roleRef/name").asText();
    String ns = kind.equals("Role") ? namespace(binding) : "";
    Optional<JsonNode> defined =
        objects.stream()
            .filter(o -> kind(o).equals(kind) && name(o).equals(name) && namespace(o).equals(ns))
            .findFirst();
    if (defined.isPresent()) {
      return defined;
    }
    String key = kind.equals("Role") ? kind + "/" + ns + "/" + name : kind + "/" + name;
    String bootstrap = BOOTSTRAP_ROLES.get(key);
    if (bootstrap == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.YAML.readTree(bootstrap));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- object helpers

  private static JsonNode object(String kind, String name) {
    return objects.stream()
        .filter(o -> kind(o).equals(kind) && name(o).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("deploy/ renders no " + kind + "/" + name));
  }

  private static JsonNode serverContainer() {
    return object("Deployment", "porch-server").at("/spec/template/spec/containers/0");
  }

  private static List<String> serverArgs() {
    return texts(serverContainer().path("args"));
  }

  private static int serverPort() {
    JsonNode container = serverContainer();
    for (JsonNode port : container.path("ports")) {
      if (port.path("name").asText().equals("api")) {
        return port.path("containerPort").asInt();
      }
    }
    throw new AssertionError("the server container has no port named api");
  }

  /**
   * The container port that traffic to {@code port} of Service {@code namespace/name} reaches: the
   * Service must exist, select the pods of a Deployment and map the port to one they declare.
   */
  private static int containerPortBehind(String namespace, String name, int port) {
    JsonNode service =
        objects.stream()
            .filter(o -> kind(o).equals("Service") && name(o).equals(name))
            .filter(o -> namespace(o).equals(namespace))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Service " + namespace + "/" + name));
    JsonNode servicePort =
        StreamSupport.stream(service.at("/spec/ports").spliterator(), false)
            .filter(p -> p.path("port").asInt() == port)
            .findFirst()
            .orElseThrow(() -> new AssertionError("Service " + name + " has no port " + port));
    JsonNode selector = service.at("/spec/selector");
    List<JsonNode> selected =
        objects.stream()
            .filter(o -> kind(o).equals("Deployment") && namespace(o).equals(namespace))
            .filter(d -> labelsMatch(selector, d.at("/spec/template/metadata/labels")))
            .toList();
    assertThat(selected).as("Deployments selected by Service " + name).hasSize(1);
    JsonNode target = servicePort.path("targetPort");
    Set<Integer> found = new HashSet<>();
    for (JsonNode container : selected.get(0).at("/spec/template/spec/containers")) {
      for (JsonNode p : container.path("ports")) {
        boolean hit =
            target.isMissingNode()
                ? p.path("containerPort").asInt() == port
                : target.isInt()
                    ? p.path("containerPort").asInt() == target.asInt()
                    : p.path("name").asText().equals(target.asText());
        if (hit) {
          found.add(p.path("containerPort").asInt());
        }
      }
    }
    assertThat(found).as("container port behind " + name + ":" + port).hasSize(1);
    return found.iterator().next();
  }

  private static boolean labelsMatch(JsonNode selector, JsonNode labels) {
    if (selector.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : selector.properties()) {
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    return true;
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    throw new AssertionError("the server container sets no " + name);
  }

  private static List<String> mountedVolumes(JsonNode container) {
    List<String> paths = new ArrayList<>();
    container.path("volumeMounts").forEach(m -> paths.add(m.path("mountPath").asText()));
    return paths;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static String kind(JsonNode o) {
    return o.path("kind").asText();
  }

  private static String name(JsonNode o) {
    return o.at("/metadata/name").asText();
  }

  private static String namespace(JsonNode o) {
    return o.at("/metadata/namespace").asText("");
  }

  private static HttpClient trusting(String certificatePem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(
        "server",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).build();
  }
}
