package io.jporch.testing.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import io.jporch.core.fn.FunctionRuntime;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A {@link FunctionRuntime} for tests: it supports exactly the images it was given a behaviour for
 * and records every call (image and ResourceList input).
 */
public final class FakeFunctionRuntime implements FunctionRuntime {
  private final Map<String, UnaryOperator<String>> behaviours = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> inputs = new CopyOnWriteArrayList<>();

  /** Runs {@code image} by applying {@code function} to the ResourceList YAML. */
  public FakeFunctionRuntime handle(String image, UnaryOperator<String> function) {
    behaviours.put(image, function);
    return this;
  }

  /** {@code image} returns its input unchanged. */
  public FakeFunctionRuntime passThrough(String image) {
    return handle(image, UnaryOperator.identity());
  }

  /** {@code image} sets annotation {@code key: value} on every item and adds an info result. */
  public FakeFunctionRuntime annotate(String image, String key, String value) {
    return handle(
        image,
        input -> {
          ObjectNode rl = parse(input);
          for (JsonNode item : rl.path("items")) {
            ObjectNode metadata = ((ObjectNode) item).withObjectProperty("metadata");
            metadata.withObjectProperty("annotations").put(key, value);
          }
          ObjectNode result = rl.withArrayProperty("results").addObject();
          result.put("message", "annotated " + rl.path("items").size() + " resource(s)");
          result.put("severity", "info");
          return write(rl);
        });
  }

  /** {@code image} fails with {@code message}. */
  public FakeFunctionRuntime fail(String image, String message) {
    return handle(
        image,
        input -> {
          throw new FunctionException(message);
        });
  }

  @Override
  public boolean supports(String image) {
    return image != null && behaviours.containsKey(image);
  }

  @Override
  public String run(String image, String resourceListYaml) {
    UnaryOperator<String> behaviour = behaviours.get(image);
    if (behaviour == null) {
      throw new FunctionException("fake runtime has no function " + image);
    }
    calls.add(image);
    inputs.add(resourceListYaml);
    return behaviour.apply(resourceListYaml);
  }

  /** Images run so far, in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** The ResourceList YAML given to each call, in order. */
  public List<String> inputs() {
    return List.copyOf(inputs);
  }

  /** Parses a ResourceList (helper for behaviours). */
  public static ObjectNode parse(String yaml) {
    try {
      return (ObjectNode) Json.YAML.readTree(yaml);
    } catch (IOException e) {
      throw new FunctionException("cannot parse ResourceList: " + e.getMessage(), e);
    }
  }

  /** Writes a ResourceList (helper for behaviours). */
  public static String write(JsonNode resourceList) {
    try {
      return Json.YAML.writeValueAsString(resourceList);
    } catch (IOException e) {
      throw new FunctionException("cannot write ResourceList: " + e.getMessage(), e);
    }
  }
}
