package io.jporch.cache;

import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.MetadataStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link MetadataStore} that keeps package revision metadata in memory only (lost on restart).
 * For tests and for servers that do not need metadata to survive a restart.
 */
public final class InMemoryMetadataStore implements MetadataStore {
  private final Map<String, ObjectMeta> entries = new ConcurrentHashMap<>();

  public InMemoryMetadataStore() {}

  @Override
  public Optional<ObjectMeta> get(String namespace, String name) {
    return Optional.ofNullable(entries.get(id(namespace, name)));
  }

  @Override
  public void put(String namespace, String name, ObjectMeta metadata) {
    entries.put(id(namespace, name), Objects.requireNonNull(metadata, "metadata"));
  }

  @Override
  public void delete(String namespace, String name) {
    entries.remove(id(namespace, name));
  }

  private static String id(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + Objects.requireNonNull(name, "name");
  }
}
