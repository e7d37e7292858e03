package io.jporch.server.rest.selector;

import io.jporch.core.error.BadRequestException;
import io.jporch.core.repository.LabelSelector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses Kubernetes label selector strings ({@code a=b, c!=d, e in (x,y), f notin (z), g, !h, n gt
 * 3}) into {@link LabelSelector}s. Port of the grammar in k8s.io/apimachinery/pkg/labels.
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  /** One requirement; the selector is their conjunction. */
  record Requirement(String key, String operator, Set<String> values) implements LabelSelector {
    @Override
    public boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case "=", "==", "in" -> value != null && values.contains(value);
        case "!=", "notin" -> value == null || !values.contains(value);
        case "exists" -> value != null;
        case "!" -> value == null;
        case "gt", "lt" -> compare(value);
        default -> false;
      };
    }

    private boolean compare(String value) {
      if (value == null) {
        return false;
      }
      try {
        long have = Long.parseLong(value);
        long want = Long.parseLong(values.iterator().next());
        return operator.equals("gt") ? have > want : have < want;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  /** Parses {@code text}; null or blank selects everything. */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return LabelSelector.EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String term : splitTerms(text)) {
      requirements.add(parseTerm(term.strip(), text));
    }
    List<Requirement> all = List.copyOf(requirements);
    return labels -> all.stream().allMatch(r -> r.matches(labels));
  }

  private static List<String> splitTerms(String text) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        terms.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    terms.add(current.toString());
    return terms;
  }

  private static Requirement parseTerm(String term, String whole) {
    if (term.isEmpty()) {
      throw invalid(whole, "empty requirement");
    }
    if (term.startsWith("!")) {
      return new Requirement(key(term.substring(1).strip(), whole), "!", Set.of());
    }
    String[] words = term.split("\\s+", 2);
    if (words.length == 2 && (words[1].startsWith("in ") || words[1].startsWith("in("))) {
      return new Requirement(key(words[0], whole), "in", set(words[1].substring(2), whole));
    }
    if (words.length == 2 && (words[1].startsWith("notin ") || words[1].startsWith("notin("))) {
      return new Requirement(key(words[0], whole), "notin", set(words[1].substring(5), whole));
    }
    if (words.length == 2 && (words[1].startsWith("gt ") || words[1].startsWith("lt "))) {
      String op = words[1].substring(0, 2);
      String value = words[1].substring(3).strip();
      try {
        Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw invalid(whole, "for 'gt', 'lt' operators, the value must be an integer");
      }
      return new Requirement(key(words[0], whole), op, Set.of(value));
    }
    for (String op : List.of("!=", "==", "=")) {
      int at = term.indexOf(op);
      if (at > 0) {
        String value = term.substring(at + op.length()).strip();
        return new Requirement(key(term.substring(0, at).strip(), whole), op, Set.of(value));
      }
    }
    return new Requirement(key(term, whole), "exists", Set.of());
  }

  private static Set<String> set(String rest, String whole) {
    String s = rest.strip();
    if (!s.startsWith("(") || !s.endsWith(")")) {
      throw invalid(whole, "expected a parenthesised set of values");
    }
    Set<String> values = new LinkedHashSet<>();
    for (String v : s.substring(1, s.length() - 1).split(",")) {
      values.add(v.strip());
    }
    return values;
  }

  private static String key(String key, String whole) {
    if (key.isEmpty() || key.contains(" ") || key.contains("(") || key.contains("=")) {
      throw invalid(whole, "invalid label key \"" + key + "\"");
    }
    return key;
  }

  private static BadRequestException invalid(String selector, String detail) {
    return new BadRequestException(
        null,
        "unable to parse requirement: invalid label selector \"" + selector + "\": " + detail);
  }
}
