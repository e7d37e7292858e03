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
 * resources followed by the rendered output of its subpackages) or, with the root Kptfile
 * annotation {@code kpt.dev/bfs-rendering: "true"}, top-down (each package sees itself and its
 * descendants), writes the result back, prunes files whose resources all disappeared, and records
 * the outcome in the root Kptfile's status. Files whose resources did not change keep their exact
 * text; changed files are edited in place ({@link TextPatch}), so only the changed values' lines
 * differ. A failed render writes nothing but the root Kptfile's status, unless the root Kptfile has
 * {@code kpt.dev/save-on-render-failure: "true"}: then the resources rendered up to the failure are
 * written (without pruning). Resource files are {@code Kptfile}, {@code *.yaml}, {@code *.yml} and
 * {@code *.json} not excluded by the package's {@code .krmignore}. Port of nephio-project/porch
 * {@code pkg/task/render.go} and kptdev/kpt {@code internal/util/render/executor.go}
 * (v1.0.0-beta.62.1).
 */
public final class Renderer {
  private static final Logger log = LoggerFactory.getLogger(Renderer.class);

  /** Root Kptfile annotation: write the partial result of a failed render. */
  static final String SAVE_ON_RENDER_FAILURE = "kpt.dev/save-on-render-failure";

  /** Root Kptfile annotation: render top-down instead of depth-first. */
  static final String BFS_RENDERING = "kpt.dev/bfs-rendering";

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
    boolean save = false;
    try {
      run.load();
      save = run.rootAnnotation(SAVE_ON_RENDER_FAILURE);
      List<ObjectNode> output =
          run.rootAnnotation(BFS_RENDERING) ? run.renderBreadthFirst() : run.renderPackage(root);
      Map<String, String> written = run.writeBack(output, true);
      return new Outcome(run.withStatus(written, null), run.status(null), null);
    } catch (RenderFailure e) {
      String error = "pkg.render: pkg " + run.display(run.failedPackage) + ": " + e.getMessage();
      Map<String, String> kept = files;
      if (save && e.partial() != null) {
        kept = run.writeBack(e.partial(), false);
      }
      return new Outcome(run.withStatus(kept, error), run.status(error), error);
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
    private final Map<String, List<Map<String, String>>> originalComments = new LinkedHashMap<>();
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
      Map<String, KrmIgnore> ignores = new LinkedHashMap<>();
      for (String p : packages) {
        ignores.put(p, KrmIgnore.parse(files.get(Paths.join(p, KrmIgnore.FILE_NAME))));
      }
      for (var entry : new java.util.TreeMap<>(files).entrySet()) {
        String path = entry.getKey();
        if (!Paths.isWithin(path, root) || !Resources.isResourceFile(path)) {
          continue;
        }
        String pkg = owner(path);
        String relative = Paths.relative(path, pkg);
        if (!Paths.basename(path).equals(Kptfiles.FILE_NAME)
            && ignores.get(pkg).ignores(relative)) {
          continue;
        }
        failedPackage = pkg;
        List<JsonNode> docs = parse(path, entry.getValue());
        originals.put(path, docs);
        List<Map<String, String>> fileComments = comments(entry.getValue(), docs.size());
        originalComments.put(path, fileComments);
        boolean isWide = Yaml.isWide(entry.getValue());
        wide.put(path, isWide);
        for (int i = 0; i < docs.size(); i++) {
          ObjectNode r = docs.get(i).deepCopy();
          Annotations.set(r, Annotations.LEGACY_PATH, relative);
          Annotations.set(r, Annotations.PATH, relative);
          Annotations.set(r, Annotations.LEGACY_INDEX, Integer.toString(i));
          Annotations.set(r, Annotations.INDEX, Integer.toString(i));
          Annotations.set(r, Annotations.PACKAGE_PATH, packagePath(pkg));
          Annotations.set(r, Annotations.SEQ_INDENT, isWide ? "wide" : "compact");
          if (!fileComments.get(i).isEmpty()) {
            pipeline.comments.put(r, new LinkedHashMap<>(fileComments.get(i)));
          }
          ownResources.get(pkg).add(r);
        }
        if (Paths.basename(path).equals(Kptfiles.FILE_NAME)) {
          kptfiles.put(pkg, kptfile(path, entry.getValue()));
        }
      }
      failedPackage = root;
    }

    /** The line comments of each document of a file (empty maps when they cannot be told). */
    private static List<Map<String, String>> comments(String text, int documents) {
      List<Map<String, String>> none = new ArrayList<>();
      for (int i = 0; i < documents; i++) {
        none.add(Map.of());
      }
      if (text == null || text.indexOf('#') < 0) {
        return none;
      }
      try {
        List<Map<String, String>> found = io.jporch.core.util.YamlComments.extract(text);
        return found.size() == documents ? found : none;
      } catch (RuntimeException e) {
        return none;
      }
    }

    /** True when the root Kptfile has {@code annotation: "true"} (any case). */
    boolean rootAnnotation(String annotation) {
      ObjectNode kptfile = kptfiles.get(root);
      return kptfile != null
          && "true"
              .equalsIgnoreCase(
                  kptfile.path("metadata").path("annotations").path(annotation).asText(""));
    }

