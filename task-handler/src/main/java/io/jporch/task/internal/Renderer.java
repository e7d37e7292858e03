package io.jporch.task.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.api.meta.ObjectMeta;
import io.jporch.core.fn.FunctionRuntime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kpt fn render} on an in-memory package: finds the root package (the topmost directory with
 * a Kptfile) and its subpackages, runs every package's pipeline depth-first (a package sees its own
 * resources plus the rendered output of its subpackages), writes the result back, prunes files
 * whose resources all disappeared, and records the outcome in the root Kptfile's status. Files
 * whose resources did not change keep their exact text; changed files are edited in place ({@link
 * TextPatch}), so only the changed values' lines differ. Port of nephio-project/porch {@code
 * pkg/task/render.go} and kptdev/kpt {@code internal/util/render/executor.go}.
 *
 * <p>Not supported yet: {@code kpt.dev/bfs-rendering}, {@code kpt.dev/save-on-render-failure} (a
 * failed render always leaves the input unchanged apart from the root Kptfile status), {@code
 * .krmignore}, JSON resource files and comment preservation in rewritten files.
 */
public final class Renderer {
  private static final Logger log = LoggerFactory.getLogger(Renderer.class);

  private final List<FunctionRuntime> runtimes;
  private final String imagePrefix;

  public Renderer(List<FunctionRuntime> runtimes, String defaultImagePrefix) {
    this.runtimes = List.copyOf(runtimes);
    this.imagePrefix = Paths.normalize(defaultImagePrefix == null ? "" : defaultImagePrefix);
  }

  /**
   * The result of a render: the files, kpt's function results, and the error (null on success).
   * {@code status} is null when the package has no Kptfile (nothing was rendered).
   */
  public record Outcome(Map<String, String> files, RenderStatus status, String error) {}

  /** Renders the package held by {@code files} (relative path → content). */
  public Outcome render(Map<String, String> files) {
    String root = findRoot(files);
    if (root == null) {
      log.warn("Package has no Kptfile; skipping render");
      return new Outcome(files, null, null);
    }
    Run run = new Run(files, root, new PipelineRunner(runtimes, imagePrefix));
    try {
      run.load();
      List<ObjectNode> output = run.renderPackage(root);
      Map<String, String> written = run.writeBack(output);
      return new Outcome(run.withStatus(written, null), run.status(null), null);
    } catch (RenderFailure e) {
      String error = "pkg.render: pkg " + run.display(run.failedPackage) + ": " + e.getMessage();
      return new Outcome(run.withStatus(files, error), run.status(error), error);
    }
  }

  /** The topmost directory holding a Kptfile (ties: the first in path order), or null. */
  static String findRoot(Map<String, String> files) {
    return files.keySet().stream()
        .filter(p -> Paths.basename(p).equals(Kptfiles.FILE_NAME))
        .map(Paths::dirname)
        .min(
            Comparator.comparingInt((String d) -> d.isEmpty() ? 0 : d.split("/").length + 1)
                .thenComparing(d -> d))
        .orElse(null);
  }

  /** The state of one render. */
  private static final class Run {
    private final Map<String, String> files;
    private final String root;
    private final PipelineRunner pipeline;
    private final TreeSet<String> packages = new TreeSet<>();
    private final Map<String, List<ObjectNode>> ownResources = new LinkedHashMap<>();
    private final Map<String, List<JsonNode>> originals = new LinkedHashMap<>();
    private final Map<String, Boolean> wide = new LinkedHashMap<>();
    private final Map<String, ObjectNode> kptfiles = new LinkedHashMap<>();
    private String failedPackage;

    Run(Map<String, String> files, String root, PipelineRunner pipeline) {
      this.files = files;
      this.root = root;
      this.pipeline = pipeline;
      this.failedPackage = root;
    }

