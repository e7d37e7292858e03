package io.jporch.server.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jporch.core.api.meta.ManagedFieldsEntry;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.api.meta.OwnerReference;
import io.jporch.core.cache.MetadataStore;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.util.Json;
import io.jporch.core.util.Uids;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MetadataStore} in Porch's internal {@code PackageRev} custom resources ({@code
 * packagerevs.config.porch.kpt.dev}), as Porch's CR cache keeps it ({@code
 * pkg/cache/crcache/meta/store.go}): one object per package revision, same namespace and name,
 * carrying the revision's labels, annotations, finalizers and owner references plus Porch's
 * internal label {@code internal.porch.kpt.dev/repository=<repository>}, finalizer {@code
 * internal.porch.kpt.dev/packagerevision} and an owner reference to the PackageRevision itself
 * (with its deterministic UID), all three hidden again when read. The creation and deletion
 * timestamps are the PackageRev's own: a deletion with finalizers left deletes the PackageRev,
 * which then stays terminating until its finalizers are removed, as in Porch.
 *
 * <p>Reads are served from memory: an informer keeps every PackageRev of the cluster, and the
 * answers of this store's own writes are applied at once (an informer event older than what is
 * held, by resourceVersion, is ignored), so a write is visible to the next read. jporch also keeps
 * a revision's {@code managedFields} (server-side apply ownership), which a PackageRev's own
 * metadata cannot hold, in the annotation {@value #MANAGED_FIELDS_ANNOTATION}.
 */
public final class PackageRevMetadataStore implements MetadataStore, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PackageRevMetadataStore.class);
  public static final String REPOSITORY_LABEL = "internal.porch.kpt.dev/repository";
  public static final String FINALIZER = "internal.porch.kpt.dev/packagerevision";
  public static final String MANAGED_FIELDS_ANNOTATION = "jporch.dev/managed-fields";
  private static final String OWNER_API_VERSION = "porch.kpt.dev/v1alpha1";
  private static final String OWNER_KIND = "PackageRevision";
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final Map<String, GenericKubernetesResource> objects = new ConcurrentHashMap<>();

  /** The last version of objects deleted since (an older report of them must not revive them). */
  private final Map<String, GenericKubernetesResource> deleted = new ConcurrentHashMap<>();

  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private volatile SharedIndexInformer<GenericKubernetesResource> informer;

  private PackageRevMetadataStore(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** A store over the cluster's PackageRevs; returns once every existing one has been read. */
  public static PackageRevMetadataStore start(KubernetesClient client) {
    PackageRevMetadataStore store = new PackageRevMetadataStore(client);
    store.informer =
        client
            .genericKubernetesResources(KubeJson.PACKAGE_REVS)
            .inAnyNamespace()
            .inform(store.new Events());
    log.info(
        "Package revision metadata: {} PackageRev objects in the cluster", store.objects.size());
    return store;
  }

  /** True once the informer's first list of PackageRevs has been read. */
  public boolean hasSynced() {
    SharedIndexInformer<GenericKubernetesResource> i = informer;
    return i != null && i.hasSynced();
  }

  @Override
  public Optional<ObjectMeta> get(String namespace, String repository, String name) {
    return Optional.ofNullable(objects.get(key(namespace, name))).map(o -> toMeta(o));
  }

  @Override
  public void put(String namespace, String repository, String name, ObjectMeta metadata) {
    Objects.requireNonNull(metadata, "metadata");
    String key = key(namespace, name);
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      GenericKubernetesResource current = objects.get(key);
      if (current == null) {
        current = create(namespace, repository, name, metadata);
      }
      for (int attempt = 1; ; attempt++) {
        GenericKubernetesResource desired = desired(current, repository, metadata);
        if (desired == null) {
          break;
        }
        try {
          current = remember(resource(namespace).resource(desired).update());
          break;
        } catch (KubernetesClientException e) {
          if (!KubeJson.conflict(e) || attempt >= ATTEMPTS) {
            throw failure("update", namespace, name, e);
          }
          current = read(namespace, name);
          if (current == null) {
            current = create(namespace, repository, name, metadata);
          }
        }
      }
      if (metadata.deletionTimestamp() != null
          && current.getMetadata().getDeletionTimestamp() == null) {
        // Finalizers remain (the internal one at least): the PackageRev becomes terminating.
        resource(namespace).withName(name).delete();
        GenericKubernetesResource terminating = read(namespace, name);
        if (terminating != null) {
          remember(terminating);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void delete(String namespace, String repository, String name) {
    String key = key(namespace, name);
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      // Porch: clear the finalizers (retrying on conflicts), then delete.
      GenericKubernetesResource current = objects.get(key);
      for (int attempt = 1; ; attempt++) {
        if (current == null) {
          current = read(namespace, name);
        }
        if (current == null
            || current.getMetadata().getFinalizers() == null
            || current.getMetadata().getFinalizers().isEmpty()) {
          break;
        }
        GenericKubernetesResource cleared = Serialization.clone(current);
        cleared.getMetadata().setFinalizers(new ArrayList<>());
        try {
          resource(namespace).resource(cleared).update();
          break;
        } catch (KubernetesClientException e) {
          if (KubeJson.notFound(e)) {
            break;
          }
          if (!KubeJson.conflict(e) || attempt >= ATTEMPTS) {
            throw failure("delete", namespace, name, e);
          }
          current = null;
        }
      }
      try {
        resource(namespace).withName(name).delete();
      } catch (KubernetesClientException e) {
        if (!KubeJson.notFound(e)) {
          throw failure("delete", namespace, name, e);
        }
      }
      forget(key);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Set<String> names(String namespace, String repository) {
    Set<String> names = new TreeSet<>();
    objects.forEach(
        (key, object) -> {
          var meta = object.getMetadata();
          if (Objects.equals(namespace, meta.getNamespace())
              && meta.getLabels() != null
              && repository.equals(meta.getLabels().get(REPOSITORY_LABEL))) {
            names.add(meta.getName());
          }
        });
    return names;
  }

  /**
   * The stored metadata as the API shows it: Porch's internal label, finalizer and owner hidden.
   */
  static ObjectMeta toMeta(GenericKubernetesResource object) {
    ObjectMeta raw;
    try {
      raw = Json.MAPPER.readValue(Serialization.asJson(object.getMetadata()), ObjectMeta.class);
    } catch (IOException e) {
      throw new InternalErrorException(null, "cannot read PackageRev " + KubeJson.name(object), e);
    }
    Map<String, String> labels = new LinkedHashMap<>(raw.labelsOrEmpty());
    labels.remove(REPOSITORY_LABEL);
    Map<String, String> annotations =
        raw.annotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(raw.annotations());
    List<ManagedFieldsEntry> managed = managedFields(annotations.remove(MANAGED_FIELDS_ANNOTATION));
    List<String> finalizers =
        raw.finalizers() == null
            ? List.of()
            : raw.finalizers().stream().filter(f -> !FINALIZER.equals(f)).toList();
    List<OwnerReference> owners =
        raw.ownerReferences() == null
            ? List.of()
            : raw.ownerReferences().stream().filter(o -> !isSelf(o, raw.name())).toList();
    return new ObjectMeta(
        raw.name(),
        null,
        raw.namespace(),
        null,
        null,
        null,
        raw.creationTimestamp(),
        raw.deletionTimestamp(),
        labels.isEmpty() ? null : labels,
        annotations.isEmpty() ? null : annotations,
        finalizers.isEmpty() ? null : finalizers,
        owners.isEmpty() ? null : owners,
        managed.isEmpty() ? null : managed);
  }

  /**
   * The object {@code current} should become to hold {@code metadata} for {@code repository}, or
   * null when it already does.
   */
  private static GenericKubernetesResource desired(
      GenericKubernetesResource current, String repository, ObjectMeta metadata) {
    String name = current.getMetadata().getName();
    String namespace = current.getMetadata().getNamespace();
    io.fabric8.kubernetes.api.model.ObjectMeta wanted =
        stored(namespace, name, metadata, repository);
    io.fabric8.kubernetes.api.model.ObjectMeta have = current.getMetadata();
    if (Objects.equals(orEmpty(have.getLabels()), orEmpty(wanted.getLabels()))
        && Objects.equals(orEmpty(have.getAnnotations()), orEmpty(wanted.getAnnotations()))
        && Objects.equals(orEmpty(have.getFinalizers()), orEmpty(wanted.getFinalizers()))
        && Objects.equals(
            orEmpty(have.getOwnerReferences()), orEmpty(wanted.getOwnerReferences()))) {
      return null;
    }
    GenericKubernetesResource next = Serialization.clone(current);
    next.getMetadata().setLabels(wanted.getLabels());
    next.getMetadata().setAnnotations(wanted.getAnnotations());
    next.getMetadata().setFinalizers(wanted.getFinalizers());
    next.getMetadata().setOwnerReferences(wanted.getOwnerReferences());
    return next;
  }

  /** The PackageRev metadata for a revision's metadata (Porch's {@code Create}). */
  private static io.fabric8.kubernetes.api.model.ObjectMeta stored(
      String namespace, String name, ObjectMeta metadata, String repository) {
    Map<String, String> labels = new LinkedHashMap<>(metadata.labelsOrEmpty());
    labels.put(REPOSITORY_LABEL, repository);
    Map<String, String> annotations =
        metadata.annotations() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(metadata.annotations());
    annotations.remove(MANAGED_FIELDS_ANNOTATION);
    if (metadata.managedFields() != null && !metadata.managedFields().isEmpty()) {
      try {
        annotations.put(
            MANAGED_FIELDS_ANNOTATION, Json.MAPPER.writeValueAsString(metadata.managedFields()));
      } catch (IOException e) {
        throw new InternalErrorException(null, "cannot serialise the managed fields of " + name, e);
      }
    }
    List<String> finalizers = new ArrayList<>();
    if (metadata.finalizers() != null) {
      metadata.finalizers().stream().filter(f -> !FINALIZER.equals(f)).forEach(finalizers::add);
    }
    finalizers.add(FINALIZER);
    List<io.fabric8.kubernetes.api.model.OwnerReference> owners = new ArrayList<>();
    if (metadata.ownerReferences() != null) {
      for (OwnerReference o : metadata.ownerReferences()) {
        if (!isSelf(o, name)) {
          owners.add(
              new OwnerReferenceBuilder()
                  .withApiVersion(o.apiVersion())
                  .withKind(o.kind())
                  .withName(o.name())
                  .withUid(o.uid())
                  .withController(o.controller())
                  .withBlockOwnerDeletion(o.blockOwnerDeletion())
                  .build());
        }
      }
    }
    owners.add(
        new OwnerReferenceBuilder()
            .withApiVersion(OWNER_API_VERSION)
            .withKind(OWNER_KIND)
            .withName(name)
            .withUid(Uids.packageRevision(namespace, name))
            .build());
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .withFinalizers(finalizers)
        .withOwnerReferences(owners)
        .build();
  }

  private GenericKubernetesResource create(
      String namespace, String repository, String name, ObjectMeta metadata) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion(
        KubeJson.PACKAGE_REVS.getGroup() + "/" + KubeJson.PACKAGE_REVS.getVersion());
    object.setKind(KubeJson.PACKAGE_REVS.getKind());
    object.setMetadata(stored(namespace, name, metadata, repository));
    object.setAdditionalProperty("spec", Map.of());
    try {
      return remember(resource(namespace).resource(object).create());
    } catch (KubernetesClientException e) {
      if (!KubeJson.conflict(e)) {
        throw failure("create", namespace, name, e);
      }
      // Porch: Create falls back to Update when the object exists.
      GenericKubernetesResource existing = read(namespace, name);
      if (existing == null) {
        throw failure("create", namespace, name, e);
      }
      return existing;
    }
  }

  private GenericKubernetesResource read(String namespace, String name) {
    try {
      GenericKubernetesResource found = resource(namespace).withName(name).get();
      if (found == null) {
        forget(key(namespace, name));
        return null;
      }
      return remember(found);
    } catch (KubernetesClientException e) {
      throw failure("read", namespace, name, e);
    }
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      resource(String namespace) {
    return client.genericKubernetesResources(KubeJson.PACKAGE_REVS).inNamespace(namespace);
  }

  /**
   * Holds {@code object} unless a newer version of it is already held, or it is not newer than the
   * version last seen deleted.
   */
  private GenericKubernetesResource remember(GenericKubernetesResource object) {
    String key = key(object.getMetadata().getNamespace(), object.getMetadata().getName());
    GenericKubernetesResource gone = deleted.get(key);
    if (gone != null) {
      if (!strictlyNewer(object, gone)) {
        return object;
      }
      deleted.remove(key, gone);
    }
    objects.merge(key, object, (held, offered) -> newer(offered, held) ? offered : held);
    return object;
  }

  /** Drops an object this store saw disappear. */
  private void forget(String key) {
    GenericKubernetesResource held = objects.remove(key);
    if (held != null) {
      deleted.put(key, held);
    }
  }

  private static boolean strictlyNewer(GenericKubernetesResource a, GenericKubernetesResource b) {
    try {
      return Long.parseLong(a.getMetadata().getResourceVersion())
          > Long.parseLong(b.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return !Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid());
    }
  }

  /** Whether {@code a} is at least as new as {@code b} (resourceVersions are etcd revisions). */
  private static boolean newer(GenericKubernetesResource a, GenericKubernetesResource b) {
    try {
      return Long.parseLong(a.getMetadata().getResourceVersion())
          >= Long.parseLong(b.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return true; // not comparable: the later report wins
    }
  }

  private static InternalErrorException failure(
      String what, String namespace, String name, KubernetesClientException e) {
    String why =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return new InternalErrorException(
        ResourceRef.packageRevision(name),
        "cannot " + what + " PackageRev " + namespace + "/" + name + ": " + why,
        e);
  }

  private static List<ManagedFieldsEntry> managedFields(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    try {
      return Json.MAPPER.readValue(json, new TypeReference<List<ManagedFieldsEntry>>() {});
    } catch (IOException e) {
      log.warn("Ignoring an unreadable {} annotation: {}", MANAGED_FIELDS_ANNOTATION, e.toString());
      return List.of();
    }
  }

  private static boolean isSelf(OwnerReference owner, String name) {
    return OWNER_API_VERSION.equals(owner.apiVersion())
        && OWNER_KIND.equals(owner.kind())
        && Objects.equals(name, owner.name());
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private static String key(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + Objects.requireNonNull(name, "name");
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }

  /** Keeps {@link #objects} current with the cluster. */
  private final class Events implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource object) {
      remember(object);
    }

    @Override
    public void onUpdate(GenericKubernetesResource oldObject, GenericKubernetesResource newObject) {
      remember(newObject);
    }

    @Override
    public void onDelete(GenericKubernetesResource object, boolean deletedFinalStateUnknown) {
      String key = key(object.getMetadata().getNamespace(), object.getMetadata().getName());
      GenericKubernetesResource held = objects.get(key);
      if (held == null || newer(object, held)) {
        if (held == null || objects.remove(key, held)) {
          deleted.put(key, object);
        }
      }
    }
  }
}
