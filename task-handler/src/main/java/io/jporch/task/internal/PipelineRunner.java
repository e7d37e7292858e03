package io.jporch.task.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.api.RenderStatus;
import io.jporch.core.fn.FunctionExitException;
import io.jporch.core.fn.FunctionRuntime;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the function pipeline of one package: mutators in order, each on the previous output, then
 * validators on a copy. Functions are resolved to images as kpt resolves them and run by the first
 * runtime that supports the image. Records kpt's function results and Kptfile render steps. Port of
 * kptdev/kpt {@code internal/util/render/executor.go} (runPipeline) and {@code pkg/fn/runtime}.
 */
final class PipelineRunner {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<FunctionRuntime> runtimes;
  private final String imagePrefix;
  private final List<RenderStatus.FunctionResult> results = new ArrayList<>();
  private final ArrayNode mutationSteps = NODES.arrayNode();
  private final ArrayNode validationSteps = NODES.arrayNode();
  private final List<String> errorSummary = new ArrayList<>();

  /**
   * The line comments of the resources in flight (JSON pointer → comment), by identity: sent to
   * functions inside the ResourceList text, read back from their output, and restored from the
   * input by item id where the output has none (kpt's comment copying).
   */
  final Map<ObjectNode, Map<String, String>> comments = new java.util.IdentityHashMap<>();

  PipelineRunner(List<FunctionRuntime> runtimes, String imagePrefix) {
    this.runtimes = runtimes;
    this.imagePrefix = imagePrefix;
  }

  /** One function declaration of a Kptfile pipeline. */
  record Function(String field, ObjectNode spec) {
    String text(String key) {
      JsonNode v = spec.get(key);
      return v == null || v.isNull() ? "" : v.asText();
    }

    ArrayNode list(String key) {
      return spec.get(key) instanceof ArrayNode a ? a : NODES.arrayNode();
    }
  }

  /** The functions of {@code pipeline.<list>} in order; invalid declarations fail the render. */
  static List<Function> functions(ObjectNode kptfile, String list) {
    List<Function> result = new ArrayList<>();
    JsonNode declared = kptfile.path("pipeline").path(list);
    for (int i = 0; i < declared.size(); i++) {
      String field = "pipeline." + list + "[" + i + "]";
      if (!(declared.get(i) instanceof ObjectNode spec)) {
        throw invalid(field, "must be a function declaration");
      }
      Function f = new Function(field, spec);
      boolean image = !f.text("image").isEmpty();
      boolean exec = !f.text("exec").isEmpty();
      if (image == exec) {
        throw invalid(
            field,
            image
                ? "must not specify both `image` and `exec` at the same time"
                : "must specify a function (`image` or `exec`) to execute");
      }
      if (spec.has("configMap") && !f.text("configPath").isEmpty()) {
        throw invalid(field, "must not specify both `configMap` and `configPath` at the same time");
      }
      String configPath = f.text("configPath");
      if (!configPath.isEmpty() && !Paths.isRelativeInside(configPath)) {
        throw invalid(field + ".configPath", "must be a relative path within the package");
      }
      result.add(f);
    }
    return result;
  }

  private static RenderFailure invalid(String field, String reason) {
    return new RenderFailure("Kptfile is invalid: Field: `" + field + "` Reason: " + reason);
  }

  /** Runs a mutator and returns the new resource list. */
  List<ObjectNode> mutate(Function f, String packagePath, List<ObjectNode> input) {
    return run(f, packagePath, input, mutationSteps);
  }

  /** Runs a validator on a copy; its output is discarded. */
  void validate(Function f, String packagePath, List<ObjectNode> input) {
    List<ObjectNode> copy = new ArrayList<>();
    for (ObjectNode r : input) {
      ObjectNode c = r.deepCopy();
      if (comments.containsKey(r)) {
        comments.put(c, new java.util.LinkedHashMap<>(comments.get(r)));
      }
      copy.add(c);
    }
    run(f, packagePath, copy, validationSteps);
  }