    /** Parses every resource file of the root package and its subpackages. */
    void load() {
      for (String path : files.keySet()) {
        if (Paths.basename(path).equals(Kptfiles.FILE_NAME) && Paths.isWithin(path, root)) {
          packages.add(Paths.dirname(path));
        }
      }
      packages.forEach(p -> ownResources.put(p, new ArrayList<>()));
      for (var entry : files.entrySet()) {
        String path = entry.getKey();
        if (!Paths.isWithin(path, root) || !Resources.isResourceFile(path)) {
          continue;
        }
        String pkg = owner(path);
        failedPackage = pkg;
        List<JsonNode> docs = parse(path, entry.getValue());
        originals.put(path, docs);
        boolean isWide = Yaml.isWide(entry.getValue());
        wide.put(path, isWide);
        String relative = Paths.relative(path, pkg);
        for (int i = 0; i < docs.size(); i++) {
          ObjectNode r = docs.get(i).deepCopy();
          Annotations.set(r, Annotations.LEGACY_PATH, relative);
          Annotations.set(r, Annotations.PATH, relative);
          Annotations.set(r, Annotations.LEGACY_INDEX, Integer.toString(i));
          Annotations.set(r, Annotations.INDEX, Integer.toString(i));
          Annotations.set(r, Annotations.PACKAGE_PATH, packagePath(pkg));
          Annotations.set(r, Annotations.SEQ_INDENT, isWide ? "wide" : "compact");
          ownResources.get(pkg).add(r);
        }
        if (Paths.basename(path).equals(Kptfiles.FILE_NAME)) {
          kptfiles.put(pkg, kptfile(path, entry.getValue()));
        }
      }
      failedPackage = root;
    }

    private List<JsonNode> parse(String path, String text) {
      List<JsonNode> docs;
      try {
        docs = Yaml.documents(text == null ? "" : text);
      } catch (IOException e) {
        throw new RenderFailure("failed to read " + path + ": " + e.getMessage(), e);
      }
      if (!Resources.isKustomization(path)) {
        for (JsonNode doc : docs) {
          String problem = Resources.krmProblem(doc);
          if (problem != null) {
            throw new RenderFailure(
                "input resource list must contain only KRM resources: "
                    + Paths.relative(path, root)
                    + ": "
                    + problem);
          }
        }
      }
      return docs;
    }

    private static ObjectNode kptfile(String path, String text) {
      try {
        return Kptfiles.parse(text);
      } catch (IllegalArgumentException e) {
        throw new RenderFailure(path + ": " + e.getMessage(), e);
      }
    }

    /** The nearest package directory containing {@code path}. */
    private String owner(String path) {
      String dir = Paths.dirname(path);
      while (!packages.contains(dir)) {
        dir = Paths.dirname(dir);
      }
      return dir;
    }

    /** Depth-first: subpackages first, then the package's own pipeline on everything. */
    List<ObjectNode> renderPackage(String pkg) {
      List<ObjectNode> input = new ArrayList<>();
      for (String child : children(pkg)) {
        input.addAll(renderPackage(child));
      }
      input.addAll(ownResources.get(pkg));
      failedPackage = pkg;
      ObjectNode kptfile = kptfiles.get(pkg);
      String pkgPath = packagePath(pkg);
      List<PipelineRunner.Function> mutators = PipelineRunner.functions(kptfile, "mutators");
      List<PipelineRunner.Function> validators = PipelineRunner.functions(kptfile, "validators");
      List<ObjectNode> current = input;
      for (PipelineRunner.Function f : mutators) {
        current = pipeline.mutate(f, pkgPath, current);
        for (ObjectNode r : current) {
          if (Annotations.get(r, Annotations.PACKAGE_PATH) == null) {
            Annotations.set(r, Annotations.PACKAGE_PATH, pkgPath);
          }
        }
      }
      for (PipelineRunner.Function f : validators) {
        pipeline.validate(f, pkgPath, current);
      }
      return current;
    }

    private List<String> children(String pkg) {
      List<String> result = new ArrayList<>();
      for (String p : packages) {
        if (!p.equals(pkg) && Paths.isWithin(p, pkg) && nearestParent(p).equals(pkg)) {
          result.add(p);
        }
      }
      return result;
    }

    private String nearestParent(String pkg) {
      String dir = pkg;
      do {
        dir = Paths.dirname(dir);
      } while (!dir.isEmpty() && !packages.contains(dir));
      return packages.contains(dir) ? dir : root;
    }

    /** {@code /} for the root package, {@code /sub} for a subpackage. */
    private String packagePath(String pkg) {
      return "/" + Paths.relative(pkg, root);
    }

    private String directoryOf(String packagePath) {
      return Paths.join(root, Paths.normalize(packagePath));
    }

