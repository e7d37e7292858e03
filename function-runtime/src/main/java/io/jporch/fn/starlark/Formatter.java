package io.jporch.fn.starlark;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code %} string operator and {@code str.format}. */
final class Formatter {
  private Formatter() {}

  static String percent(String format, Object arg) {
    StringBuilder sb = new StringBuilder();
    List<Object> args = arg instanceof Tuple t ? t.elems() : List.of(arg);
    int index = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '%') {
        sb.append(c);
        i++;
        continue;
      }
      i++;
      if (i >= format.length()) {
        throw new StarlarkException("incomplete format");
      }
      Object value;
      if (format.charAt(i) == '(') {
        int close = format.indexOf(')', i);
        if (close < 0) {
          throw new StarlarkException("incomplete format key");
        }
        if (!(arg instanceof StarlarkDict d)) {
          throw new StarlarkException("format requires a mapping");
        }
        String key = format.substring(i + 1, close);
        value = d.get(key);
        if (value == null) {
          throw new StarlarkException("key not found: " + key);
        }
        i = close + 1;
        if (i >= format.length()) {
          throw new StarlarkException("incomplete format");
        }
      } else if (format.charAt(i) == '%') {
        sb.append('%');
        i++;
        continue;
      } else {
        if (index >= args.size()) {
          throw new StarlarkException("not enough arguments for format string");
        }
        value = args.get(index++);
      }
      char conv = format.charAt(i++);
      switch (conv) {
        case 's' -> sb.append(Starlark.str(value));
        case 'r' -> sb.append(Starlark.repr(value));
        case 'd', 'i', 'o', 'x', 'X' -> {
          BigInteger n;
          if (value instanceof BigInteger b) {
            n = b;
          } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
              throw new StarlarkException(
                  "cannot convert float " + (d.isNaN() ? "NaN" : "infinity") + " to integer");
            }
            n = new java.math.BigDecimal(d).toBigInteger();
          } else {
            throw new StarlarkException(
                "%"
                    + conv
                    + " format requires integer: cannot convert "
                    + Starlark.type(value)
                    + " to int");
          }
          switch (conv) {
            case 'o' -> sb.append(n.signum() < 0 ? "-" : "").append(n.abs().toString(8));
            case 'x' -> sb.append(n.signum() < 0 ? "-" : "").append(n.abs().toString(16));
            case 'X' ->
                sb.append(n.signum() < 0 ? "-" : "")
                    .append(n.abs().toString(16).toUpperCase(Locale.ROOT));
            default -> sb.append(n);
          }
        }
        case 'e', 'f', 'g', 'E', 'F', 'G' -> {
          if (!Starlark.isNumber(value)) {
            throw new StarlarkException(
                "%" + conv + " format requires float, not " + Starlark.type(value));
          }
          double d = Operators.toDouble(value);
          sb.append(Starlark.formatFloat(d, conv, (conv == 'g' || conv == 'G') ? -1 : 6));
        }
        case 'c' -> {
          if (value instanceof BigInteger b) {
            if (b.bitLength() > 31 || b.signum() < 0 || b.intValue() > 0x10FFFF) {
              throw new StarlarkException(
                  "%c format requires a valid Unicode code point, got " + b);
            }
            sb.appendCodePoint(b.intValue());
          } else if (value instanceof String s) {
            if (s.codePointCount(0, s.length()) != 1) {
              throw new StarlarkException("%c format requires a single-character string");
            }
            sb.append(s);
          } else {
            throw new StarlarkException(
                "%c format requires int or single-character string, not " + Starlark.type(value));
          }
        }
        default -> throw new StarlarkException("unknown conversion %" + conv);
      }
    }
    if (!(arg instanceof StarlarkDict) && index < args.size()) {
      throw new StarlarkException("too many arguments for format string");
    }
    return sb.toString();
  }

  static String format(String format, List<Object> args, Map<String, Object> kwargs) {
    StringBuilder sb = new StringBuilder();
    int auto = 0;
    boolean manual = false;
    boolean automatic = false;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c == '}') {
        if (i + 1 < format.length() && format.charAt(i + 1) == '}') {
          sb.append('}');
          i += 2;
          continue;
        }
        throw new StarlarkException("single '}' in format");
      }
      if (c != '{') {
        sb.append(c);
        i++;
        continue;
      }
      if (i + 1 < format.length() && format.charAt(i + 1) == '{') {
        sb.append('{');
        i += 2;
        continue;
      }
      int close = format.indexOf('}', i);
      if (close < 0) {
        throw new StarlarkException("unmatched '{' in format");
      }
      String field = format.substring(i + 1, close);
      if (field.contains("{")) {
        throw new StarlarkException("nested replacement fields not supported");
      }
      i = close + 1;
      String conv = "s";
      int colon = field.indexOf(':');
      if (colon >= 0) {
        if (colon + 1 < field.length()) {
          throw new StarlarkException(
              "format spec features not supported in replacement fields: "
                  + field.substring(colon + 1));
        }
        field = field.substring(0, colon);
      }
      int bang = field.indexOf('!');
      if (bang >= 0) {
        conv = field.substring(bang + 1);
        field = field.substring(0, bang);
        if (!conv.equals("s") && !conv.equals("r")) {
          throw new StarlarkException(
              "unknown conversion " + (conv.isEmpty() ? "\"\"" : "\"" + conv + "\""));
        }
      }
      Object value;
      if (field.isEmpty()) {
        if (manual) {
          throw new StarlarkException(
              "cannot switch from manual field specification to automatic field numbering");
        }
        automatic = true;
        if (auto >= args.size()) {
          throw new StarlarkException("tuple index out of range");
        }
        value = args.get(auto++);
      } else if (field.chars().allMatch(Character::isDigit)) {
        if (automatic) {
          throw new StarlarkException(
              "cannot switch from automatic field numbering to manual field specification");
        }
        manual = true;
        int n = Integer.parseInt(field);
        if (n >= args.size()) {
          throw new StarlarkException("tuple index out of range");
        }
        value = args.get(n);
      } else {
        if (field.contains(".")) {
          throw new StarlarkException(
              "attribute syntax x.y is not supported in replacement fields: " + field);
        }
        if (field.contains("[")) {
          throw new StarlarkException(
              "element syntax a[i] is not supported in replacement fields: " + field);
        }
        value = kwargs.get(field);
        if (value == null) {
          throw new StarlarkException("keyword " + field + " not found");
        }
      }
      sb.append(conv.equals("r") ? Starlark.repr(value) : Starlark.str(value));
    }
    return sb.toString();
  }
}
