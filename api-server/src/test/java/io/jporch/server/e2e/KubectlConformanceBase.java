package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Shared set-up of the kubectl conformance suite (issue 3): one packaged server process per test
 * class, a seeded bare Git repository registered as the Repository {@link #repo}, and helpers that
 * read objects back with {@code kubectl get -o json} and Git refs with {@code git for-each-ref}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KubectlConformanceBase extends E2EBase {
  static final String NS = Manifests.NAMESPACE;
  static final String PACKAGEREVISIONS =
      "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";

  Path work;
  JporchProcess server;
  Kubectl kubectl;

  /** Name of the Repository registered for the class. */
  String repo;

  /** The bare Git repository behind {@link #repo}. */
  Path bare;

  /** Short prefix for work directories and object names (lower case, DNS label). */
  abstract String prefix();

  @BeforeAll
  void startServer() {
    work = workDir(prefix());
    server = JporchProcess.start(work.resolve("data"), work);
    kubectl = server.kubectl();
    repo = prefix();
    bare = registerRepository(repo);
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** Creates a seeded bare repository, registers it with {@code kubectl apply}, awaits Ready. */
  Path registerRepository(String name) {
    Path git = GitCli.createSeededBareRepository(work.resolve("git"), name + ".git");
    kubectl
        .withFile(Manifests.gitRepository(name, "file://" + git, false), "apply")
        .assertSuccess();
    RepositoryAssertions.awaitReady(kubectl, name);
    return git;
  }

  /** Creates a Draft {@code <repo>.<pkg>.<workspace>} with an init task; returns its name. */
  String createDraft(String pkg, String workspace) {
    kubectl.withFile(Manifests.initPackageRevision(repo, pkg, workspace), "create").assertSuccess();
    return Manifests.objectName(repo, pkg, workspace);
  }

  /** Proposes a Draft with a merge patch. */
  void propose(String name) {
    kubectl
        .run(
            "patch",
            "packagerevision",
            name,
            "-n",
            NS,
            "--type=merge",
            "-p",
            "{\"spec\":{\"lifecycle\":\"Proposed\"}}")
        .assertSuccess();
  }

  /** Approves a Proposed revision through the approval subresource. */
  void approve(String name) {
    JsonNode proposed = get("packagerevision", name);
    ((ObjectNode) proposed.get("spec")).put("lifecycle", "Published");
    kubectl
        .withFile(
            proposed.toString(), "replace", "--raw", PACKAGEREVISIONS + "/" + name + "/approval")
        .assertSuccess();
  }

  /** Creates, proposes and approves a package; returns the name of the Published revision. */
  String publish(String pkg, String workspace) {
    String name = createDraft(pkg, workspace);
    propose(name);
    approve(name);
    return name;
  }

  /** {@code kubectl get <resource> <name> -n default -o json}. */
  JsonNode get(String resource, String name) {
    return kubectl.json("get", resource, name, "-n", NS, "-o", "json");
  }

  /** Whether {@code kubectl get <resource> <name>} answers NotFound. */
  boolean absent(String resource, String name) {
    Kubectl.Result result = kubectl.run("get", resource, name, "-n", NS);
    if (result.exitCode() == 0) {
      return false;
    }
    assertThat(result.errorText()).as(result.describe("NotFound expected")).contains("NotFound");
    return true;
  }

  /** {@code git for-each-ref} of the class's repository. */
  Map<String, String> refs() {
    return GitCli.refs(bare);
  }

  /** Writes an executable editor script for {@code kubectl edit}: {@code sh -c script "$1"}. */
  Path editorScript(String name, String body) {
    try {
      Path script = work.resolve(name + ".sh");
      Files.writeString(script, "#!/bin/sh\nset -e\n" + body + "\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code kubectl edit} with {@code KUBE_EDITOR} set to the given script. */
  Kubectl.Result edit(Path editor, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "edit";
    System.arraycopy(args, 0, all, 1, args.length);
    return kubectl.runWithEnv(
        Map.of("KUBE_EDITOR", editor.toString(), "EDITOR", editor.toString()), all);
  }
}
