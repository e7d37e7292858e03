package io.jporch.fn;

import io.jporch.core.fn.FunctionException;
import io.jporch.core.fn.FunctionRuntime;
import io.jporch.fn.internal.ApplyReplacements;
import io.jporch.fn.internal.ApplySetters;
import io.jporch.fn.internal.CreateSetters;
import io.jporch.fn.internal.KrmFunction;
import io.jporch.fn.internal.ResourceList;
import io.jporch.fn.internal.SearchReplace;
import io.jporch.fn.internal.SetAnnotations;
import io.jporch.fn.internal.SetImage;
import io.jporch.fn.internal.SetLabels;
import io.jporch.fn.internal.SetNamespace;
import io.jporch.fn.internal.UpsertResource;
import io.jporch.fn.starlark.StarlarkKrmFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * KRM functions implemented in Java and run in-process. Port of Porch's builtin runtime ({@code
 * pkg/engine/builtinruntime.go}), extended to every catalog function jporch implements natively.
 *
 * <p>Images are matched exactly on {@code <name>:<tag>}, with no prefix, with the catalog prefix
 * {@code ghcr.io/kptdev/krm-functions-catalog/}, with the older {@code gcr.io/kpt-fn/} prefix and
 * with the configured default prefix. The tags of each function are Porch's builtin tags, the tags
 * Porch's function runner serves it at, their {@code vX.Y} lines, and {@code latest} (which names
 * the catalog's newest behaviour, the one ported here). Other tags and digests are not supported
 * here; docs/functions.md has the table.
 */
public final class BuiltinFunctionRuntime implements FunctionRuntime {
  /** Porch's default image prefix ({@code --default-image-prefix}). */
  public static final String DEFAULT_IMAGE_PREFIX = "ghcr.io/kptdev/krm-functions-catalog/";

  /** The catalog's previous registry, still used by many packages. */
  public static final String LEGACY_IMAGE_PREFIX = "gcr.io/kpt-fn/";

  /** The tag every native function also answers to: the catalog's newest behaviour. */
  public static final String LATEST = "latest";

  private final Map<String, KrmFunction> functions = new TreeMap<>();

  public BuiltinFunctionRuntime() {
    this(DEFAULT_IMAGE_PREFIX);
  }

  /** A runtime that also answers to images below {@code defaultImagePrefix}. */
  public BuiltinFunctionRuntime(String defaultImagePrefix) {
    String prefix = trimSlashes(defaultImagePrefix == null ? "" : defaultImagePrefix);
    // Porch's builtins (exact tags of its goExecutor list), then the tags Porch's function runner
    // serves for each function, their minor lines, and "latest": see docs/functions.md.
    register(
        "apply-replacements", tags("v0.1", "v0.1.1", "v0.1.5"), new ApplyReplacements(), prefix);
    register(
        "set-namespace", tags("v0.4", "v0.4.1", "v0.4.2", "v0.4.5"), new SetNamespace(), prefix);
    register("starlark", tags("v0.5", "v0.5.2", "v0.5.5"), new StarlarkKrmFunction(), prefix);
    register("set-labels", tags("v0.1", "v0.1.5", "v0.2", "v0.2.2"), new SetLabels(), prefix);
    register("apply-setters", tags("v0.2", "v0.2.0", "v0.2.2"), new ApplySetters(), prefix);
    register("create-setters", tags("v0.1", "v0.1.0"), new CreateSetters(), prefix);
    register("set-annotations", tags("v0.1", "v0.1.4", "v0.1.5"), new SetAnnotations(), prefix);
    register("set-image", tags("v0.1", "v0.1.1", "v0.1.2"), new SetImage(), prefix);
    register("upsert-resource", tags("v0.2", "v0.2.0", "v0.2.1"), new UpsertResource(), prefix);
    register("search-replace", tags("v0.2", "v0.2.0", "v0.2.1"), new SearchReplace(), prefix);
  }

  /** The given tags plus {@code latest}. */
  private static List<String> tags(String... tags) {
    List<String> all = new ArrayList<>(List.of(tags));
    all.add(LATEST);
    return all;
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
