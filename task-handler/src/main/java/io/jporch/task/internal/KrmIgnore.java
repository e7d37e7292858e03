package io.jporch.task.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A package's {@code .krmignore}: gitignore patterns, relative to the package directory, naming
 * files render does not read (kyaml's {@code LocalPackageReader}). Blank lines and {@code #}
 * comments are skipped, {@code !} re-includes, a trailing {@code /} matches directories only, a
 * pattern containing {@code /} is anchored to the package directory, others match at any depth;
 * {@code *}, {@code ?} and {@code **} as in gitignore. The last matching pattern decides.
 */
final class KrmIgnore {
  static final String FILE_NAME = ".krmignore";
  static final KrmIgnore NONE = new KrmIgnore(List.of());

  private record Rule(Pattern pattern, boolean negate, boolean directoryOnly) {}

  private final List<Rule> rules;

  private KrmIgnore(List<Rule> rules) {
    this.rules = rules;
  }

  static KrmIgnore parse(String text) {
    if (text == null) {
      return NONE;
    }
    List<Rule> rules = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean negate = line.startsWith("!");
      if (negate) {
        line = line.substring(1);
      }
      boolean dirOnly = line.endsWith("/");
      if (dirOnly) {
        line = line.substring(0, line.length() - 1);
      }
      boolean anchored = line.contains("/");
      if (line.startsWith("/")) {
        line = line.substring(1);
      }
      if (line.isEmpty()) {
        continue;
      }
      String regex = (anchored ? "" : "(?:.*/)?") + glob(line);
      rules.add(new Rule(Pattern.compile(regex), negate, dirOnly));
    }
    return new KrmIgnore(rules);
  }

  private static String glob(String glob) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        sb.append(".*");
        i++;
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
          i++;
          sb.append("/?");
        }
      } else if (c == '*') {
        sb.append("[^/]*");
      } else if (c == '?') {
        sb.append("[^/]");
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }

  /** True when {@code path} (relative to the package directory) is ignored. */
  boolean ignores(String path) {
    if (rules.isEmpty()) {
      return false;
    }
    String[] parts = path.split("/");
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        prefix.append('/');
      }
      prefix.append(parts[i]);
      boolean directory = i < parts.length - 1;
      if (decide(prefix.toString(), directory)) {
        return true;
      }
    }
    return false;
  }

  private boolean decide(String path, boolean directory) {
    boolean ignored = false;
    for (Rule rule : rules) {
      if ((!rule.directoryOnly() || directory) && rule.pattern().matcher(path).matches()) {
        ignored = !rule.negate();
      }
    }
    return ignored;
  }
}
