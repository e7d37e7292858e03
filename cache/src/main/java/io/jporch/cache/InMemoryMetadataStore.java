package io.jporch.cache;

import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.MetadataStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link MetadataStore} that keeps package revision metadata in memory only (lost on restart).
 * For tests and for servers that do not need metadata to survive a restart.
 */
public final class InMemoryMetadataStore implements MetadataStore {
  private final Map<String, Map<String, ObjectMeta>> repositories = new ConcurrentHashMap<>();

  public InMemoryMetadataStore() {}

  @Override
  public Optional<ObjectMeta> get(String namespace, String repository, String name) {
    Map<String, ObjectMeta> entries = repositories.get(id(namespace, repository));
    return Optional.ofNullable(
        entries == null ? null : entries.get(Objects.requireNonNull(name, "name")));
  }

  @Override
  public void put(String namespace, String repository, String name, ObjectMeta metadata) {
    repositories
        .computeIfAbsent(id(namespace, repository), unused -> new ConcurrentHashMap<>())
        .put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(metadata, "metadata"));
  }

  @Override
  public void delete(String namespace, String repository, String name) {
    Map<String, ObjectMeta> entries = repositories.get(id(namespace, repository));
    if (entries != null) {
      entries.remove(Objects.requireNonNull(name, "name"));
    }
  }

  @Override
  public Set<String> names(String namespace, String repository) {
    Map<String, ObjectMeta> entries = repositories.get(id(namespace, repository));
    return entries == null ? Set.of() : Set.copyOf(new TreeSet<>(entries.keySet()));
  }

  private static String id(String namespace, String repository) {
    return (namespace == null ? "" : namespace)
        + "/"
        + Objects.requireNonNull(repository, "repository");
  }
}
