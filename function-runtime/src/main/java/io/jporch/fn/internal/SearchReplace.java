package io.jporch.fn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.fn.FunctionException;
import io.jporch.core.util.YamlComments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The catalog's {@code search-replace} (kptdev/krm-functions-catalog {@code
 * functions/go/search-replace/searchreplace}): finds scalar fields by value, value regex, field
 * path and file path, and optionally sets their value or line comment.
 *
 * <p>Config: the functionConfig's {@code data} with keys {@code by-value}, {@code by-value-regex},
 * {@code by-path}, {@code by-file-path}, {@code put-value}, {@code put-comment} (others fail;
 * {@code by-value} with {@code by-value-regex} fails). Every item is walked, Kptfile and
 * local-config objects included. Paths are dot-joined field names with list elements as {@code
 * name[i]}; {@code by-path} segments may be {@code *} (one), {@code **} (any number) or {@code
 * name[*]}. A scalar matches when value and path match, or the value matches and there is no {@code
 * by-path}, or the path matches and there is no value matcher. {@code put-value} and {@code
 * put-comment} may use the regex's capture groups ({@code ${1}}); a put value is re-typed. {@code
 * put-comment} on a path naming a sequence puts the comment on its key. {@code by-path} without
 * wildcards or brackets with {@code put-value} and no value matcher creates the field on every
 * item. Results: {@code Mutated field value to "<v>"} or {@code Matched field value "<v>"} per
 * field, or {@code no matches}.
 */
public final class SearchReplace implements KrmFunction {
  static final List<String> MATCHERS =
      List.of("by-value", "by-file-path", "by-value-regex", "by-path", "put-value", "put-comment");
  private static final Pattern GROUP_REF = Pattern.compile("\\$\\{([0-9]+)\\}");

  /** The parameters. */
  record Config(
      String byValue,
      String byValueRegex,
      String byPath,
      String byFilePath,
      String putValue,
      String putComment,
      Pattern regex) {}

  /** A field found, for the results. */
  private record Found(String file, String field, String value) {}

  @Override
  public void process(ResourceList rl) {
    Config config;
    try {
      config = config(rl.functionConfig());
    } catch (FunctionException e) {
      throw new FunctionException(
          "failed to perform search-replace operation: " + Go.quote(e.getMessage()), e);
    }
    List<Found> found = new ArrayList<>();
    try {
      for (ObjectNode item : rl.items()) {
        String file = ResourceList.path(item);
        if (!config.byFilePath().isEmpty() && !glob(config.byFilePath()).matcher(file).matches()) {
          continue;
        }
        Walk walk = new Walk(config, rl.comments(item), file, found);
        if (putByPath(config)) {
          walk.putByPath(item);
        } else {
          walk.node(item, "", "");
        }
      }
    } catch (FunctionException e) {
      throw new FunctionException(
          "failed to perform search-replace operation: " + Go.quote(e.getMessage()), e);
    }
    if (found.isEmpty()) {
      rl.addResult(null, "no matches", null, null, null);
    }
    boolean mutated = !config.putValue().isEmpty() || !config.putComment().isEmpty();
    for (Found f : found) {
      String message =
          mutated
              ? "Mutated field value to " + Go.quote(f.value())
              : "Matched field value " + Go.quote(f.value());
      rl.addResult(null, message, null, f.field(), f.file());
    }
  }

  static Config config(ObjectNode fc) {
    Map<String, String> data = fc == null ? Map.of() : Krm.stringMap(fc.get("data"));
    for (String key : data.keySet()) {
      if (!MATCHERS.contains(key)) {
        throw new FunctionException(
            "invalid matcher "
                + Go.quote(key)
                + ", must be one of ["
                + String.join(" ", MATCHERS.stream().map(Go::quote).toList())
                + "]");
      }
    }
    String byValue = data.getOrDefault("by-value", "");
    String byValueRegex = data.getOrDefault("by-value-regex", "");
    if (!byValue.isEmpty() && !byValueRegex.isEmpty()) {
      throw new FunctionException("only one of [\"by-value\", \"by-value-regex\"] can be provided");
    }
    Pattern regex = null;
    if (!byValueRegex.isEmpty()) {
      try {
        regex = Pattern.compile(byValueRegex);
      } catch (PatternSyntaxException e) {
        throw new FunctionException(
            "failed to compile input pattern " + Go.quote(byValueRegex) + ": " + e.getMessage());
      }
    }
    return new Config(
        byValue,
        byValueRegex,
        data.getOrDefault("by-path", ""),
        data.getOrDefault("by-file-path", ""),
        data.getOrDefault("put-value", ""),
        data.getOrDefault("put-comment", ""),
        regex);
  }

  private static boolean putByPath(Config c) {
    return isAbsPath(c.byPath())
        && !c.byPath().contains("[")
        && c.byValue().isEmpty()
        && c.byValueRegex().isEmpty()
        && !c.putValue().isEmpty();
  }

  private static boolean isAbsPath(String path) {
    for (String e : path.split("\\.", -1)) {
      if (e.isEmpty() || e.contains("*")) {
        return false;
      }
    }
    return true;
  }

  /** The walk over one item. */
  private record Walk(Config config, Map<String, String> comments, String file, List<Found> found) {

    void putByPath(ObjectNode item) {
      String[] path = config.byPath().split("\\.");
      ObjectNode parent = item;
      for (int i = 0; i < path.length - 1; i++) {
        JsonNode next = parent.get(path[i]);
        if (next != null && !next.isNull() && !(next instanceof ObjectNode)) {
          throw new FunctionException(
              "wrong node kind: expected MappingNode but got "
                  + (next.isArray() ? "SequenceNode" : "ScalarNode")
                  + ": node contents:\n"
                  + next.asText());
        }
        parent = next instanceof ObjectNode o ? o : parent.putObject(path[i]);
      }
      parent.set(path[path.length - 1], Krm.plainScalar(config.putValue()));
      found.add(new Found(file, config.byPath(), config.putValue()));
    }

