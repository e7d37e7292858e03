package io.jporch.server.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jporch.core.api.config.Repository;
import io.jporch.core.error.ConflictException;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.util.Json;
import io.jporch.server.store.RepositoryRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode's Repository objects: the cluster's {@code repositories.config.porch.kpt.dev} custom
 * resources, read through a fabric8 informer (its store answers {@link #get} and {@link #list}
 * without a request), and their {@code status} subresource, written with an update of the
 * subresource (retried on conflicts). Added, changed and deleted objects are handed to a {@link
 * Listener} one at a time, in the order the informer saw them, on a thread of their own so that a
 * slow repository never stalls the informer.
 */
public final class ClusterRepositories implements RepositoryRegistry, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterRepositories.class);
  private static final int STATUS_ATTEMPTS = 5;

  /** What the server does when Repository objects change (the repository reconciler). */
  public interface Listener {
    void added(Repository repository);

    /** The spec (or the object's identity) changed; status-only changes are not reported. */
    void changed(Repository old, Repository updated);

    void deleted(Repository repository);
  }

  private final KubernetesClient client;
  private final ExecutorService events =
      Executors.newSingleThreadExecutor(
          Thread.ofVirtual().name("jporch-repository-events").factory());
  private volatile SharedIndexInformer<GenericKubernetesResource> informer;

  public ClusterRepositories(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Starts the informer and returns once its first list is in the store; every object of that list
   * is then reported to {@code listener} as added.
   */
  public void start(Listener listener) {
    informer =
        client
            .genericKubernetesResources(KubeJson.REPOSITORIES)
            .inAnyNamespace()
            .inform(new Handler(listener));
    log.info(
        "Watching Repository objects in the cluster ({} found)", informer.getStore().list().size());
  }

  @Override
  public Optional<Repository> get(String namespace, String name) {
    GenericKubernetesResource found = store().getByKey(namespace + "/" + name);
    return Optional.ofNullable(found).map(ClusterRepositories::repository);
  }

  @Override
  public List<Repository> list(String namespace) {
    return store().list().stream()
        .filter(r -> namespace == null || namespace.equals(r.getMetadata().getNamespace()))
        .map(ClusterRepositories::repository)
        .sorted(Comparator.comparing(Repository::namespace).thenComparing(Repository::name))
        .toList();
  }

  @Override
  public Repository updateStatus(
      String namespace, String name, UnaryOperator<Repository.Status> change) {
    var resource = client.genericKubernetesResources(KubeJson.REPOSITORIES).inNamespace(namespace);
    GenericKubernetesResource current = store().getByKey(namespace + "/" + name);
    for (int attempt = 1; ; attempt++) {
      if (current == null) {
        current = resource.withName(name).get();
        if (current == null) {
          throw new NotFoundException(
              ResourceRef.repository(name),
              "repositories.config.porch.kpt.dev \"" + name + "\" not found");
        }
      }
      Repository repository = repository(current);
      Repository.Status next = change.apply(repository.status());
      if (Objects.equals(next, repository.status())) {
        return repository;
      }
      GenericKubernetesResource updated = KubeJson.generic(repository.withStatus(next));
      updated.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      try {
        return repository(resource.resource(updated).updateStatus());
      } catch (KubernetesClientException e) {
        if (KubeJson.notFound(e)) {
          throw new NotFoundException(
              ResourceRef.repository(name),
              "repositories.config.porch.kpt.dev \"" + name + "\" not found");
        }
        if (!KubeJson.conflict(e)) {
          throw new InternalErrorException(
              ResourceRef.repository(name),
              "cannot write the status of Repository "
                  + namespace
                  + "/"
                  + name
                  + ": "
                  + e.getMessage(),
              e);
        }
        if (attempt >= STATUS_ATTEMPTS) {
          throw new ConflictException(
              ResourceRef.repository(name),
              "the status of Repository " + namespace + "/" + name + " kept changing");
        }
        current = null; // read it again
      }
    }
  }

  /** True once the informer has been started and its first list of Repositories is in the store. */
  public boolean hasSynced() {
    SharedIndexInformer<GenericKubernetesResource> i = informer;
    return i != null && i.hasSynced();
  }

  private io.fabric8.kubernetes.client.informers.cache.Store<GenericKubernetesResource> store() {
    SharedIndexInformer<GenericKubernetesResource> i = informer;
    if (i == null) {
      throw new IllegalStateException("the Repository informer has not been started");
    }
    return i.getStore();
  }

  static Repository repository(GenericKubernetesResource object) {
    return KubeJson.convert(object, Repository.class);
  }

  @Override
  public void close() {
    SharedIndexInformer<GenericKubernetesResource> i = informer;
    if (i != null) {
      i.close();
    }
    events.shutdownNow();
  }

  /** Hands informer events to the listener, in order, off the informer's thread. */
  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    private final Listener listener;

    Handler(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void onAdd(GenericKubernetesResource object) {
      Repository repository = repository(object);
      submit(() -> listener.added(repository));
    }

    @Override
    public void onUpdate(GenericKubernetesResource oldObject, GenericKubernetesResource newObject) {
      Repository old = repository(oldObject);
      Repository updated = repository(newObject);
      boolean sameObject = Objects.equals(old.metadata().uid(), updated.metadata().uid());
      if (sameObject && specOf(oldObject).equals(specOf(newObject))) {
        return; // status, labels or annotations only: nothing to reopen
      }
      submit(
          () -> {
            if (!sameObject) {
              listener.deleted(old);
              listener.added(updated);
            } else {
              listener.changed(old, updated);
            }
          });
    }

    @Override
    public void onDelete(GenericKubernetesResource object, boolean deletedFinalStateUnknown) {
      Repository repository = repository(object);
      submit(() -> listener.deleted(repository));
    }

    private void submit(Runnable task) {
      try {
        events.execute(
            () -> {
              try {
                task.run();
              } catch (RuntimeException e) {
                log.warn("Handling a Repository change failed", e);
              }
            });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        log.debug("Ignoring a Repository change: shutting down");
      }
    }
  }

  private static Object specOf(GenericKubernetesResource object) {
    Object spec = object.getAdditionalProperties().get("spec");
    return spec == null ? Map.of() : Json.MAPPER.valueToTree(spec);
  }
}
