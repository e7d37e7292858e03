package io.jporch.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * fabric8 {@code SharedIndexInformer}s (list + watch, as controllers use them) on packagerevisions,
 * with and without a label selector, and on repositories: they follow creations, label changes that
 * move objects in and out of the selection, and deletions; and after a restart of the server
 * process (same data directory, same port) their watches either resume or, told 410 Expired,
 * re-list, and their caches end up equal to the server's lists.
 */
class InformerE2E extends E2EBase {
  private static final ResourceDefinitionContext PACKAGE_REVISIONS =
      new ResourceDefinitionContext.Builder()
          .withGroup("porch.kpt.dev")
          .withVersion("v1alpha1")
          .withPlural("packagerevisions")
          .withKind("PackageRevision")
          .withNamespaced(true)
          .build();
  private static final ResourceDefinitionContext REPOSITORIES =
      new ResourceDefinitionContext.Builder()
          .withGroup("config.porch.kpt.dev")
          .withVersion("v1alpha1")
          .withPlural("repositories")
          .withKind("Repository")
          .withNamespaced(true)
          .build();

  /** Records informer callbacks as {@code ADD|UPDATE|DELETE name}. */
  static final class Recorder implements ResourceEventHandler<GenericKubernetesResource> {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(GenericKubernetesResource obj) {
      events.add("ADD " + obj.getMetadata().getName());
    }

    @Override
    public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
      events.add("UPDATE " + newObj.getMetadata().getName());
    }

    @Override
    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
      events.add("DELETE " + obj.getMetadata().getName());
    }
  }

  @Test
  void informersFollowChangesAndAServerRestart() throws Exception {
    Path work = workDir("informer");
    Path data = work.resolve("data");
    Path bare = GitCli.createSeededBareRepository(work.resolve("git"), "informed.git");
    int port = freePort();

    JporchProcess server = JporchProcess.start(data, work, port);
    try (KubernetesClient client = client(server.kubeconfig())) {
      Kubectl kubectl = server.kubectl();
      kubectl
          .withFile(Manifests.gitRepository("informed", "file://" + bare, false), "apply")
          .assertSuccess();
      RepositoryAssertions.awaitReady(kubectl, "informed");
      for (String pkg : List.of("p1", "p2", "p3")) {
        kubectl
            .withFile(Manifests.initPackageRevision("informed", pkg, "ws1"), "create")
            .assertSuccess();
      }

      var revisions = client.genericKubernetesResources(PACKAGE_REVISIONS).inNamespace("default");
      Recorder allEvents = new Recorder();
      Recorder redEvents = new Recorder();
      SharedIndexInformer<GenericKubernetesResource> all = revisions.inform(allEvents, 0);
      SharedIndexInformer<GenericKubernetesResource> red =
          revisions.withLabel("team", "red").inform(redEvents, 0);
      SharedIndexInformer<GenericKubernetesResource> repos =
          client.genericKubernetesResources(REPOSITORIES).inNamespace("default").inform();
      try {
        await("the informers list the revisions")
            .untilAsserted(
                () ->
                    assertThat(names(all))
                        .contains("informed.p1.ws1", "informed.p2.ws1", "informed.p3.ws1"));
        assertThat(names(red)).isEmpty();

        label(kubectl, "informed.p1.ws1", "red");
        label(kubectl, "informed.p2.ws1", "red");
        await("the selected informer sees the labelled revisions")
            .untilAsserted(
                () -> assertThat(names(red)).containsExactly("informed.p1.ws1", "informed.p2.ws1"));
        label(kubectl, "informed.p2.ws1", "blue");
        await("a revision whose label no longer matches leaves the selected informer")
            .untilAsserted(() -> assertThat(names(red)).containsExactly("informed.p1.ws1"));
        assertThat(redEvents.events).contains("DELETE informed.p2.ws1");
        assertCachesEqualLists(client, all, red, repos);
        String before = all.lastSyncResourceVersion();

        server.close();
        server = JporchProcess.start(data, work, port);
        kubectl = server.kubectl();

        kubectl
            .withFile(Manifests.initPackageRevision("informed", "p4", "ws1"), "create")
            .assertSuccess();
        label(kubectl, "informed.p4.ws1", "red");
        label(kubectl, "informed.p3.ws1", "red");
        kubectl
            .run("delete", "packagerevision", "informed.p1.ws1", "-n", "default")
            .assertSuccess();

        await("after the restart the selected informer follows the new changes")
            .untilAsserted(
                () -> assertThat(names(red)).containsExactly("informed.p3.ws1", "informed.p4.ws1"));
        await("after the restart the informer caches equal the server's lists")
            .untilAsserted(() -> assertCachesEqualLists(client, all, red, repos));
        assertThat(names(all)).doesNotContain("informed.p1.ws1").contains("informed.p4.ws1");
        assertThat(Long.parseLong(all.lastSyncResourceVersion()))
            .as("resourceVersions after the restart are newer than any before it")
            .isGreaterThan(Long.parseLong(before));
        assertThat(allEvents.events).contains("DELETE informed.p1.ws1", "ADD informed.p4.ws1");
      } finally {
        all.close();
        red.close();
        repos.close();
      }
    } finally {
      server.close();
    }
  }

  private static void assertCachesEqualLists(
      KubernetesClient client,
      SharedIndexInformer<GenericKubernetesResource> all,
      SharedIndexInformer<GenericKubernetesResource> red,
      SharedIndexInformer<GenericKubernetesResource> repos) {
    var revisions = client.genericKubernetesResources(PACKAGE_REVISIONS).inNamespace("default");
    assertThat(versions(all.getStore().list())).isEqualTo(versions(revisions.list().getItems()));
    assertThat(versions(red.getStore().list()))
        .isEqualTo(versions(revisions.withLabel("team", "red").list().getItems()));
    assertThat(versions(repos.getStore().list()))
        .isEqualTo(
            versions(
                client
                    .genericKubernetesResources(REPOSITORIES)
                    .inNamespace("default")
                    .list()
                    .getItems()));
  }

  private static void label(Kubectl kubectl, String name, String team) {
    kubectl
        .run("label", "packagerevision", name, "-n", "default", "--overwrite", "team=" + team)
        .assertSuccess();
  }

  private static List<String> names(SharedIndexInformer<GenericKubernetesResource> informer) {
    return informer.getStore().list().stream()
        .map(r -> r.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static Map<String, String> versions(List<GenericKubernetesResource> objects) {
    Map<String, String> result = new TreeMap<>();
    objects.forEach(
        o -> result.put(o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
    return result;
  }

  private static KubernetesClient client(Path kubeconfig) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setWatchReconnectInterval(500);
    config.setWatchReconnectLimit(-1);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
