package io.jporch.fn.starlark;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations on Starlark values. Values are represented as: {@link NoneType#NONE}, {@link Boolean},
 * {@link BigInteger} (int), {@link Double} (float), {@link String}, {@link StarlarkList}, {@link
 * Tuple}, {@link StarlarkDict}, {@link StarlarkSet}, functions and {@link Struct}.
 */
public final class Starlark {
  private Starlark() {}

  /** The Starlark type name, as {@code type(x)} reports it. */
  public static String type(Object x) {
    return switch (x) {
      case NoneType n -> "NoneType";
      case Boolean b -> "bool";
      case BigInteger i -> "int";
      case Double d -> "float";
      case String s -> "string";
      case StarlarkList l -> "list";
      case Tuple t -> "tuple";
      case StarlarkDict d -> "dict";
      case StarlarkSet s -> "set";
      case RangeValue r -> "range";
      case StringElems e -> e.typeName();
      case StarlarkFunction f -> "function";
      case BuiltinFunction b -> "builtin_function_or_method";
      case Struct s -> s.type();
      default -> x.getClass().getSimpleName();
    };
  }

  /** Truth value. */
  public static boolean truth(Object x) {
    return switch (x) {
      case NoneType n -> false;
      case Boolean b -> b;
      case BigInteger i -> i.signum() != 0;
      case Double d -> d != 0.0;
      case String s -> !s.isEmpty();
      case StarlarkList l -> l.size() > 0;
      case Tuple t -> !t.elems().isEmpty();
      case StarlarkDict d -> d.size() > 0;
      case StarlarkSet s -> s.size() > 0;
      case RangeValue r -> r.length() > 0;
      default -> true;
    };
  }

  /** {@code str(x)}. */
  public static String str(Object x) {
    return x instanceof String s ? s : repr(x);
  }

  /** {@code repr(x)}. */
  public static String repr(Object x) {
    StringBuilder sb = new StringBuilder();
    repr(sb, x, new IdentityHashMap<>());
    return sb.toString();
  }

  private static void repr(StringBuilder sb, Object x, IdentityHashMap<Object, Boolean> seen) {
    switch (x) {
      case NoneType n -> sb.append("None");
      case Boolean b -> sb.append(b ? "True" : "False");
      case BigInteger i -> sb.append(i);
      case Double d -> sb.append(formatFloat(d, 'g', -1));
      case String s -> quote(sb, s);
      case StarlarkList l -> {
        if (seen.put(l, true) != null) {
          sb.append("[...]");
          return;
        }
        sb.append('[');
        for (int i = 0; i < l.elems.size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          repr(sb, l.elems.get(i), seen);
        }
        sb.append(']');
        seen.remove(l);
      }
      case Tuple t -> {
        sb.append('(');
        for (int i = 0; i < t.elems().size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          repr(sb, t.elems().get(i), seen);
        }
        if (t.elems().size() == 1) {
          sb.append(',');
        }
        sb.append(')');
      }
      case StarlarkDict d -> {
        if (seen.put(d, true) != null) {
          sb.append("{...}");
          return;
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<Object, Object> e : d.map.entrySet()) {
          if (!first) {
            sb.append(", ");
          }
          first = false;
          repr(sb, e.getKey(), seen);
          sb.append(": ");
          repr(sb, e.getValue(), seen);
        }
        sb.append('}');
        seen.remove(d);
      }
      case StarlarkSet s -> {
        sb.append("set([");
        boolean first = true;
        for (Object e : s.elems) {
          if (!first) {
            sb.append(", ");
          }
          first = false;
          repr(sb, e, seen);
        }
        sb.append("])");
      }
      case RangeValue r -> {
        sb.append("range(");
        if (r.start() != 0 || r.step() != 1) {
          sb.append(r.start()).append(", ");
        }
        sb.append(r.stop());
        if (r.step() != 1) {
          sb.append(", ").append(r.step());
        }
        sb.append(')');
      }
      case StarlarkFunction f -> sb.append("<function ").append(f.name()).append('>');
      case StringElems e -> {
        quote(sb, e.s());
        sb.append('.').append(e.method()).append("()");
      }
      case BuiltinFunction b -> {
        if (b.receiver() == null) {
          sb.append("<built-in function ").append(b.name()).append('>');
        } else {
          sb.append("<built-in method ")
              .append(b.name())
              .append(" of ")
              .append(type(b.receiver()))
              .append(" value>");
        }
      }
      case Struct s -> {
        if (s.type().equals("module")) {
          sb.append("<module \"").append(s.name()).append("\">");
          return;
        }
        sb.append("struct(");
        boolean first = true;
        for (Map.Entry<String, Object> e : s.fields().entrySet()) {
          if (!first) {
            sb.append(", ");
          }
          first = false;
          sb.append(e.getKey()).append(" = ");
          repr(sb, e.getValue(), seen);
        }
        sb.append(')');
      }
      default -> sb.append(x);
    }
  }

  /** Quotes a string as starlark-go does (Go {@code strconv.Quote} style). */
  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '\u0007' -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\u000b' -> sb.append("\\v");
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
          } else if (c >= 0x80 && (Character.isISOControl(c) || !isPrintable(c))) {
            sb.append(
                c > 0xFFFF
                    ? String.format(java.util.Locale.ROOT, "\\U%08x", c)
                    : String.format(java.util.Locale.ROOT, "\\u%04x", c));
          } else {
            sb.appendCodePoint(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static boolean isPrintable(int c) {
    int t = Character.getType(c);
    return t != Character.UNASSIGNED
        && t != Character.CONTROL
        && t != Character.FORMAT
        && t != Character.PRIVATE_USE
        && t != Character.SURROGATE
        && t != Character.LINE_SEPARATOR
        && t != Character.PARAGRAPH_SEPARATOR
        && (t != Character.SPACE_SEPARATOR || c == ' ');
  }

  /**
   * Formats a float as starlark-go does: {@code conv} 'g' with precision -1 is the shortest form
   * that round-trips, always with a '.' or an exponent; 'e', 'f', 'g' with a precision as printf.
   */
  static String formatFloat(double d, char conv, int prec) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+inf" : "-inf";
    }
    char lower = Character.toLowerCase(conv);
    if (lower == 'g' && prec < 0) {
      String s = shortestG(d);
      if (s.indexOf('e') < 0 && s.indexOf('.') < 0) {
        s += ".0";
      }
      return Character.isUpperCase(conv) ? s.toUpperCase() : s;
    }
    int p = prec < 0 ? 6 : prec;
    String s =
        switch (lower) {
          case 'e' -> String.format(java.util.Locale.ROOT, "%." + p + "e", d);
          case 'f' -> {
            String f =
                new BigDecimal(d).setScale(p, java.math.RoundingMode.HALF_EVEN).toPlainString();
            yield (d < 0 || (d == 0 && 1 / d < 0)) && !f.startsWith("-") ? "-" + f : f;
          }
          default -> String.format(java.util.Locale.ROOT, "%." + p + "g", d);
        };
    return Character.isUpperCase(conv) ? s.toUpperCase() : s;
  }

  /** Go's {@code strconv.FormatFloat(d, 'g', -1, 64)}. */
  private static String shortestG(double d) {
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    String sign = d < 0 ? "-" : "";
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale();
    if (exp < -4 || exp >= 6) {
      String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      String e = Math.abs(exp) < 10 ? "0" + Math.abs(exp) : Integer.toString(Math.abs(exp));
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + e;
    }
    return sign + bd.toPlainString();
  }

  /** Starlark equality ({@code ==}). */
  public static boolean equal(Object x, Object y) {
    return equal(x, y, 0);
  }

  static boolean equal(Object x, Object y, int depth) {
    if (depth > 1000) {
      throw new StarlarkException("comparison exceeded maximum recursion depth");
    }
    if (x == y && !(x instanceof Mutable) && !(x instanceof Tuple)) {
      return true;
    }
    if (isNumber(x) && isNumber(y)) {
      return Operators.compareNumbers(x, y) == 0;
    }
    return switch (x) {
      case StarlarkList a when y instanceof StarlarkList b ->
          sequenceEqual(a.elems, b.elems, depth);
      case Tuple a when y instanceof Tuple b -> sequenceEqual(a.elems(), b.elems(), depth);
      case StarlarkDict a when y instanceof StarlarkDict b -> {
        if (a.size() != b.size()) {
          yield false;
        }
        for (Map.Entry<Object, Object> e : a.map.entrySet()) {
          Object other = b.map.get(e.getKey());
          if (other == null || !equal(e.getValue(), other, depth + 1)) {
            yield false;
          }
        }
        yield true;
      }
      case StarlarkSet a when y instanceof StarlarkSet b ->
          a.size() == b.size() && b.elems.containsAll(a.elems);
      case RangeValue a when y instanceof RangeValue b -> {
        int n = a.length();
        yield n == b.length()
            && (n == 0 || (a.start() == b.start() && (n == 1 || a.step() == b.step())));
      }
      case StarlarkList a -> false;
      case StarlarkDict a -> false;
      default -> x.equals(y);
    };
  }

  private static boolean sequenceEqual(List<Object> a, List<Object> b, int depth) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!equal(a.get(i), b.get(i), depth + 1)) {
        return false;
      }
    }
    return true;
  }

  static boolean isNumber(Object x) {
    return x instanceof BigInteger || x instanceof Double;
  }

  /** Fails with "unhashable type" for lists, dicts and sets (also inside tuples). */
  static void checkHashable(Object x) {
    switch (x) {
      case StarlarkList l -> throw new StarlarkException("unhashable type: list");
      case StarlarkDict d -> throw new StarlarkException("unhashable type: dict");
      case StarlarkSet s -> throw new StarlarkException("unhashable type: set");
      case RangeValue r -> throw new StarlarkException("unhashable: range");
      case Tuple t -> t.elems().forEach(Starlark::checkHashable);
      default -> {}
    }
  }

  /** The canonical map key for a hashable value: integral floats are keyed as ints (1.0 == 1). */
  static Object key(Object x) {
    if (x instanceof Double d && !d.isInfinite() && !d.isNaN() && d == Math.rint(d)) {
      return new BigDecimal(d).toBigInteger();
    }
    return x;
  }

  /** Freezes a value and everything reachable from it. */
  static void freeze(Object x) {
    switch (x) {
      case Mutable m -> m.freeze();
      case Tuple t -> t.elems().forEach(Starlark::freeze);
      case StarlarkFunction f -> f.freeze();
      case Struct s -> s.freeze();
      default -> {}
    }
  }

  /** Length of a sequence or mapping, or -1 if {@code x} has none. */
  static int len(Object x) {
    return switch (x) {
      case String s -> s.length();
      case StarlarkList l -> l.size();
      case Tuple t -> t.elems().size();
      case StarlarkDict d -> d.size();
      case StarlarkSet s -> s.size();
      case RangeValue r -> r.length();
      case StringElems e when !e.codepoints() -> e.s().length();
      default -> -1;
    };
  }

  /** True if {@code x} can be iterated. */
  static boolean isIterable(Object x) {
    return x instanceof StarlarkList
        || x instanceof Tuple
        || x instanceof StarlarkDict
        || x instanceof StarlarkSet
        || x instanceof RangeValue
        || x instanceof StringElems;
  }

  /** The elements of an iterable as a snapshot list (dicts yield their keys). */
  static List<Object> elements(Object x) {
    return switch (x) {
      case StarlarkList l -> new ArrayList<>(l.elems);
      case Tuple t -> t.elems();
      case StarlarkDict d -> new ArrayList<>(d.map.keySet());
      case StarlarkSet s -> new ArrayList<>(s.elems);
      case StringElems e -> e.elements();
      case RangeValue r -> {
        int n = r.length();
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(BigInteger.valueOf(r.get(i)));
        }
        yield out;
      }
      default -> throw new StarlarkException(type(x) + " value is not iterable");
    };
  }

  /** Converts Java values (maps, lists, strings, numbers, booleans, null) to Starlark values. */
  public static Object fromJava(Object x) {
    return switch (x) {
      case null -> NoneType.NONE;
      case String s -> s;
      case Boolean b -> b;
      case Integer i -> BigInteger.valueOf(i);
      case Long l -> BigInteger.valueOf(l);
      case BigInteger i -> i;
      case Float f -> f.doubleValue();
      case Double d -> d;
      case Map<?, ?> m -> {
        StarlarkDict d = new StarlarkDict();
        m.forEach((k, v) -> d.put(fromJava(k), fromJava(v)));
        yield d;
      }
      case List<?> l -> new StarlarkList(l.stream().map(Starlark::fromJava).toList());
      default -> x;
    };
  }
}
