package io.jporch.core.util;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/** The shared Jackson configuration for the wire model (JSON) and YAML files. */
public final class Json {
  /** JSON mapper for API objects. Thread-safe once configured. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  /**
   * YAML mapper (block style, no document start marker, sequences indented under their key).
   * Strings are quoted whenever a YAML parser would otherwise read them as another type ({@link
   * YamlQuoting}); long lines are never folded; multi-line strings use literal blocks.
   */
  public static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .disable(YAMLGenerator.Feature.SPLIT_LINES)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                  .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                  .stringQuotingChecker(new YamlQuoting())
                  .loaderOptions(unlimitedLoader())
                  .build())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  /**
   * SnakeYAML options without its 3 MiB document limit: package files are bounded by the request
   * body limit instead (Porch accepts 5 MiB ConfigMaps, scenario RES-03).
   */
  public static org.yaml.snakeyaml.LoaderOptions unlimitedLoader() {
    org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    return options;
  }
}
