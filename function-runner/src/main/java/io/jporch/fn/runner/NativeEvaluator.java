package io.jporch.fn.runner;

import io.grpc.Status;
import io.jporch.core.fn.FunctionException;
import io.jporch.fn.BuiltinFunctionRuntime;
import io.jporch.fn.grpc.FunctionFailures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates the KRM functions jporch implements in Java ({@link BuiltinFunctionRuntime}) inside the
 * runner. Where the API server's builtin runtime matches images exactly as Porch does, this
 * evaluator accepts <em>any tag</em> of a function it knows (including {@code :latest}) under the
 * catalogue prefixes ({@code ghcr.io/kptdev/krm-functions-catalog/}, {@code gcr.io/kpt-fn/}), the
 * configured default prefix, or none, and runs the implementation registered under that function's
 * newest tag. Digests are not accepted (the content they pin cannot be checked).
 */
public final class NativeEvaluator implements Evaluator {
  private final BuiltinFunctionRuntime builtin;
  private final Set<String> repositories = new LinkedHashSet<>();

  /** Function name → the builtin alias ({@code name:tag}) with the newest tag. */
  private final Map<String, String> newest = new TreeMap<>();

  public NativeEvaluator(BuiltinFunctionRuntime builtin, String defaultImagePrefix) {
    this.builtin = builtin;
    repositories.add("");
    repositories.add(trim(BuiltinFunctionRuntime.DEFAULT_IMAGE_PREFIX));
    repositories.add(trim(BuiltinFunctionRuntime.LEGACY_IMAGE_PREFIX));
    if (defaultImagePrefix != null && !trim(defaultImagePrefix).isEmpty()) {
      repositories.add(trim(defaultImagePrefix));
    }
    Map<String, List<String>> tags = new TreeMap<>();
    for (String image : builtin.images()) {
      if (!image.contains("/")) {
        ImageRef ref = ImageRef.parse(image);
        tags.computeIfAbsent(ref.name(), k -> new ArrayList<>()).add(ref.tag());
      }
    }
    tags.forEach(
        (name, list) ->
            newest.put(name, name + ":" + list.stream().max(NativeEvaluator::compareTags).get()));
  }

  @Override
  public String name() {
    return "native";
  }

  /** The functions this evaluator knows, each with the builtin alias that implements it. */
  public Map<String, String> functions() {
    return Map.copyOf(newest);
  }

  /** The builtin alias that runs {@code image}, if this evaluator knows it. */
  public Optional<String> implementation(String image) {
    if (builtin.supports(image)) {
      return Optional.of(image);
    }
    ImageRef ref = ImageRef.parse(image);
    if (!ref.digest().isEmpty() || !repositories.contains(ref.repository())) {
      return Optional.empty();
    }
    return Optional.ofNullable(newest.get(ref.name()));
  }

  @Override
  public Evaluation evaluate(EvaluationRequest request) {
    String alias =
        implementation(request.image())
            .orElseThrow(
                () ->
                    new FunctionNotFoundException(
                        "no Java-native function for " + request.image()));
    String output;
    try {
      output = builtin.run(alias, new String(request.resourceList(), StandardCharsets.UTF_8));
    } catch (FunctionException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new EvaluationException(
          Status.Code.INTERNAL,
          "failed to evaluate function \"" + request.image() + "\": " + message,
          FunctionFailures.failure(1, message.getBytes(StandardCharsets.UTF_8), null));
    }
    return new Evaluation(output.getBytes(StandardCharsets.UTF_8), new byte[0]);
  }

  /** Orders tags such as {@code v0.4} < {@code v0.4.5} < {@code v0.10} by their numbers. */
  static int compareTags(String a, String b) {
    List<Long> x = numbers(a);
    List<Long> y = numbers(b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = Long.compare(x.get(i), y.get(i));
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(x.size(), y.size());
    return c != 0 ? c : Comparator.<String>naturalOrder().compare(a, b);
  }

  private static List<Long> numbers(String tag) {
    List<Long> result = new ArrayList<>();
    for (String part : tag.replaceAll("[^0-9]+", " ").trim().split(" ")) {
      if (!part.isEmpty() && part.length() < 18) {
        result.add(Long.parseLong(part));
      }
    }
    return result;
  }

  private static String trim(String prefix) {
    String s = prefix;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
