package io.jporch.server.rest.config;

import io.jporch.core.api.config.Repository;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.server.watch.WatchStream;
import java.util.Map;

/**
 * How a {@link WatchStream} of Repository objects reads their resourceVersions (the store's
 * counter) and builds bookmarks.
 */
final class RepositoryWatch implements WatchStream.Kind<Repository> {
  static final RepositoryWatch KIND = new RepositoryWatch();

  private RepositoryWatch() {}

  @Override
  public String id(Repository object) {
    return object.namespace() + "/" + object.name();
  }

  @Override
  public long version(Repository object) {
    return Long.parseLong(object.metadata().resourceVersion());
  }

  @Override
  public Repository withVersion(Repository object, long version) {
    return object.withMetadata(object.metadata().withResourceVersion(Long.toString(version)));
  }

  @Override
  public Object bookmark(long version, boolean initialEventsEnd) {
    ObjectMeta meta = ObjectMeta.named(null, null).withResourceVersion(Long.toString(version));
    if (initialEventsEnd) {
      meta = meta.withAnnotations(Map.of("k8s.io/initial-events-end", "true"));
    }
    return Repository.of(meta, null, null);
  }
}