    void node(JsonNode node, String pointer, String path) {
      if (node instanceof ObjectNode map) {
        for (var e : map.properties()) {
          String childPath = path + "." + e.getKey();
          if (!config.putComment().isEmpty()
              && e.getValue() instanceof ArrayNode seq
              && !seq.isEmpty()
              && pathMatch(trim(childPath))) {
            comments.put(pointer + "/" + YamlComments.segment(e.getKey()), config.putComment());
            found.add(new Found(file, config.byPath() + " # " + config.putComment(), flow(seq)));
          }
        }
        for (var e : new ArrayList<>(map.properties())) {
          String child = pointer + "/" + YamlComments.segment(e.getKey());
          JsonNode updated = visit(e.getValue(), child, path + "." + e.getKey());
          if (updated != null) {
            map.set(e.getKey(), updated);
          }
        }
      } else if (node instanceof ArrayNode seq) {
        for (int i = 0; i < seq.size(); i++) {
          JsonNode updated = visit(seq.get(i), pointer + "/" + i, path + "[" + i + "]");
          if (updated != null) {
            seq.set(i, updated);
          }
        }
      }
    }

    private JsonNode visit(JsonNode value, String pointer, String path) {
      if (!value.isValueNode()) {
        node(value, pointer, path);
        return null;
      }
      String text = value.isNull() ? "" : value.asText();
      if (!matches(text, path)) {
        return null;
      }
      JsonNode result = null;
      String shown = text;
      if (!config.putComment().isEmpty()) {
        comments.put(pointer, resolve(text, config.putComment()));
      }
      if (!config.putValue().isEmpty()) {
        shown = resolve(text, config.putValue());
        result = Krm.retyped(value, shown);
      }
      if (!file.isEmpty()) {
        String comment = comments.get(pointer);
        found.add(
            new Found(
                file,
                trim(path),
                comment == null || config.putComment().isEmpty()
                    ? shown
                    : shown + " # " + comment));
      }
      return result;
    }

    private boolean matches(String value, String path) {
      boolean pathMatch = pathMatch(path);
      boolean valueMatch =
          (!config.byValue().isEmpty() && config.byValue().equals(value))
              || (config.regex() != null && config.regex().matcher(value).find());
      return (valueMatch && pathMatch)
          || (valueMatch && config.byPath().isEmpty())
          || (pathMatch && config.byValue().isEmpty() && config.byValueRegex().isEmpty());
    }

    private boolean pathMatch(String yamlPath) {
      if (config.byPath().isEmpty()) {
        return false;
      }
      String[] pattern = config.byPath().split("\\.", -1);
      String[] elems = trim(yamlPath).split("\\.", -1);
      boolean[][] dp = new boolean[elems.length + 1][pattern.length + 1];
      dp[0][0] = true;
      for (int j = 1; j <= pattern.length; j++) {
        if (pattern[j - 1].equals("**")) {
          dp[0][j] = dp[0][j - 1];
        }
      }
      for (int i = 1; i <= elems.length; i++) {
        for (int j = 1; j <= pattern.length; j++) {
          if (pattern[j - 1].equals("**")) {
            dp[i][j] = dp[i][j - 1] || dp[i - 1][j];
          } else if (pattern[j - 1].equals("*") || elementMatch(elems[i - 1], pattern[j - 1])) {
            dp[i][j] = dp[i - 1][j - 1];
          }
        }
      }
      return dp[elems.length][pattern.length];
    }

    /** {@code put-value}/{@code put-comment} with the regex's capture groups substituted. */
    private String resolve(String value, String pattern) {
      if (config.regex() == null) {
        return pattern;
      }
      Matcher m = config.regex().matcher(value);
      String res = pattern;
      if (m.find()) {
        for (int i = 1; i <= m.groupCount(); i++) {
          res = res.replace("${" + i + "}", m.group(i) == null ? "" : m.group(i));
        }
      }
      if (GROUP_REF.matcher(res).find()) {
        throw new FunctionException("unable to resolve capture groups");
      }
      return res;
    }
  }

  private static boolean elementMatch(String elem, String pattern) {
    if (elem.equals(pattern)) {
      return true;
    }
    if (elem.contains("[")) {
      String[] e = elem.split("\\[", -1);
      String[] p = pattern.split("\\[", -1);
      if (!p[0].equals("*") && !e[0].equals(p[0])) {
        return false;
      }
      return p.length > 1 && (p[1].equals("*]") || e[1].equals(p[1]));
    }
    return false;
  }

  private static String flow(ArrayNode seq) {
    List<String> values = new ArrayList<>();
    seq.forEach(v -> values.add(v.isValueNode() ? v.asText() : v.toString()));
    return "[" + String.join(", ", values) + "]";
  }

  private static String trim(String path) {
    return path.startsWith(".") ? path.substring(1) : path;
  }

  /** A doublestar glob as a regular expression: {@code **} crosses {@code /}, {@code *} not. */
  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            i++;
            if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
              i++;
              re.append("(?:.*/)?");
            } else {
              re.append(".*");
            }
          } else {
            re.append("[^/]*");
          }
        }
        case '?' -> re.append("[^/]");
        case '{' -> re.append("(?:");
        case '}' -> re.append(')');
        case ',' -> re.append('|');
        case '[', ']' -> re.append(c);
        case '\\' -> {
          if (i + 1 < glob.length()) {
            re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    try {
      return Pattern.compile(re.toString());
    } catch (PatternSyntaxException e) {
      throw new FunctionException("syntax error in pattern");
    }
  }
}
