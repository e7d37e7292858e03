package io.jporch.engine;

import io.jporch.cache.InMemoryMetadataStore;
import io.jporch.cache.RepositoryCache;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevisionSpec;
import io.jporch.core.api.Task;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.cache.MetadataStore;
import io.jporch.core.context.RequestContext;
import io.jporch.core.context.UserInfo;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.repository.RepositoryFactory;
import io.jporch.task.DefaultTaskHandler;
import io.jporch.testing.fake.FakeFunctionRuntime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** An engine over the real cache and task handler, with a recording change notifier. */
final class EngineFixture {
  static final RequestContext CTX =
      new RequestContext(
          new UserInfo("alice", List.of(UserInfo.AUTHENTICATED_GROUP)),
          Instant.now().plusSeconds(120),
          "test");
  static final String NS = "default";

  final List<String> events = new CopyOnWriteArrayList<>();
  final FakeFunctionRuntime runtime = new FakeFunctionRuntime();
  final RepositoryCache cache;
  final DefaultCadEngine engine;
  final io.jporch.core.api.config.Repository spec;

  EngineFixture(RepositoryFactory factory, MetadataStore store, String repoUrl) {
    this.cache =
        new RepositoryCache(
            factory,
            store,
            (type, rev) -> {
              events.add(type + " " + rev.key().objectName());
              return 1;
            });
    this.engine = new DefaultCadEngine(cache, new DefaultTaskHandler(List.of(runtime)));
    this.spec =
        io.jporch.core.api.config.Repository.of(
            ObjectMeta.named(NS, "repo"),
            new io.jporch.core.api.config.Repository.Spec(
                null,
                false,
                "git",
                "Package",
                null,
                new io.jporch.core.api.config.Repository.Git(
                    repoUrl, "main", true, "", null, null, null),
                null),
            null);
  }

  EngineFixture(RepositoryFactory factory) {
    this(factory, new InMemoryMetadataStore(), "https://example.com/repo.git");
  }

  static io.jporch.core.api.PackageRevision request(
      String packageName, String workspace, ObjectMeta metadata, Task... tasks) {
    return io.jporch.core.api.PackageRevision.of(
        metadata == null ? ObjectMeta.named(NS, null) : metadata,
        new PackageRevisionSpec(
            packageName, "repo", workspace, 0, null, null, List.of(tasks), null, null),
        null);
  }

  PackageRevision create(String packageName, String workspace) {
    return engine.createPackageRevision(CTX, spec, request(packageName, workspace, null));
  }

  PackageRevision update(
      PackageRevision current, UnaryOperator<io.jporch.core.api.PackageRevision> change) {
    var old = current.toApiObject();
    return engine.updatePackageRevision(CTX, spec, current, old, change.apply(old));
  }

  PackageRevision toLifecycle(PackageRevision current, Lifecycle lifecycle) {
    return update(current, api -> api.withSpec(api.spec().withLifecycle(lifecycle)));
  }

  List<PackageRevision> list() {
    return engine.listPackageRevisions(CTX, spec, PackageRevisionFilter.ALL);
  }

  PackageRevision find(String name) {
    return list().stream()
        .filter(r -> r.key().objectName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no revision " + name));
  }
}
