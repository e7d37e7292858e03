package io.jporch.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.Lifecycle;
import io.jporch.core.api.PackageRevisionResources;
import io.jporch.core.api.PackageRevisionSpec;
import io.jporch.core.api.PackageRevisionStatus;
import io.jporch.core.api.RenderFailures;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.api.Task;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.context.RequestContext;
import io.jporch.core.error.FieldError;
import io.jporch.core.error.InternalErrorException;
import io.jporch.core.error.InvalidException;
import io.jporch.core.error.ResourceRef;
import io.jporch.core.fn.FunctionRuntime;
import io.jporch.core.repository.PackageRevision;
import io.jporch.core.repository.PackageRevisionDraft;
import io.jporch.task.internal.InitPackage;
import io.jporch.task.internal.Kptfiles;
import io.jporch.task.internal.Renderer;
import io.jporch.task.internal.Yaml;
import io.jporch.task.internal.tasks.CreationTasks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The task handler: {@code init}, {@code clone}, {@code edit} and {@code upgrade} for new packages
 * (other revisions are found through a {@link RevisionResolver}, Git upstreams through a {@link
 * GitPackageFetcher}), Kptfile patches from PackageRevision updates, resource replacement, and
 * render through the given function runtimes (the first that supports an image runs it). Port of
 * Porch's {@code pkg/task/generictaskhandler.go}.
 */
public final class DefaultTaskHandler implements TaskHandler {
  /** Porch's default {@code --default-image-prefix}. */
  public static final String DEFAULT_IMAGE_PREFIX = "ghcr.io/kptdev/krm-functions-catalog/";

  static final String RENDER_FAILED_NOT_PUSHED =
      "error rendering package in kpt function pipeline. Package NOT pushed to remote. Fix locally"
          + " (until 'kpt fn render' succeeds) and retry. Details: ";
  static final String UPDATE_RENDER_FAILED =
      "Error rendering package in kpt function pipeline. Package NOT pushed to remote. Fix locally"
          + " (until 'kpt fn render' succeeds) and retry. Details: ";
  private static final Set<String> CONDITION_STATUSES = Set.of("True", "False", "Unknown");

  private final Renderer renderer;
  private final CreationTasks creationTasks;

  public DefaultTaskHandler(List<FunctionRuntime> runtimes) {
    this(runtimes, DEFAULT_IMAGE_PREFIX);
  }

  /** A handler whose render prefixes short image names with {@code defaultImagePrefix}. */
  public DefaultTaskHandler(List<FunctionRuntime> runtimes, String defaultImagePrefix) {
    this(runtimes, defaultImagePrefix, RevisionResolver.NONE, GitPackageFetcher.NONE);
  }

  /**
   * A handler whose {@code clone}, {@code edit} and {@code upgrade} tasks find other revisions with
   * {@code revisions} and read Git upstreams with {@code git}.
   */
  public DefaultTaskHandler(
      List<FunctionRuntime> runtimes,
      String defaultImagePrefix,
      RevisionResolver revisions,
      GitPackageFetcher git) {
    this.renderer =
        new Renderer(
            runtimes == null ? List.of() : List.copyOf(runtimes),
            Objects.requireNonNullElse(defaultImagePrefix, DEFAULT_IMAGE_PREFIX));
    this.creationTasks = new CreationTasks(revisions, git);
  }

  @Override
  public void applyTask(
      RequestContext ctx,
      PackageRevisionDraft draft,
      io.jporch.core.api.config.Repository repository,
      io.jporch.core.api.PackageRevision object) {
    if (object == null || object.spec() == null) {
      throw new InternalErrorException(null, "spec is required to create a package revision");
    }
    PackageRevisionSpec spec = object.spec();
    List<Task> tasks = spec.tasks() == null ? List.of() : spec.tasks();
    if (tasks.size() != 1) {
      throw new InternalErrorException(ref(object), "task list must contain exactly 1 task");
    }
    Task task = tasks.getFirst();
    Map<String, String> files = creationFiles(ctx, repository, object, task);
    ObjectNode kptfile = parseKptfile(object, files, "failed to parse Kptfile: ");
    if (applyMetadata(kptfile, spec, false)) {
      files.put(Kptfiles.FILE_NAME, Yaml.write(kptfile, false));
    }
    RenderResult rendered = render(files);
    if (rendered.failed()) {
      throw renderFailed(ref(object), rendered.error(), rendered);
    }
    draft.updateResources(ctx, rendered.resources(), task);
  }