  private List<ObjectNode> run(
      Function f, String packagePath, List<ObjectNode> input, ArrayNode steps) {
    String image = resolveImage(f, steps);
    FunctionRuntime runtime =
        runtimes.stream().filter(r -> r.supports(image)).findFirst().orElse(null);
    if (runtime == null) {
      throw stepFailure(
          f,
          image,
          steps,
          "function image "
              + image
              + " is not supported by this server: it has no builtin implementation and no"
              + " function runner is configured");
    }
    ObjectNode config = functionConfig(f, packagePath, input, image, steps);
    boolean selecting = !f.list("selectors").isEmpty() || !f.list("exclude").isEmpty();
    List<ObjectNode> selected = selecting ? select(f, input) : input;
    Set<String> selectedIds = new HashSet<>();
    if (selecting) {
      selected.forEach(r -> selectedIds.add(Annotations.get(r, Annotations.RESOURCE_ID)));
    }
    Map<String, Map<String, String>> byCallId = stampCallIds(selected);
    Map<String, ObjectNode> inputByCallId = new HashMap<>();
    for (int i = 0; i < selected.size(); i++) {
      inputByCallId.put(Integer.toString(i + 1), selected.get(i));
    }
    String output;
    try {
      output = runtime.run(image, resourceList(selected, config));
    } catch (FunctionExitException e) {
      throw exitFailure(f, image, steps, e);
    } catch (RuntimeException e) {
      throw stepFailure(f, image, steps, e.getMessage() == null ? e.toString() : e.getMessage());
    } finally {
      selected.forEach(PipelineRunner::removeCallIds);
    }
    ParsedOutput parsed = parse(output, f, image, steps);
    restoreComments(output, parsed.items(), inputByCallId);
    parsed.items().forEach(item -> reconcileLegacy(item, byCallId));
    record(f, image, 0, null, parsed.results(), steps);
    return selecting ? merge(input, selectedIds, parsed.items()) : parsed.items();
  }

  private String resolveImage(Function f, ArrayNode steps) {
    if (f.text("image").isEmpty()) {
      throw stepFailure(
          f, null, steps, "must run with `--allow-exec` option to allow running function binaries");
    }
    String image = f.text("image");
    if (!image.contains("/") && !imagePrefix.isEmpty()) {
      image = imagePrefix + "/" + image;
    }
    if (!f.text("tag").isEmpty()) {
      throw stepFailure(
          f,
          image,
          steps,
          "tag constraint \""
              + f.text("tag")
              + "\" cannot be resolved: this server does not query container registries");
    }
    String last = image.substring(image.lastIndexOf('/') + 1);
    if (!last.contains(":") && !image.contains("@")) {
      image = image + ":latest";
    }
    return image;
  }

  private ObjectNode functionConfig(
      Function f, String packagePath, List<ObjectNode> input, String image, ArrayNode steps) {
    String configPath = f.text("configPath");
    if (!configPath.isEmpty()) {
      String wanted = Paths.normalize(configPath);
      List<ObjectNode> matches = new ArrayList<>();
      for (ObjectNode r : input) {
        if (packagePath.equals(Annotations.get(r, Annotations.PACKAGE_PATH))
            && wanted.equals(Paths.normalize(Annotations.path(r)))) {
          matches.add(r);
        }
      }
      if (matches.size() != 1) {
        throw stepFailure(
            f,
            image,
            steps,
            matches.isEmpty()
                ? "functionConfig must exist in the current package: " + configPath
                : "functionConfig must not contain more than one config, got " + matches.size());
      }
      ObjectNode config = matches.getFirst().deepCopy();
      Annotations.clearInternal(config);
      return config;
    }
    if (f.spec().get("configMap") instanceof ObjectNode map) {
      ObjectNode config = NODES.objectNode();
      config.put("apiVersion", "v1");
      config.put("kind", "ConfigMap");
      config.putObject("metadata").put("name", "function-input");
      ObjectNode data = config.putObject("data");
      map.properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
      return config;
    }
    return null;
  }

