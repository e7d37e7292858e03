package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import io.jporch.testing.http.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every package of the shared kpt examples ({@code testdata/kpt-packages}), pushed to a Git
 * repository and cloned through jporch into a deployment repository (clone from a Git URL), renders
 * with its functions run natively: set-namespace, set-labels, apply-replacements, create-setters,
 * apply-setters and starlark, most of them at {@code :latest}. Packages that validate with
 * kubeconform, which jporch does not implement, fail only on it with a message naming the image;
 * cloned from a branch without that validator they render too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KptPackagesE2E extends E2EBase {
  private static final String GHCR = "ghcr.io/kptdev/krm-functions-catalog/";
  private static final List<String> PACKAGES =
      List.of("cert-manager-basic", "ghost", "guestbook", "nginx", "tenant", "wordpress");

  private JporchProcess server;
  private Kubectl kubectl;
  private String upstreamUrl;

  @BeforeAll
  void start() throws IOException {
    Path work = workDir("kpt-packages");
    Path git = work.resolve("git");
    upstreamUrl = "file://" + examplesRepository(git);
    Path deployment = GitCli.createSeededBareRepository(git, "deployment.git");
    server = JporchProcess.start(work.resolve("data"), work);
    kubectl = server.kubectl();
    RepositoryAssertions.applyAndAwaitReady(
        kubectl,
        "deployment",
        Manifests.deploymentGitRepository("deployment", "file://" + deployment));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyPackageRendersOrFailsOnlyOnKubeconform() {
    for (String pkg : PACKAGES) {
      Kubectl.Result created = clone(pkg, "main", pkg);
      if (List.of("guestbook", "nginx", "wordpress").contains(pkg)) {
        created.assertFailure();
        assertThat(created.errorText())
            .as(pkg)
            .contains(GHCR + "kubeconform:")
            .contains("is not supported by this server");
        continue;
      }
      created.assertSuccess();
      assertThat(resources(pkg, "v1").path("Kptfile").asText())
          .as(pkg)
          .contains("reason: RenderSuccess");
    }
  }

  @Test
  void ghostRendersItsSubpackagesAndTakesItsNamespaceFromThePackageContext() {
    clone("blog", "main", "ghost").assertSuccess();
    JsonNode files = resources("blog", "v1");

    // The clone's package context names the package "blog"; set-namespace:latest takes it.
    assertThat(files.path("package-context.yaml").asText()).contains("  name: blog\n");
    String deployment = files.path("ghost-app/deployment-ghost.yaml").asText();
    assertThat(deployment).contains("  namespace: blog\n").doesNotContain("namespace: example");
    assertThat(files.path("mariadb/statefulset-mariadb.yaml").asText())
        .contains("  namespace: blog\n");
    // apply-replacements copied the ingress host into the deployment (both example.com here).
    assertThat(deployment).contains("value: example.com");
    String kptfile = files.path("Kptfile").asText();
    assertThat(kptfile)
        .contains("reason: RenderSuccess")
        .contains("image: " + GHCR + "set-labels:latest")
        .contains("image: " + GHCR + "apply-replacements:latest")
        .contains("image: " + GHCR + "starlark:latest")
        .contains("image: " + GHCR + "set-namespace:latest");
  }

  @Test
  void withoutKubeconformTheMutatorsOfTheOtherPackagesApply() throws IOException {
    clone("wordpress-site", "without-kubeconform", "wordpress").assertSuccess();
    JsonNode wordpress = resources("wordpress-site", "no-kubeconform");
    JsonNode steps =
        Json.YAML
            .readTree(wordpress.path("Kptfile").asText())
            .at("/status/renderStatus/mutationSteps");
    assertThat(steps).hasSize(2);
    for (JsonNode step : steps) {
      assertThat(step.path("image").asText()).isEqualTo(GHCR + "set-labels:latest");
      assertThat(step.path("exitCode").asInt()).isZero();
      assertThat(step.at("/results/0/message").asText()).matches("set \\d+ labels in total");
    }
    assertThat(wordpress.path("mysql/deployment.yaml").asText()).contains("tier: mysql");

    clone("guestbook-site", "without-kubeconform", "guestbook").assertSuccess();
    JsonNode guestbook = resources("guestbook-site", "no-kubeconform");
    // create-setters marked the namespace's name, apply-setters kept it.
    assertThat(guestbook.path("namespace.yaml").asText())
        .contains("name: default # kpt-set: ${namespace}");
    assertThat(guestbook.path("Kptfile").asText())
        .contains("reason: RenderSuccess")
        .contains("image: " + GHCR + "create-setters:v0.1")
        .contains("image: " + GHCR + "apply-setters:v0.2")
        .contains("image: " + GHCR + "set-namespace:v0.4");

    clone("nginx-site", "without-kubeconform", "nginx").assertSuccess();
    assertThat(resources("nginx-site", "no-kubeconform").path("Kptfile").asText())
        .contains("reason: RenderSuccess");
  }

  private Kubectl.Result clone(String pkg, String ref, String directory) {
    String workspace = ref.equals("main") ? "v1" : "no-kubeconform";
    String manifest =
        Manifests.packageRevision(
            "deployment", pkg, workspace, Manifests.gitCloneTask(upstreamUrl, ref, directory));
    return kubectl.withFile(manifest, "create");
  }

  private JsonNode resources(String pkg, String workspace) {
    return kubectl.packageResources(Manifests.objectName("deployment", pkg, workspace));
  }

  /**
   * A bare repository with the six packages on {@code main}, and a branch {@code
   * without-kubeconform} where the kubeconform validators are removed.
   */
  private static Path examplesRepository(Path parent) throws IOException {
    Files.createDirectories(parent);
    Path bare = parent.resolve("kpt-packages.git");
    GitCli.git(parent, "init", "--bare", "-q", "-b", "main", bare.toString());
    Path src = Files.createTempDirectory(parent, "kpt-packages-");
    GitCli.git(src, "init", "-q", "-b", "main");
    Path packages = TestData.sharedDir().resolve("testdata/kpt-packages");
    try (Stream<Path> all = Files.walk(packages)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        Path target = src.resolve(packages.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    GitCli.commitAll(src, "kpt packages");
    GitCli.git(src, "checkout", "-q", "-b", "without-kubeconform");
    for (String pkg : List.of("guestbook", "nginx", "wordpress")) {
      Path kptfile = src.resolve(pkg).resolve("Kptfile");
      Files.writeString(kptfile, withoutKubeconform(Files.readString(kptfile)));
    }
    GitCli.commitAll(src, "without kubeconform");
    GitCli.git(src, "push", "-q", bare.toString(), "main", "without-kubeconform");
    return bare;
  }

  /** The Kptfile without its kubeconform validator (the last entry of these pipelines). */
  private static String withoutKubeconform(String kptfile) {
    int at = kptfile.indexOf("  validators:\n    - image: " + GHCR + "kubeconform");
    if (at < 0) {
      throw new UncheckedIOException(new IOException("no kubeconform validator in " + kptfile));
    }
    String rest = kptfile.substring(0, at);
    return rest.endsWith("pipeline:\n")
        ? rest.substring(0, rest.length() - "pipeline:\n".length())
        : rest;
  }
}
