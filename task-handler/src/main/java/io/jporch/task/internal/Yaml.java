package io.jporch.task.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.jporch.core.util.YamlQuoting;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading and writing package YAML as trees. The writer quotes every string that a YAML parser
 * would read as something else ({@link YamlQuoting}), never folds long lines, and writes sequences
 * either wide ({@code - } indented under its key, kpt's canonical Kptfile form) or compact.
 */
public final class Yaml {
  private static final ObjectMapper COMPACT = mapper(false);
  private static final ObjectMapper WIDE = mapper(true);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final com.fasterxml.jackson.core.util.DefaultPrettyPrinter JSON_PRINTER =
      jsonPrinter();
  private static final Pattern KEY_LINE = Pattern.compile("^( *)[^\\s#-][^#]*:\\s*$");
  private static final Pattern DASH_LINE = Pattern.compile("^( *)- ?.*$");

  private Yaml() {}

  /** Every non-empty document of a (multi-document) YAML text. */
  public static List<JsonNode> documents(String text) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = COMPACT.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  /** One document as YAML text, ending with a newline. */
  public static String write(JsonNode document, boolean wide) {
    try {
      return (wide ? WIDE : COMPACT).writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML: " + e.getMessage(), e);
    }
  }

  /** A single resource as kyaml writes a {@code .json} file: two-space indent, keys sorted. */
  public static String writeJson(JsonNode document) {
    try {
      return JSON.writer(JSON_PRINTER).writeValueAsString(sorted(document)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** Go's {@code json.MarshalIndent(v, "", " ")} layout. */
  private static com.fasterxml.jackson.core.util.DefaultPrettyPrinter jsonPrinter() {
    var separators =
        com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    var printer = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter(separators);
    var indenter = com.fasterxml.jackson.core.util.DefaultIndenter.SYSTEM_LINEFEED_INSTANCE;
    printer.indentArraysWith(indenter.withLinefeed("\n"));
    printer.indentObjectsWith(indenter.withLinefeed("\n"));
    return printer;
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      var out = JSON.createObjectNode();
      new java.util.TreeMap<String, JsonNode>(
              java.util.stream.StreamSupport.stream(node.properties().spliterator(), false)
                  .collect(
                      java.util.stream.Collectors.toMap(
                          java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)))
          .forEach((k, v) -> out.set(k, sorted(v)));
      return out;
    }
    if (node.isArray()) {
      var out = JSON.createArrayNode();
      node.forEach(e -> out.add(sorted(e)));
      return out;
    }
    return node;
  }

  /** Documents joined with {@code ---} separators. */
  public static String writeAll(List<? extends JsonNode> documents, boolean wide) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode doc : documents) {
      if (!sb.isEmpty()) {
        sb.append("---\n");
      }
      sb.append(write(doc, wide));
    }
    return sb.toString();
  }

  /**
   * True when the text's first block sequence is indented under its key (kyaml's "wide" style);
   * false for the compact style or when there is no block sequence.
   */
  public static boolean isWide(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i + 1 < lines.length; i++) {
      Matcher key = KEY_LINE.matcher(lines[i]);
      if (!key.matches()) {
        continue;
      }
      Matcher dash = DASH_LINE.matcher(lines[i + 1]);
      if (dash.matches()) {
        return dash.group(1).length() == key.group(1).length() + 2;
      }
    }
    return false;
  }

  private static ObjectMapper mapper(boolean wide) {
    var builder =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .stringQuotingChecker(new YamlQuoting())
            .loaderOptions(io.jporch.core.util.Json.unlimitedLoader());
    if (wide) {
      builder.enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR);
    }
    return new ObjectMapper(builder.build())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }
}