  private static List<ObjectNode> select(Function f, List<ObjectNode> input) {
    List<ObjectNode> selected = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      ObjectNode r = input.get(i);
      Annotations.set(r, Annotations.RESOURCE_ID, Integer.toString(i));
      boolean in = f.list("selectors").isEmpty() || matchesAny(r, f.list("selectors"));
      if (in && !matchesAny(r, f.list("exclude"))) {
        selected.add(r);
      }
    }
    return selected;
  }

  private static boolean matchesAny(ObjectNode r, ArrayNode selectors) {
    for (JsonNode s : selectors) {
      if (matches(r, s)) {
        return true;
      }
    }
    return false;
  }

  /** Every non-empty field of the selector must match; an empty selector matches nothing. */
  private static boolean matches(ObjectNode r, JsonNode selector) {
    boolean constrained = false;
    JsonNode meta = r.path("metadata");
    String[][] scalars = {
      {"apiVersion", r.path("apiVersion").asText()},
      {"kind", r.path("kind").asText()},
      {"name", meta.path("name").asText()},
      {"namespace", meta.path("namespace").asText()}
    };
    for (String[] field : scalars) {
      String wanted = selector.path(field[0]).asText("");
      if (!wanted.isEmpty()) {
        constrained = true;
        if (!wanted.equals(field[1])) {
          return false;
        }
      }
    }
    for (String map : new String[] {"labels", "annotations"}) {
      for (var e : selector.path(map).properties()) {
        constrained = true;
        JsonNode have = meta.path(map).get(e.getKey());
        if (have == null || !have.asText().equals(e.getValue().asText())) {
          return false;
        }
      }
    }
    return constrained;
  }

  /**
   * Unselected inputs stay in place, selected ones are replaced by the output with the same id (or
   * dropped), outputs without a known id are appended.
   */
  private static List<ObjectNode> merge(
      List<ObjectNode> input, Set<String> selectedIds, List<ObjectNode> output) {
    Map<String, ObjectNode> byId = new HashMap<>();
    List<ObjectNode> added = new ArrayList<>();
    for (ObjectNode r : output) {
      String id = Annotations.get(r, Annotations.RESOURCE_ID);
      if (id == null || !selectedIds.contains(id) || byId.putIfAbsent(id, r) != null) {
        added.add(r);
      }
    }
    List<ObjectNode> merged = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      String id = Integer.toString(i);
      if (!selectedIds.contains(id)) {
        merged.add(input.get(i));
      } else if (byId.containsKey(id)) {
        merged.add(byId.get(id));
      }
    }
    merged.addAll(added);
    merged.forEach(r -> Annotations.remove(r, Annotations.RESOURCE_ID));
    input.forEach(r -> Annotations.remove(r, Annotations.RESOURCE_ID));
    return merged;
  }

  /**
   * kyaml's per-call ids ({@code 1..n}, new and legacy annotation); returns id → the input's
   * internal path and index annotations.
   */
  private static Map<String, Map<String, String>> stampCallIds(List<ObjectNode> items) {
    Map<String, Map<String, String>> byId = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String id = Integer.toString(i + 1);
      Annotations.set(items.get(i), Annotations.CALL_ID, id);
      Annotations.set(items.get(i), Annotations.LEGACY_CALL_ID, id);
      Map<String, String> sent = new HashMap<>();
      for (String key : List.of(Annotations.PATH, Annotations.INDEX)) {
        String value = Annotations.get(items.get(i), key);
        if (value != null) {
          sent.put(key, value);
        }
      }
      byId.put(id, sent);
    }
    return byId;
  }

  /**
   * The output items' comments: those the function wrote, plus the input item's (same call id) for
   * fields that still exist and have none.
   */
  private void restoreComments(
      String output, List<ObjectNode> items, Map<String, ObjectNode> inputByCallId) {
    Map<String, String> written =
        output != null && output.indexOf('#') >= 0
            ? io.jporch.core.util.YamlComments.extractFirst(output)
            : Map.of();
    for (int i = 0; i < items.size(); i++) {
      ObjectNode item = items.get(i);
      Map<String, String> mine = new java.util.LinkedHashMap<>();
      String prefix = "/items/" + i + "/";
      for (var e : written.entrySet()) {
        if (e.getKey().startsWith(prefix)) {
          mine.put(e.getKey().substring(prefix.length() - 1), e.getValue());
        }
      }
      String id = Annotations.get(item, Annotations.CALL_ID);
      if (id == null) {
        id = Annotations.get(item, Annotations.LEGACY_CALL_ID);
      }
      ObjectNode input = id == null ? null : inputByCallId.get(id);
      Map<String, String> before = input == null ? null : comments.get(input);
      if (before != null) {
        for (var e : before.entrySet()) {
          if (!mine.containsKey(e.getKey()) && !item.at(e.getKey()).isMissingNode()) {
            mine.put(e.getKey(), e.getValue());
          }
        }
      }
      if (!mine.isEmpty()) {
        comments.put(item, mine);
      } else {
        comments.remove(item);
      }
    }
  }

  private static void removeCallIds(ObjectNode item) {
    Annotations.remove(item, Annotations.CALL_ID);
    Annotations.remove(item, Annotations.LEGACY_CALL_ID);
  }

  /**
   * kyaml's reconciliation of the legacy ({@code config.kubernetes.io/path|index}) and internal
   * ({@code internal.config.kubernetes.io/path|index}) annotations after a function: whichever one
   * the function set or changed wins, and the other is made equal; then the call ids go.
   */
  private static void reconcileLegacy(ObjectNode item, Map<String, Map<String, String>> byCallId) {
    String id = Annotations.get(item, Annotations.CALL_ID);
    if (id == null) {
      id = Annotations.get(item, Annotations.LEGACY_CALL_ID);
    }
    Map<String, String> input = id == null ? Map.of() : byCallId.getOrDefault(id, Map.of());
    reconcile(item, input, Annotations.PATH, Annotations.LEGACY_PATH);
    reconcile(item, input, Annotations.INDEX, Annotations.LEGACY_INDEX);
    removeCallIds(item);
  }

  private static void reconcile(
      ObjectNode item, Map<String, String> input, String internal, String legacy) {
    String now = Annotations.get(item, internal);
    String old = Annotations.get(item, legacy);
    if (now == null && old == null) {
      return;
    }
    if (now == null) {
      Annotations.set(item, internal, old);
    } else if (old == null) {
      Annotations.set(item, legacy, now);
    } else if (!now.equals(old)) {
      boolean internalUnchanged = now.equals(input.get(internal));
      if (internalUnchanged) {
        Annotations.set(item, internal, old);
      } else {
        Annotations.set(item, legacy, now);
      }
    }
  }

  private String resourceList(List<ObjectNode> items, ObjectNode config) {
    ObjectNode rl = NODES.objectNode();
    rl.put("apiVersion", "config.kubernetes.io/v1");
    rl.put("kind", "ResourceList");
    ArrayNode array = rl.putArray("items");
    items.forEach(array::add);
    if (config != null) {
      rl.set("functionConfig", config);
    }
    Map<String, String> all = new java.util.LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, String> mine = comments.get(items.get(i));
      if (mine != null) {
        for (var e : mine.entrySet()) {
          all.put("/items/" + i + e.getKey(), e.getValue());
        }
      }
    }
    return io.jporch.core.util.YamlComments.inject(Yaml.write(rl, false), all);
  }

  private record ParsedOutput(List<ObjectNode> items, List<JsonNode> results) {}

  private ParsedOutput parse(String output, Function f, String image, ArrayNode steps) {
    JsonNode root;
    try {
      List<JsonNode> docs = Yaml.documents(output == null ? "" : output);
      root = docs.isEmpty() ? null : docs.getFirst();
    } catch (IOException e) {
      throw stepFailure(f, image, steps, "cannot parse the function output: " + e.getMessage());
    }
    if (root == null || !"ResourceList".equals(root.path("kind").asText())) {
      throw stepFailure(f, image, steps, "the function output is not a ResourceList");
    }
    List<ObjectNode> items = new ArrayList<>();
    for (JsonNode item : root.path("items")) {
      String problem = Resources.krmProblem(item);
      if (problem != null) {
        throw stepFailure(
            f, image, steps, "output resource list must contain only KRM resources: " + problem);
      }
      String path = Annotations.path(item);
      if (path != null && (path.startsWith("../") || path.startsWith("/"))) {
        throw stepFailure(
            f, image, steps, "function must not modify resources outside of package: " + path);
      }
      items.add((ObjectNode) item);
    }
    List<JsonNode> results = new ArrayList<>();
    JsonNode declared = root.path("results");
    (declared.isObject() ? declared.path("items") : declared).forEach(results::add);
    return new ParsedOutput(items, results);
  }

  private void record(
      Function f,
      String image,
      int exitCode,
      String stderr,
      List<JsonNode> fnResults,
      ArrayNode steps) {
    List<RenderStatus.ResultItem> items = new ArrayList<>();
    for (JsonNode r : fnResults) {
      try {
        items.add(Json.MAPPER.convertValue(r, RenderStatus.ResultItem.class));
      } catch (IllegalArgumentException e) {
        items.add(
            new RenderStatus.ResultItem(
                r.path("message").asText(), r.path("severity").asText(), null, null, null, null));
      }
    }
    results.add(
        new RenderStatus.FunctionResult(
            image, null, stderr, exitCode, items.isEmpty() ? null : items));
    ObjectNode step = steps.addObject();
    putIfNotEmpty(step, "name", f.text("name"));
    putIfNotEmpty(step, "image", image);
    putIfNotEmpty(step, "stderr", stderr);
    step.put("exitCode", exitCode);
    ArrayNode all = NODES.arrayNode();
    ArrayNode errors = NODES.arrayNode();
    for (JsonNode r : fnResults) {
      ObjectNode copy = r.deepCopy();
      copy.remove("tags");
      all.add(copy);
      if ("error".equals(r.path("severity").asText())) {
        errors.add(copy.deepCopy());
      }
    }
    if (!all.isEmpty()) {
      step.set("results", all);
    }
    if (!errors.isEmpty()) {
      step.set("errorResults", errors);
    }
  }

  /**
   * A function that ran and failed (kpt's ExecError): the step records its exit code, stderr and
   * results as kpt's captureStepResult does, and the summary line says "exit code N".
   */
  private RenderFailure exitFailure(
      Function f, String image, ArrayNode steps, FunctionExitException e) {
    List<JsonNode> fnResults = new ArrayList<>();
    if (e.resultsYaml() != null) {
      try {
        List<JsonNode> docs = Yaml.documents(e.resultsYaml());
        JsonNode declared = docs.isEmpty() ? null : docs.getFirst().path("results");
        if (declared != null) {
          (declared.isObject() ? declared.path("items") : declared).forEach(fnResults::add);
        }
      } catch (IOException | RuntimeException ignored) {
        // results that cannot be read are left out; the exit code and stderr still tell
      }
    }
    record(f, image, e.exitCode(), e.stderr(), fnResults, steps);
    String who = !f.text("name").isEmpty() ? f.text("name") : image;
    errorSummary.add(who + ": exit code " + e.exitCode());
    return new RenderFailure("pipeline.run: func eval \"" + image + "\": " + e.getMessage());
  }

  private RenderFailure stepFailure(Function f, String image, ArrayNode steps, String error) {
    ObjectNode step = steps.addObject();
    putIfNotEmpty(step, "name", f.text("name"));
    putIfNotEmpty(step, "image", image);
    putIfNotEmpty(step, "exec", f.text("exec"));
    step.put("executionError", error);
    step.put("exitCode", 1);
    String who =
        !f.text("name").isEmpty() ? f.text("name") : image != null ? image : f.text("exec");
    errorSummary.add(who + ": " + error);
    if (image != null) {
      results.add(new RenderStatus.FunctionResult(image, null, error, 1, null));
    }
    return new RenderFailure(
        "pipeline.run: func eval \"" + (image != null ? image : f.text("exec")) + "\": " + error);
  }

  private static void putIfNotEmpty(ObjectNode node, String key, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(key, value);
    }
  }

  /** kpt's FunctionResultList items, in execution order. */
  List<RenderStatus.FunctionResult> results() {
    return results;
  }

  /** The Kptfile {@code status.renderStatus}, or null when no function ran. */
  ObjectNode renderStatus() {
    if (mutationSteps.isEmpty() && validationSteps.isEmpty()) {
      return null;
    }
    ObjectNode status = NODES.objectNode();
    if (!mutationSteps.isEmpty()) {
      status.set("mutationSteps", mutationSteps);
    }
    if (!validationSteps.isEmpty()) {
      status.set("validationSteps", validationSteps);
    }
    if (!errorSummary.isEmpty()) {
      status.put("errorSummary", String.join("\n", errorSummary));
    }
    return status;
  }
}
