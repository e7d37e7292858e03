package io.jporch.testing.fake;

import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.Task;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.core.repository.PackageRevisionKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A draft of a {@link FakeRepository}: content and lifecycle held until the draft is closed. */
final class FakeDraft implements PackageRevisionDraft {
  final FakeRepository owner;
  final String baseId;
  final String baseCommit;
  private final PackageRevisionKey key;
  private volatile Lifecycle lifecycle = Lifecycle.DRAFT;
  private volatile Map<String, String> resources;
  private volatile List<Task> tasks;

  FakeDraft(
      FakeRepository owner,
      PackageRevisionKey key,
      String baseId,
      String baseCommit,
      Map<String, String> resources,
      List<Task> tasks) {
    this.owner = owner;
    this.key = key;
    this.baseId = baseId;
    this.baseCommit = baseCommit;
    this.resources = Map.copyOf(resources);
    this.tasks = List.copyOf(tasks);
  }

  @Override
  public PackageRevisionKey key() {
    return key;
  }

  @Override
  public Lifecycle lifecycle() {
    return lifecycle;
  }

  @Override
  public Map<String, String> resources() {
    return resources;
  }

  List<Task> tasks() {
    return tasks;
  }

  @Override
  public void updateResources(RequestContext ctx, Map<String, String> newResources, Task task) {
    Objects.requireNonNull(newResources, "resources");
    owner
        .storage()
        .locked(
            () -> {
              owner.storage().maybeFail(FakeRepository.Operation.UPDATE_RESOURCES);
              return null;
            });
    if (!newResources.containsKey("Kptfile")) {
      throw new InternalErrorException(
          ResourceRef.packageRevision(key.objectName()), "package must contain Kptfile at root");
    }
    resources = Map.copyOf(newResources);
    if (PackageRevisionDraft.isCreationTask(task)) {
      tasks = List.of(task);
    }
  }

  @Override
  public void updateLifecycle(Lifecycle value) {
    lifecycle = Objects.requireNonNull(value, "lifecycle");
  }
}
