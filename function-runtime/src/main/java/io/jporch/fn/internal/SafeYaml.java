package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A YAML writer whose output other YAML parsers (Go's yaml.v3, kyaml) read back with the same
 * types: every string that a YAML 1.1 or 1.2 resolver would read as a number, boolean, null or
 * timestamp is quoted, long lines are never folded, and multi-line strings use literal blocks.
 * Jackson's default {@code MINIMIZE_QUOTES} leaves e.g. {@code 1e3}, {@code 0x1F} or {@code
 * 2024-01-01} unquoted.
 */
public final class SafeYaml {
  /** The mapper to write with (reading works with any Jackson YAML mapper). */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .disable(YAMLGenerator.Feature.SPLIT_LINES)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                  .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                  .stringQuotingChecker(new Checker())
                  .build())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private SafeYaml() {}

  /**
   * Quotes what a YAML 1.1 resolver (SnakeYAML) or the YAML 1.2 core schema would not read as a
   * string.
   */
  static final class Checker extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Resolver YAML11 = new Resolver();
    private static final Pattern YAML12_NON_STRING =
        Pattern.compile(
            "[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
                + "|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?"
                + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
                + "|true|True|TRUE|false|False|FALSE|null|Null|NULL|~");

    @Override
    public boolean needToQuoteName(String name) {
      return super.needToQuoteName(name) || notAString(name);
    }

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || notAString(value);
    }

    private static boolean notAString(String s) {
      return YAML12_NON_STRING.matcher(s).matches()
          || !Tag.STR.equals(YAML11.resolve(NodeId.scalar, s, true));
    }
  }
}
