package io.jporch.core.fn;

/**
 * Runs KRM functions named by image. Render asks each runtime in turn; the first that {@link
 * #supports} an image runs it. Port of kpt's {@code FunctionRuntime} as Porch chains them.
 */
public interface FunctionRuntime {
  /** True if this runtime can run the image (matched exactly as Porch matches images). */
  boolean supports(String image);

  /**
   * Runs the function on a {@code config.kubernetes.io/v1} ResourceList given as YAML and returns
   * the ResourceList it produced (items and results) as YAML.
   *
   * @throws FunctionException if the function fails
   */
  String run(String image, String resourceListYaml);
}
