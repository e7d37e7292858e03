package io.jporch.server.rest.porch;

import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.PackageRevision;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.server.rest.selector.RevisionQuery;
import io.jporch.server.watch.ChangeJournal;
import io.jporch.server.watch.WatchStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads package revisions as API objects that carry the resourceVersions of the {@link
 * ChangeJournal}: every list, get and write response, and the initial events of watches, go through
 * here. A rendered object the journal does not know (its snapshot was taken just before a change,
 * or the change is not journaled yet) is read again; what is still unknown then is the newest state
 * and is journaled.
 */
final class VersionedRevisions implements WatchStream.Kind<PackageRevision> {
  private static final Logger log = LoggerFactory.getLogger(VersionedRevisions.class);

  private final RevisionReader reader;
  private final ChangeJournal journal;

  VersionedRevisions(RevisionReader reader, ChangeJournal journal) {
    this.reader = reader;
    this.journal = journal;
  }

  /** A revision together with its versioned API object. */
  record Versioned(io.jporch.core.repository.PackageRevision revision, PackageRevision object) {}

  ChangeJournal journal() {
    return journal;
  }

  /** Every revision the query selects, versioned, in list order. */
  List<Versioned> list(RequestContext ctx, RevisionQuery query) {
    return list(ctx, query, warning -> {});
  }

  /**
   * As {@link #list(RequestContext, RevisionQuery)}; repositories left out go to {@code warnings}.
   */
  List<Versioned> list(RequestContext ctx, RevisionQuery query, Consumer<String> warnings) {
    RevisionQuery byKey = new RevisionQuery(query.namespace(), query.listFilter(), false);
    List<Versioned> result = new ArrayList<>();
    for (var revision : reader.list(ctx, query.matchesNothing() ? query : byKey, warnings)) {
      versioned(ctx, revision).filter(v -> query.matches(v.object())).ifPresent(result::add);
    }
    return result;
  }

  /** The revision {@code name} in {@code namespace}, versioned; 404 on {@code resource}. */
  Versioned get(RequestContext ctx, String namespace, String name, ResourceRef resource) {
    RevisionReader.Found found = reader.get(ctx, namespace, name, resource);
    return versioned(ctx, found.revision()).orElseThrow(() -> new NotFoundException(resource, ""));
  }

  /** {@code revision} as a versioned API object; empty if it cannot be built or is gone. */
  Optional<Versioned> versioned(
      RequestContext ctx, io.jporch.core.repository.PackageRevision revision) {
    Optional<PackageRevision> object = render(revision);
    if (object.isEmpty()) {
      return Optional.empty();
    }
    Optional<PackageRevision> known = journal.lookup(object.get());
    if (known.isPresent()) {
      return Optional.of(new Versioned(revision, known.get()));
    }
    String namespace = revision.key().repository().namespace();
    String name = revision.key().objectName();
    Optional<RevisionReader.Found> fresh = reader.find(ctx, namespace, name);
    if (fresh.isEmpty()) {
      return Optional.empty();
    }
    Optional<PackageRevision> again = render(fresh.get().revision());
    if (again.isEmpty()) {
      return Optional.empty();
    }
    PackageRevision versioned =
        journal.lookup(again.get()).orElseGet(() -> journal.record(again.get()));
    return Optional.of(new Versioned(fresh.get().revision(), versioned));
  }

  private static Optional<PackageRevision> render(
      io.jporch.core.repository.PackageRevision revision) {
    try {
      return Optional.of(revision.toApiObject());
    } catch (RuntimeException e) {
      log.warn("Skipping package revision {}: {}", revision.key().objectName(), e.toString());
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------ watch kind

  @Override
  public String id(PackageRevision object) {
    return object.metadata().namespace() + "/" + object.metadata().name();
  }

  @Override
  public long version(PackageRevision object) {
    return Long.parseLong(object.metadata().resourceVersion());
  }

  @Override
  public PackageRevision withVersion(PackageRevision object, long version) {
    return ChangeJournal.withVersion(object, version);
  }

  @Override
  public Object bookmark(long version, boolean initialEventsEnd) {
    ObjectMeta meta = ObjectMeta.named(null, null).withResourceVersion(Long.toString(version));
    if (initialEventsEnd) {
      meta = meta.withAnnotations(Map.of("k8s.io/initial-events-end", "true"));
    }
    return new PackageRevision(ApiGroups.PORCH_API_VERSION, PackageRevision.KIND, meta, null, null);
  }
}