  private Map<String, String> creationFiles(
      RequestContext ctx,
      io.jporch.core.api.config.Repository repository,
      io.jporch.core.api.PackageRevision object,
      Task task) {
    String type = task == null || task.type() == null ? "" : task.type();
    ResourceRef ref = ref(object);
    switch (type) {
      case Task.INIT -> {
        if (task.init() == null) {
          throw new InternalErrorException(ref, "init not set for task of type \"init\"");
        }
        String name = Objects.requireNonNullElse(object.spec().packageName(), "");
        return new LinkedHashMap<>(InitPackage.files(name, task.init()));
      }
      case Task.CLONE -> {
        if (task.cloneSpec() == null) {
          throw new InternalErrorException(ref, "clone not set for task of type \"clone\"");
        }
        return new LinkedHashMap<>(creationTasks.clone(ctx, repository, object, task.cloneSpec()));
      }
      case Task.EDIT -> {
        if (task.edit() == null) {
          throw new InternalErrorException(ref, "edit not set for task of type \"edit\"");
        }
        return new LinkedHashMap<>(creationTasks.edit(ctx, repository, object, task.edit()));
      }
      case Task.UPGRADE -> {
        if (task.upgrade() == null) {
          throw new InternalErrorException(
              ref, "upgrade field not set for task of type \"upgrade\"");
        }
        return new LinkedHashMap<>(creationTasks.upgrade(ctx, repository, object, task.upgrade()));
      }
      default ->
          throw new InternalErrorException(ref, "task of type \"" + type + "\" not supported");
    }
  }

  @Override
  public void doPRMutations(
      RequestContext ctx,
      PackageRevision current,
      io.jporch.core.api.PackageRevision oldObject,
      io.jporch.core.api.PackageRevision newObject,
      PackageRevisionDraft draft) {
    Lifecycle old =
        oldObject != null && oldObject.spec() != null && oldObject.spec().lifecycle() != null
            ? oldObject.spec().lifecycle()
            : current.lifecycle();
    if (old != Lifecycle.DRAFT) {
      return;
    }
    Map<String, String> files = new LinkedHashMap<>(current.resources());
    String patched = patchKptfile(files, newObject);
    if (patched != null) {
      files.put(Kptfiles.FILE_NAME, patched);
    }
    RenderResult rendered = render(files);
    if (rendered.failed()) {
      throw renderFailed(ref(newObject), UPDATE_RENDER_FAILED + rendered.error(), rendered);
    }
    draft.updateResources(ctx, rendered.resources(), Task.render());
  }

  /** The new Kptfile text, or null when the update changes nothing in it. */
  private static String patchKptfile(
      Map<String, String> files, io.jporch.core.api.PackageRevision newObject) {
    if (newObject == null || newObject.spec() == null) {
      return null;
    }
    ObjectNode kptfile = parseKptfile(newObject, files, "parse Kptfile: ");
    boolean changed = applyMetadata(kptfile, newObject.spec(), true);
    PackageRevisionStatus status = newObject.status();
    if (status != null && status.conditions() != null) {
      List<Kptfiles.Condition> desired = new ArrayList<>();
      for (int i = 0; i < status.conditions().size(); i++) {
        PackageRevisionStatus.Condition c = status.conditions().get(i);
        if (c == null || c.status() == null || !CONDITION_STATUSES.contains(c.status())) {
          throw new InvalidException(
              ref(newObject),
              List.of(
                  FieldError.notSupported(
                      "status.conditions[" + i + "].status",
                      c == null ? null : c.status(),
                      "supported values: \"False\", \"True\", \"Unknown\"")));
        }
        desired.add(new Kptfiles.Condition(c.type(), c.status(), c.reason(), c.message()));
      }
      changed |= Kptfiles.syncConditions(kptfile, desired);
    }
    return changed ? Kptfiles.write(kptfile) : null;
  }

