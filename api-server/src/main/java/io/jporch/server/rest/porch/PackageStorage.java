package io.jporch.server.rest.porch;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.PorchPackage;
import io.jporch.core.api.meta.KubeList;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.error.MethodNotAllowedException;
import io.jporch.core.error.NotFoundException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.repository.LabelSelector;
import io.jporch.core.repository.PackageKey;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionFilter;
import io.jporch.core.util.Uids;
import io.jporch.server.rest.ApiCall;
import io.jporch.server.rest.ApiResult;
import io.jporch.server.rest.ListOptions;
import io.jporch.server.rest.ListPager;
import io.jporch.server.rest.ResourceDescriptor;
import io.jporch.server.rest.ResourceHandler;
import io.jporch.server.rest.TableDefinition;
import io.jporch.server.rest.selector.FieldSelector;
import io.jporch.server.rest.selector.LabelSelectors;
import io.jporch.server.rest.selector.PackageName;
import io.jporch.server.rest.selector.PackageQuery;
import io.jporch.server.rest.selector.RevisionQuery;
import io.jporch.server.watch.ChangeJournal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * REST storage of {@code packages} (kind PorchPackage). Port of pkg/registry/porch/package.go.
 * Porch's CR cache never fills packages; jporch derives them from the revisions, as the DB cache
 * does: one object per package path with the highest published revision number. Write verbs answer
 * 405 with Porch's messages.
 */
public final class PackageStorage implements ResourceHandler {
  private static final String KIND_TEXT =
      " is not supported on resources of kind \"packages.porch.kpt.dev\"";
  private final RevisionReader reader;
  private final ChangeJournal journal;
  private final ListPager pager;

  /**
   * @param journal the package revision journal: a list's resourceVersion is the version of the
   *     latest change of any package revision (packages are derived from them)
   */
  public PackageStorage(RevisionReader reader, ChangeJournal journal, ListPager pager) {
    this.reader = reader;
    this.journal = journal;
    this.pager = pager;
  }

  @Override
  public ResourceDescriptor descriptor() {
    return PorchResources.PACKAGES;
  }

  @Override
  public TableDefinition table() {
    return PorchTables.PACKAGES;
  }

  @Override
  public ApiResult list(ApiCall call) {
    ListOptions options = ListOptions.parse(call.query(), false);
    LabelSelector labels = LabelSelectors.parse(call.query().first("labelSelector"));
    ListPager.Page<PorchPackage> page =
        pager.page(
            ListPager.scope(call, descriptor()),
            options,
            () -> {
              long version = journal.version();
              options.requireListableAt(version);
              List<PorchPackage> items =
                  packages(call).stream()
                      .filter(p -> labels.matches(p.metadata().labelsOrEmpty()))
                      .toList();
              return new ListPager.Listing<>(version, items);
            },
            Optional::of);
    return new ApiResult.Collection(
        new KubeList<>(ApiGroups.PORCH_API_VERSION, "PorchPackageList", page.meta(), page.items()));
  }

  private List<PorchPackage> packages(ApiCall call) {
    PackageQuery query =
        PackageQuery.parse(
            call.namespace(), FieldSelector.parse(call.query().first("fieldSelector")));
    String parent = null;
    String name = query.packageName();
    if (query.packagePath() != null) {
      int i = query.packagePath().lastIndexOf('/');
      parent = i < 0 ? "" : query.packagePath().substring(0, i);
      name = i < 0 ? query.packagePath() : query.packagePath().substring(i + 1);
    }
    PackageRevisionFilter filter =
        new PackageRevisionFilter(query.repository(), parent, name, null, 0, Set.of(), null, null);
    return packages(
        reader.list(
            call.context(),
            new RevisionQuery(query.namespace(), filter, false),
            PackageRevisionStorage.warnings(call)));
  }

  @Override
  public ApiResult get(ApiCall call) {
    String name = call.name();
    ResourceRef ref = ResourceRef.packages(name);
    PackageName parsed = PackageName.parse(name).orElseThrow(() -> new NotFoundException(ref, ""));
    PackageRevisionFilter filter = PackageRevisionFilter.forPackagePath(parsed.packagePath());
    filter =
        new PackageRevisionFilter(
            parsed.repository(),
            filter.packageParentPath(),
            filter.packageName(),
            null,
            0,
            Set.of(),
            null,
            null);
    return packages(
            reader.list(
                call.context(),
                new RevisionQuery(call.namespace(), filter, false),
                PackageRevisionStorage.warnings(call)))
        .stream()
        .filter(p -> p.metadata().name().equals(name))
        .findFirst()
        .map(ApiResult::ok)
        .orElseThrow(() -> new NotFoundException(ref, ""));
  }

  @Override
  public ApiResult watch(ApiCall call) {
    throw notSupported("watch", null);
  }

  @Override
  public ApiResult create(ApiCall call) {
    throw notSupported(
        "create or clone a PackageRevision resource to create a package as direct package creation",
        null);
  }

  @Override
  public ApiResult update(ApiCall call, UnaryOperator<JsonNode> update) {
    throw notSupported(
        "update a PackageRevision resource to update a package as direct package update",
        call.name());
  }

  @Override
  public ApiResult delete(ApiCall call) {
    throw notSupported(
        "delete all PackageRevisions resources of a package to delete a package as direct package deletion",
        call.name());
  }

  private static MethodNotAllowedException notSupported(String action, String name) {
    return new MethodNotAllowedException(ResourceRef.packages(name), action + KIND_TEXT);
  }

  /**
   * Groups revisions by package and builds one PorchPackage per package. Its identity: Porch's
   * deterministic UID, the earliest creationTimestamp of its revisions, generation 1, and a
   * resourceVersion derived from what the object shows (name and latest revision) and from the
   * revision that determines it, so that it changes exactly when the object does.
   */
  static List<PorchPackage> packages(List<PackageRevision> revisions) {
    Map<PackageKey, PackageSummary> summaries = new LinkedHashMap<>();
    for (PackageRevision revision : revisions) {
      summaries
          .computeIfAbsent(revision.key().packageKey(), k -> new PackageSummary())
          .add(revision);
    }
    List<PorchPackage> result = new ArrayList<>();
    summaries.forEach(
        (key, summary) -> {
          String ns = key.repository().namespace();
          String objectName = key.objectName();
          ObjectMeta meta =
              ObjectMeta.named(ns, objectName)
                  .withUid(Uids.porchPackage(ns, objectName))
                  .withResourceVersion(summary.resourceVersion(ns + "/" + objectName))
                  .withGeneration(1L)
                  .withCreationTimestamp(summary.created);
          result.add(
              PorchPackage.of(
                  meta,
                  new PorchPackage.Spec(key.name(), key.repository().name()),
                  new PorchPackage.Status(summary.latest)));
        });
    return result;
  }

  /** What one package's object is computed from. */
  private static final class PackageSummary {
    private int latest;
    private String latestResourceVersion = "";
    private String created;

    void add(PackageRevision revision) {
      int number = revision.lifecycle().isPublished() ? Math.max(0, revision.key().revision()) : 0;
      if (number > latest) {
        latest = number;
        latestResourceVersion = revision.resourceVersion();
      }
      String c = revision.toApiObject().metadata().creationTimestamp();
      if (c != null && (created == null || c.compareTo(created) < 0)) {
        created = c;
      }
    }

    String resourceVersion(String identity) {
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256")
                .digest(
                    (identity + "\n" + latest + "\n" + latestResourceVersion)
                        .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 10);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available", e);
      }
    }
  }
}