    String display(String pkg) {
      String rel = Paths.relative(pkg == null ? root : pkg, root);
      return rel.isEmpty() ? "." : "./" + rel;
    }

    /** Writes the pipeline output back to files; unchanged files keep their text. */
    Map<String, String> writeBack(List<ObjectNode> output) {
      Map<String, List<ObjectNode>> byFile = new LinkedHashMap<>();
      Map<String, Integer> order = new LinkedHashMap<>();
      Map<ObjectNode, Integer> indexes = new java.util.IdentityHashMap<>();
      for (ObjectNode r : output) {
        String dir = directoryOf(orElse(Annotations.get(r, Annotations.PACKAGE_PATH), "/"));
        String path = Annotations.path(r);
        if (path == null || path.isEmpty()) {
          path = defaultPath(r);
        }
        String file = Paths.join(dir, Paths.normalize(path));
        boolean isWide =
            "wide".equals(Annotations.get(r, Annotations.SEQ_INDENT))
                || Boolean.TRUE.equals(wide.get(file));
        wide.putIfAbsent(file, isWide);
        indexes.put(r, Annotations.index(r));
        Annotations.clearInternal(r);
        byFile.computeIfAbsent(file, unused -> new ArrayList<>()).add(r);
        order.putIfAbsent(file, order.size());
      }
      Map<String, String> result = new LinkedHashMap<>(files);
      for (var e : byFile.entrySet()) {
        List<ObjectNode> docs = new ArrayList<>(e.getValue());
        docs.sort(Comparator.comparingInt(indexes::get));
        List<JsonNode> before = originals.get(e.getKey());
        if (before != null && before.equals(docs)) {
          continue;
        }
        boolean isWide = Boolean.TRUE.equals(wide.get(e.getKey()));
        String patched = null;
        if (before != null && inOriginalOrder(docs, indexes)) {
          patched = TextPatch.apply(files.get(e.getKey()), before, docs, isWide);
        }
        result.put(e.getKey(), patched != null ? patched : Yaml.writeAll(docs, isWide));
      }
      for (String file : originals.keySet()) {
        if (!byFile.containsKey(file)) {
          result.remove(file);
        }
      }
      return result;
    }

    /** True when the documents are exactly those read from the file, at indexes 0, 1, … */
    private static boolean inOriginalOrder(
        List<ObjectNode> docs, Map<ObjectNode, Integer> indexes) {
      for (int i = 0; i < docs.size(); i++) {
        if (indexes.get(docs.get(i)) != i) {
          return false;
        }
      }
      return true;
    }

    /** kyaml's name for a resource a function created without a path. */
    private static String defaultPath(ObjectNode r) {
      String ns = r.path("metadata").path("namespace").asText("");
      String name =
          r.path("kind").asText("").toLowerCase(Locale.ROOT)
              + "_"
              + r.path("metadata").path("name").asText("")
              + ".yaml";
      return ns.isEmpty() ? name : ns + "/" + name;
    }

    /** The files with the root Kptfile's Rendered condition and render status updated. */
    Map<String, String> withStatus(Map<String, String> in, String error) {
      String path = Paths.join(root, Kptfiles.FILE_NAME);
      String text = in.get(path);
      if (text == null) {
        return in;
      }
      ObjectNode kptfile;
      try {
        kptfile = Kptfiles.parse(text);
      } catch (IllegalArgumentException e) {
        log.debug("Cannot record the render status in {}: {}", path, e.getMessage());
        return in;
      }
      String message = error == null ? null : error.replace('/', '.');
      Kptfiles.setRenderStatus(kptfile, error == null, message, pipeline.renderStatus());
      Map<String, String> out = new LinkedHashMap<>(in);
      out.put(path, Kptfiles.write(kptfile));
      return out;
    }

    RenderStatus status(String error) {
      var results = pipeline.results();
      var list =
          new RenderStatus.ResultList(
              "kpt.dev/v1",
              "FunctionResultList",
              ObjectMeta.named(null, "fnresults"),
              error == null ? 0 : 1,
              results.isEmpty() ? null : List.copyOf(results));
      return new RenderStatus(list, error == null ? "" : error);
    }

    private static String orElse(String value, String fallback) {
      return value == null ? fallback : value;
    }
  }
}
