package io.jporch.server.rest.selector;

import io.jporch.core.error.BadRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed Kubernetes field selector ({@code a=b,c==d,e!=f}) with the backslash escapes of
 * k8s.io/apimachinery/pkg/fields.
 */
public record FieldSelector(List<Requirement> requirements) {
  public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  public FieldSelector {
    requirements = List.copyOf(requirements);
  }

  /** Comparison operators of field selectors. */
  public enum Operator {
    EQUALS("="),
    DOUBLE_EQUALS("=="),
    NOT_EQUALS("!=");

    private final String text;

    Operator(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** One {@code field op value} term. */
  public record Requirement(String field, Operator operator, String value) {}

  /** Parses a selector; null or blank selects everything. */
  public static FieldSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> result = new ArrayList<>();
    for (String term : splitTerms(text)) {
      if (!term.isEmpty()) {
        result.add(parseTerm(term));
      }
    }
    return new FieldSelector(result);
  }

  /** A copy with one more requirement. */
  public FieldSelector and(String field, String value) {
    List<Requirement> more = new ArrayList<>(requirements);
    more.add(new Requirement(field, Operator.EQUALS, value));
    return new FieldSelector(more);
  }

  private static List<String> splitTerms(String text) {
    List<String> terms = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
      } else if (c == ',') {
        terms.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    terms.add(current.toString());
    return terms;
  }

  private static Requirement parseTerm(String term) {
    for (int i = 0; i < term.length(); i++) {
      char c = term.charAt(i);
      if (c == '\\') {
        i++;
        continue;
      }
      if (c == '!' && i + 1 < term.length() && term.charAt(i + 1) == '=') {
        return requirement(term, i, Operator.NOT_EQUALS, 2);
      }
      if (c == '=') {
        boolean twice = i + 1 < term.length() && term.charAt(i + 1) == '=';
        return twice
            ? requirement(term, i, Operator.DOUBLE_EQUALS, 2)
            : requirement(term, i, Operator.EQUALS, 1);
      }
    }
    throw new BadRequestException(
        null, "invalid field selector: '" + term + "': does not contain an operator");
  }

  private static Requirement requirement(String term, int at, Operator op, int width) {
    String field = unescape(term.substring(0, at).strip());
    String value = unescape(term.substring(at + width).strip());
    return new Requirement(field, op, value);
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        out.append(s.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
