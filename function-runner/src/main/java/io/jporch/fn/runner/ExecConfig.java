package io.jporch.fn.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executable evaluator's image → binary table, read from the configuration file of Porch's exec
 * runtime (function runner {@code --config}, {@code func/config.yaml}):
 *
 * <pre>
 * functions:
 *   - function: set-image          # binary, relative to --functions
 *     images:
 *       - ghcr.io/kptdev/krm-functions-catalog/set-image:v0.1.2
 *       - ghcr.io/kptdev/krm-functions-catalog/set-image:latest
 * </pre>
 *
 * <p>As in Porch, {@code function} is joined to the functions directory (a leading {@code /} does
 * not make it absolute), images are matched exactly, and an image listed twice keeps its first
 * binary (the duplicate is logged and ignored).
 *
 * @param binaries image → absolute path of the binary, in file order
 */
public record ExecConfig(Map<String, Path> binaries) {
  private static final Logger log = LoggerFactory.getLogger(ExecConfig.class);

  /** No images. */
  public static final ExecConfig EMPTY = new ExecConfig(Map.of());

  public ExecConfig {
    binaries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(binaries));
  }

  /**
   * Reads {@code file}; binaries are resolved against {@code functionsDir}.
   *
   * @throws IllegalArgumentException naming the file and field when it cannot be read or is
   *     malformed
   */
  public static ExecConfig load(Path file, Path functionsDir) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "failed to read configuration file \"" + file + "\": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "failed to read configuration file \"" + file + "\": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = Json.YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "failed to parse configuration file \""
              + file
              + "\": "
              + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  ? j.getOriginalMessage()
                  : e.getMessage()));
    }
    return parse(root, file.toString(), functionsDir);
  }

  static ExecConfig parse(JsonNode root, String source, Path functionsDir) {
    Map<String, Path> binaries = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new ExecConfig(binaries);
    }
    if (!root.isObject()) {
      throw invalid(source, "", "must be a mapping with a functions list");
    }
    JsonNode functions = root.path("functions");
    if (functions.isMissingNode() || functions.isNull()) {
      return new ExecConfig(binaries);
    }
    if (!functions.isArray()) {
      throw invalid(source, "functions", "must be a list");
    }
    Path dir = functionsDir.toAbsolutePath().normalize();
    for (int i = 0; i < functions.size(); i++) {
      String field = "functions[" + i + "]";
      JsonNode fn = functions.get(i);
      if (!fn.isObject()) {
        throw invalid(source, field, "must be a mapping with function and images");
      }
      JsonNode name = fn.path("function");
      if (!name.isTextual() || name.asText().isBlank()) {
        throw invalid(source, field + ".function", "must name the function's binary");
      }
      JsonNode images = fn.path("images");
      if (!images.isMissingNode() && !images.isNull() && !images.isArray()) {
        throw invalid(source, field + ".images", "must be a list of images");
      }
      String relative = name.asText().replaceFirst("^/+", "");
      Path binary = dir.resolve(relative).normalize();
      for (int j = 0; j < images.size(); j++) {
        JsonNode image = images.get(j);
        if (!image.isTextual() || image.asText().isBlank()) {
          throw invalid(source, field + ".images[" + j + "]", "must be an image name");
        }
        if (binaries.putIfAbsent(image.asText(), binary) != null) {
          log.warn("Ignoring duplicate image {} ({})", image.asText(), name.asText());
        }
      }
    }
    return new ExecConfig(binaries);
  }

  private static IllegalArgumentException invalid(String source, String field, String reason) {
    return new IllegalArgumentException(
        "configuration file \""
            + source
            + "\""
            + (field.isEmpty() ? "" : ": " + field)
            + ": "
            + reason);
  }
}