    private List<JsonNode> parse(String path, String text) {
      List<JsonNode> docs;
      try {
        docs = Yaml.documents(text == null ? "" : text);
      } catch (IOException e) {
        throw new RenderFailure("failed to read " + path + ": " + e.getMessage(), e);
      }
      for (JsonNode doc : docs) {
        String problem = Resources.isKustomization(path, doc) ? null : Resources.krmProblem(doc);
        if (problem != null) {
          throw new RenderFailure(
              "input resource list must contain only KRM resources: "
                  + Paths.relative(path, root)
                  + ": "
                  + problem);
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

    /**
     * Depth-first: the package's own resources followed by the rendered output of each subpackage
     * (in path order), then the package's pipeline on all of them. A failure carries what was
     * rendered so far: the own resources, the finished subpackages and the failing one's partial
     * output, or the failing pipeline's last good state.
     */
    List<ObjectNode> renderPackage(String pkg) {
      List<ObjectNode> input = new ArrayList<>(ownResources.get(pkg));
      for (String child : children(pkg)) {
        try {
          input.addAll(renderPackage(child));
        } catch (RenderFailure e) {
          if (e.partial() != null) {
            input.addAll(e.partial());
            e.withPartial(input);
          }
          throw e;
        }
      }
      failedPackage = pkg;
      return runPipeline(pkg, input);
    }

    /** The package's mutators then validators; a failure carries the last good resources. */
    private List<ObjectNode> runPipeline(String pkg, List<ObjectNode> input) {
      ObjectNode kptfile = kptfiles.get(pkg);
      String pkgPath = packagePath(pkg);
      List<ObjectNode> current = input;
      try {
        List<PipelineRunner.Function> mutators = PipelineRunner.functions(kptfile, "mutators");
        List<PipelineRunner.Function> validators = PipelineRunner.functions(kptfile, "validators");
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
      } catch (RenderFailure e) {
        throw e.withPartial(current);
      }
      return current;
    }

    /**
     * Top-down ({@code kpt.dev/bfs-rendering}): packages in breadth-first order, each pipeline on
     * the package's current resources plus those of all its descendants; the output goes back to
     * the packages named by the resources' package-path annotations (kpt's hydrateBfsOrder).
     */
    List<ObjectNode> renderBreadthFirst() {
      List<String> order = new ArrayList<>();
      java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(root));
      while (!queue.isEmpty()) {
        String pkg = queue.poll();
        order.add(pkg);
        queue.addAll(children(pkg));
      }
      Map<String, List<ObjectNode>> current = new LinkedHashMap<>();
      order.forEach(p -> current.put(p, new ArrayList<>(ownResources.get(p))));
      for (String pkg : order) {
        List<ObjectNode> input = new ArrayList<>(current.get(pkg));
        descendants(pkg).forEach(d -> input.addAll(current.get(d)));
        failedPackage = pkg;
        try {
          distribute(pkg, runPipeline(pkg, input), current);
        } catch (RenderFailure e) {
          distribute(pkg, e.partial() == null ? input : e.partial(), current);
          List<ObjectNode> all = new ArrayList<>();
          order.forEach(p -> all.addAll(current.get(p)));
          throw e.withPartial(all);
        }
      }
      List<ObjectNode> all = new ArrayList<>();
      order.forEach(p -> all.addAll(current.get(p)));
      return all;
    }

    private List<String> descendants(String pkg) {
      List<String> result = new ArrayList<>();
      for (String child : children(pkg)) {
        result.add(child);
        result.addAll(descendants(child));
      }
      return result;
    }

    /** kpt's propagateResourcesAcrossNodes: resources go to the package they name. */
    private void distribute(
        String pkg, List<ObjectNode> output, Map<String, List<ObjectNode>> current) {
      Map<String, List<ObjectNode>> byPackage = new LinkedHashMap<>();
      String self = packagePath(pkg);
      for (ObjectNode r : output) {
        String target = Annotations.get(r, Annotations.PACKAGE_PATH);
        byPackage
            .computeIfAbsent(
                target == null || target.isEmpty() ? self : target, k -> new ArrayList<>())
            .add(r);
      }
      List<ObjectNode> remaining = new ArrayList<>();
      for (String p : current.keySet()) {
        List<ObjectNode> mine = byPackage.get(packagePath(p));
        if (mine == null) {
          continue;
        }
        if (p.equals(pkg)) {
          remaining.addAll(mine);
        } else {
          current.put(p, mine);
        }
      }
      current.put(pkg, remaining);
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

    /**
     * Writes the pipeline output back to files (unchanged files keep their text); with {@code
     * prune}, input files left without resources are deleted.
     */
    Map<String, String> writeBack(List<ObjectNode> output, boolean prune) {
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
        List<Map<String, String>> docComments = new ArrayList<>();
        docs.forEach(d -> docComments.add(pipeline.comments.getOrDefault(d, Map.of())));
        List<JsonNode> before = originals.get(e.getKey());
        if (before != null
            && before.equals(docs)
            && originalComments.get(e.getKey()).equals(docComments)) {
          continue;
        }
        boolean isWide = Boolean.TRUE.equals(wide.get(e.getKey()));
        String patched = null;
        if (before != null && inOriginalOrder(docs, indexes)) {
          patched =
              TextPatch.apply(
                  files.get(e.getKey()),
                  before,
                  docs,
                  isWide,
                  originalComments.get(e.getKey()),
                  docComments);
        }
        if (patched == null && e.getKey().endsWith(".json") && docs.size() == 1) {
          patched = Yaml.writeJson(docs.getFirst());
        }
        result.put(e.getKey(), patched != null ? patched : writeAll(docs, docComments, isWide));
      }
      for (String file : originals.keySet()) {
        if (prune && !byFile.containsKey(file)) {
          result.remove(file);
        }
      }
      return result;
    }

    /** Documents joined with {@code ---}, each with its line comments. */
    private static String writeAll(
        List<ObjectNode> docs, List<Map<String, String>> comments, boolean wide) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < docs.size(); i++) {
        if (!sb.isEmpty()) {
          sb.append("---\n");
        }
        sb.append(
            io.jporch.core.util.YamlComments.inject(
                Yaml.write(docs.get(i), wide), comments.get(i)));
      }
      return sb.toString();
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
