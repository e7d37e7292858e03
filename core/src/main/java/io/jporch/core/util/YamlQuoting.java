package io.jporch.core.util;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Decides which strings a YAML writer must quote so that any YAML parser (Go's yaml.v3 and kyaml,
 * SnakeYAML, Jackson) reads them back as strings: Jackson's default {@code MINIMIZE_QUOTES} check,
 * plus every string a YAML 1.1 resolver or the YAML 1.2 core schema would read as a number,
 * boolean, null or timestamp (Jackson alone leaves e.g. {@code 1e3}, {@code 0x1F}, {@code 0o17},
 * {@code .inf} or {@code 2024-01-01} bare).
 */
public final class YamlQuoting extends StringQuotingChecker.Default {
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

  /** True if a YAML 1.1 or 1.2 parser would not read the plain scalar as a string. */
  public static boolean notAString(String s) {
    return YAML12_NON_STRING.matcher(s).matches()
        || !Tag.STR.equals(YAML11.resolve(NodeId.scalar, s, true));
  }
}
