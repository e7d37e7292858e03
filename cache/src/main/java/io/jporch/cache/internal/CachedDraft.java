package io.jporch.cache.internal;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.context.RequestContext;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionKey;
import java.util.Map;

/**
 * A draft handed out by the cache: the adapter's draft plus whether it starts a new revision (so
 * that closing it resets any stale metadata stored under the same object name).
 */
final class CachedDraft implements PackageRevisionDraft {
  private final PackageRevisionDraft delegate;
  private final boolean created;

  CachedDraft(PackageRevisionDraft delegate, boolean created) {
    this.delegate = delegate;
    this.created = created;
  }

  PackageRevisionDraft delegate() {
    return delegate;
  }

  boolean created() {
    return created;
  }

  @Override
  public PackageRevisionKey key() {
    return delegate.key();
  }

  @Override
  public Lifecycle lifecycle() {
    return delegate.lifecycle();
  }

  @Override
  public Map<String, String> resources() {
    return delegate.resources();
  }

  @Override
  public void updateResources(RequestContext ctx, Map<String, String> resources, Task task) {
    delegate.updateResources(ctx, resources, task);
  }

  @Override
  public void updateLifecycle(Lifecycle lifecycle) {
    delegate.updateLifecycle(lifecycle);
  }
}