  private static boolean applyMetadata(
      ObjectNode kptfile, PackageRevisionSpec spec, boolean replace) {
    boolean changed = false;
    if (spec.packageMetadata() != null) {
      if (spec.packageMetadata().labels() != null) {
        changed |= Kptfiles.applyMap(kptfile, "labels", spec.packageMetadata().labels(), replace);
      }
      if (spec.packageMetadata().annotations() != null) {
        changed |=
            Kptfiles.applyMap(
                kptfile, "annotations", spec.packageMetadata().annotations(), replace);
      }
    }
    if (spec.readinessGates() != null) {
      List<String> types = new ArrayList<>();
      spec.readinessGates().stream()
          .filter(Objects::nonNull)
          .forEach(g -> types.add(Objects.requireNonNullElse(g.conditionType(), "")));
      changed |= Kptfiles.syncReadinessGates(kptfile, types);
    }
    return changed;
  }

  @Override
  public RenderStatus doPRResourceMutations(
      RequestContext ctx,
      PackageRevision current,
      PackageRevisionDraft draft,
      PackageRevisionResources newResources) {
    Map<String, String> files =
        newResources == null
                || newResources.spec() == null
                || newResources.spec().resources() == null
            ? Map.of()
            : newResources.spec().resources();
    RenderResult rendered = render(files);
    ResourceRef ref = ResourceRef.packageRevisionResources(current.key().objectName());
    if (rendered.failed()) {
      if (!pushOnRenderFailure(current)) {
        throw renderFailed(ref, RENDER_FAILED_NOT_PUSHED + rendered.error(), rendered);
      }
      try {
        draft.updateResources(ctx, rendered.resources(), Task.render());
      } catch (RuntimeException e) {
        throw new InternalErrorException(
            ref,
            "failed to persist resources after render failure: "
                + e.getMessage()
                + ": "
                + rendered.error(),
            e);
      }
      return rendered.status();
    }
    draft.updateResources(ctx, rendered.resources(), Task.render());
    RenderStatus status = rendered.status();
    boolean reportable =
        status != null
            && ((status.error() != null && !status.error().isEmpty())
                || (status.result() != null
                    && status.result().items() != null
                    && !status.result().items().isEmpty()));
    return reportable ? status : null;
  }

  private static boolean pushOnRenderFailure(PackageRevision current) {
    ObjectMeta meta = current.metadata();
    return meta != null
        && "true".equals(meta.annotationsOrEmpty().get(ApiGroups.PUSH_ON_RENDER_FAILURE));
  }

  /** A 500 whose Status details list the failed functions and error results of the render. */
  private static InternalErrorException renderFailed(
      ResourceRef ref, String message, RenderResult rendered) {
    return new InternalErrorException(
        ref, message, RenderFailures.causes(message, rendered.status()));
  }

  @Override
  public RenderResult render(Map<String, String> resources) {
    Renderer.Outcome outcome = renderer.render(resources == null ? Map.of() : resources);
    return new RenderResult(outcome.files(), outcome.status(), outcome.error());
  }

  private static ObjectNode parseKptfile(
      io.jporch.core.api.PackageRevision object, Map<String, String> files, String prefix) {
    String text = files.get(Kptfiles.FILE_NAME);
    if (text == null) {
      throw new InternalErrorException(
          ref(object), prefix + "file \"Kptfile\" is missing from the package");
    }
    try {
      return Kptfiles.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InternalErrorException(ref(object), prefix + e.getMessage(), e);
    }
  }

  private static ResourceRef ref(io.jporch.core.api.PackageRevision object) {
    String name = object == null || object.metadata() == null ? null : object.metadata().name();
    return ResourceRef.packageRevision(name);
  }
}
