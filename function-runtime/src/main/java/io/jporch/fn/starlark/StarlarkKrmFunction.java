package io.jporch.fn.starlark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.fn.internal.KrmFunction;
import io.jporch.fn.internal.ResourceList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code starlark} catalog function (krm-functions-catalog {@code functions/go/starlark}): runs
 * the program of a {@code StarlarkRun} ({@code fn.kpt.dev}, fields {@code source} and {@code
 * params}) or of a ConfigMap ({@code data.source}, every data entry a param) against {@code
 * ctx.resource_list}; the items the program leaves in {@code ctx.resource_list["items"]} are the
 * output. A configuration or program error becomes one error result and leaves the items alone, as
 * the catalog function does.
 *
 * <p>Dialect: sets, global reassignment (with while loops and top-level if/for) and recursion are
 * enabled, as kyaml enables them. {@code load("krmfn.star", ...)} provides {@code match_gvk},
 * {@code match_name} and {@code match_namespace}. Deliberate differences: {@code ctx.environment}
 * is empty (the server's environment is not the script's business), {@code ctx.open_api} and the
 * qri-io starlib modules (json, yaml, re, ...) are not available, and a step budget stops runaway
 * programs.
 */
public final class StarlarkKrmFunction implements KrmFunction {
  private static final Logger log = LoggerFactory.getLogger(StarlarkKrmFunction.class);
  static final String GROUP = "fn.kpt.dev";
  static final String KIND = "StarlarkRun";
  static final String DEFAULT_NAME = "starlark-function-run";

  /** Loop iterations and calls a program may make before it is stopped. */
  static final long MAX_STEPS = 50_000_000L;

  @Override
  public void process(ResourceList rl) {
    Config config;
    try {
      config = Config.from(rl.functionConfig());
    } catch (IllegalArgumentException e) {
      rl.addResult("error", e.getMessage(), null);
      return;
    }
    KrmValues values = new KrmValues();
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.put("apiVersion", ResourceList.API_VERSION);
    input.put("kind", ResourceList.KIND);
    input.putArray("items").addAll(rl.items());
    if (rl.functionConfig() != null) {
      input.set("functionConfig", rl.functionConfig());
    }
    StarlarkDict resourceList = (StarlarkDict) values.toStarlark(input);
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("resource_list", resourceList);
    ctx.put("environment", new StarlarkDict());
    StarlarkThread thread =
        new StarlarkThread(StarlarkOptions.KRM.withMaxSteps(MAX_STEPS))
            .setLoader(module -> "krmfn.star".equals(module) ? KrmFn.members() : null)
            .setPrint(line -> log.info("starlark {}: {}", config.name(), line));
    List<ObjectNode> out = new ArrayList<>();
    try {
      thread.execFile(config.name(), config.source(), Map.of("ctx", Struct.of(ctx)));
      Object items = resourceList.get("items");
      if (!(items instanceof StarlarkList list)) {
        throw new StarlarkException(
            "ctx.resource_list[\"items\"] must be a list, not "
                + (items == null ? "missing" : Starlark.type(items)));
      }
      for (Object item : list.elems) {
        JsonNode node = values.toJson(item);
        if (!(node instanceof ObjectNode object)) {
          throw new StarlarkException("every item must be a dict, not " + Starlark.type(item));
        }
        out.add(object);
      }
    } catch (StarlarkException e) {
      // starlark-go reports static errors with their position and runtime errors by message only
      rl.addResult("error", e.hasStack() ? e.message() : e.getMessage(), null);
      return;
    }
    rl.items().clear();
    rl.items().addAll(out);
  }

  /** The program and its name, from a StarlarkRun or a ConfigMap. */
  record Config(String name, String source) {
    static Config from(ObjectNode fc) {
      if (fc == null || fc.isEmpty()) {
        throw new IllegalArgumentException(
            "FunctionConfig is missing. Expect `ConfigMap` or `StarlarkRun`");
      }
      String apiVersion = fc.path("apiVersion").asText("");
      String kind = fc.path("kind").asText("");
      int slash = apiVersion.indexOf('/');
      String group = slash < 0 ? "" : apiVersion.substring(0, slash);
      String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
      String name = fc.path("metadata").path("name").asText("");
      String source;
      if (group.isEmpty() && "ConfigMap".equals(kind)) {
        source = fc.path("data").path("source").asText("");
      } else if (GROUP.equals(group) && KIND.equals(kind)) {
        JsonNode src = fc.get("source");
        if (src != null && !src.isNull() && !src.isTextual()) {
          throw new IllegalArgumentException("`source` must be a string");
        }
        source = src == null ? "" : src.asText("");
      } else {
        throw new IllegalArgumentException(
            "`functionConfig` must be either /v1, Kind=ConfigMap or fn.kpt.dev/v1alpha1, Kind=StarlarkRun, but we got: "
                + group
                + "/"
                + version
                + ", Kind="
                + kind);
      }
      if (source.isEmpty()) {
        throw new IllegalArgumentException("`source` must not be empty");
      }
      return new Config(name.isEmpty() ? DEFAULT_NAME : name, source);
    }
  }
}
