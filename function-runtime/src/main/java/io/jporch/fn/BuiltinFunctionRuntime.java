package io.jporch.fn;

import io.jporch.core.fn.FunctionException;
import io.jporch.core.fn.FunctionRuntime;
import io.jporch.fn.internal.ApplyReplacements;
import io.jporch.fn.internal.KrmFunction;
import io.jporch.fn.internal.ResourceList;
import io.jporch.fn.internal.SetNamespace;
import io.jporch.fn.starlark.StarlarkKrmFunction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * KRM functions implemented in Java and run in-process. Port of Porch's builtin runtime ({@code
 * pkg/engine/builtinruntime.go}) with the function list Porch ships in its FunctionConfig objects.
 *
 * <p>Images are matched exactly, as Porch matches them: {@code <name>:<tag>} for each registered
 * tag, with no prefix, with the catalog prefix {@code ghcr.io/kptdev/krm-functions-catalog/}, with
 * the older {@code gcr.io/kpt-fn/} prefix and with the configured default prefix. Other tags,
 * {@code :latest} and digests are not supported.
 *
 * <p>Functions: {@code apply-replacements} (tags {@code v0.1}, {@code v0.1.5}), {@code
 * set-namespace} (tags {@code v0.4}, {@code v0.4.5}) and {@code starlark} (tags {@code v0.5},
 * {@code v0.5.5}).
 */
public final class BuiltinFunctionRuntime implements FunctionRuntime {
  /** Porch's default image prefix ({@code --default-image-prefix}). */
  public static final String DEFAULT_IMAGE_PREFIX = "ghcr.io/kptdev/krm-functions-catalog/";

  /** The catalog's previous registry, still used by many packages. */
  public static final String LEGACY_IMAGE_PREFIX = "gcr.io/kpt-fn/";

  private final Map<String, KrmFunction> functions = new TreeMap<>();

  public BuiltinFunctionRuntime() {
    this(DEFAULT_IMAGE_PREFIX);
  }

  /** A runtime that also answers to images below {@code defaultImagePrefix}. */
  public BuiltinFunctionRuntime(String defaultImagePrefix) {
    String prefix = trimSlashes(defaultImagePrefix == null ? "" : defaultImagePrefix);
    register("apply-replacements", List.of("v0.1", "v0.1.5"), new ApplyReplacements(), prefix);
    register("set-namespace", List.of("v0.4", "v0.4.5"), new SetNamespace(), prefix);
    register("starlark", List.of("v0.5", "v0.5.5"), new StarlarkKrmFunction(), prefix);
  }

  private void register(String name, List<String> tags, KrmFunction function, String prefix) {
    for (String tag : tags) {
      String alias = name + ":" + tag;
      functions.put(alias, function);
      functions.put(DEFAULT_IMAGE_PREFIX + alias, function);
      functions.put(LEGACY_IMAGE_PREFIX + alias, function);
      if (!prefix.isEmpty()) {
        functions.put(prefix + "/" + alias, function);
      }
    }
  }

  @Override
  public boolean supports(String image) {
    return image != null && functions.containsKey(image);
  }

  @Override
  public String run(String image, String resourceListYaml) {
    KrmFunction function = image == null ? null : functions.get(image);
    if (function == null) {
      throw new FunctionException("function image " + image + " is not a builtin function");
    }
    ResourceList resourceList = ResourceList.parse(resourceListYaml);
    try {
      function.process(resourceList);
    } catch (FunctionException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new FunctionException("KRM function panicked with: " + e, e);
    }
    return resourceList.toYaml();
  }

  /** Every image string this runtime answers to. */
  public Set<String> images() {
    return new TreeSet<>(functions.keySet());
  }

  private static String trimSlashes(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == '/') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == '/') {
      e--;
    }
    return s.substring(b, e);
  }
}
