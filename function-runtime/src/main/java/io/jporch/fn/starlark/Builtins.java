package io.jporch.fn.starlark;

import io.jporch.fn.starlark.BuiltinFunction.Args;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The universal names: None, True, False and the builtin functions of the spec. */
final class Builtins {
  static final Map<String, Object> UNIVERSE = universe();

  private Builtins() {}

  private static Map<String, Object> universe() {
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("None", NoneType.NONE);
    u.put("True", Boolean.TRUE);
    u.put("False", Boolean.FALSE);
    add(u, "abs", (t, r, a) -> abs(Params.positional(a, 1, 1).get(0)));
    add(u, "all", (t, r, a) -> all(Params.positional(a, 1, 1).get(0), true));
    add(u, "any", (t, r, a) -> all(Params.positional(a, 1, 1).get(0), false));
    add(
        u,
        "bool",
        (t, r, a) -> {
          List<Object> p = Params.positional(a, 0, 1);
          return !p.isEmpty() && Starlark.truth(p.get(0));
        });
    add(
        u,
        "dict",
        (t, r, a) -> {
          List<Object> p = Params.positional(new Args(a.positional(), Map.of()), 0, 1);
          StarlarkDict d = new StarlarkDict();
          update(d, p.isEmpty() ? null : p.get(0), a.named());
          return d;
        });
    add(u, "dir", (t, r, a) -> new StarlarkList(Methods.dir(Params.positional(a, 1, 1).get(0))));
    add(
        u,
        "enumerate",
        (t, r, a) -> {
          Object[] p = Params.unpack(a, "iterable", "start?");
          long start = p[1] == null ? 0 : Params.integer(p[1], "start");
          List<Object> out = new ArrayList<>();
          for (Object e : iterable(p[0])) {
            out.add(Tuple.of(BigInteger.valueOf(start++), e));
          }
          return new StarlarkList(out);
        });
    add(
        u,
        "fail",
        (t, r, a) -> {
          throw new StarlarkException("fail: " + joinedWithSep(a));
        });
    add(u, "float", (t, r, a) -> toFloat(Params.positional(a, 0, 1)));
    add(
        u,
        "getattr",
        (t, r, a) -> {
          List<Object> p = Params.positional(a, 2, 3);
          String name = Params.string(p.get(1), "name");
          try {
            return Methods.getAttr(p.get(0), name);
          } catch (StarlarkException e) {
            if (p.size() == 3 && !Methods.hasAttr(p.get(0), name)) {
              return p.get(2);
            }
            throw e;
          }
        });
    add(
        u,
        "hasattr",
        (t, r, a) -> {
          List<Object> p = Params.positional(a, 2, 2);
          return Methods.hasAttr(p.get(0), Params.string(p.get(1), "name"));
        });
    add(
        u,
        "hash",
        (t, r, a) -> {
          Object x = Params.positional(a, 1, 1).get(0);
          if (x instanceof String s) {
            return BigInteger.valueOf(s.hashCode());
          }
          Starlark.checkHashable(x);
          throw new StarlarkException("got " + Starlark.type(x) + ", want string");
        });
    add(
        u,
        "chr",
        (t, r, a) -> {
          int c = Params.integer(Params.positional(a, 1, 1).get(0), "i");
          if (c < 0) {
            throw new StarlarkException("Unicode code point " + c + " out of range (<0)");
          }
          if (c > 0x10FFFF) {
            throw new StarlarkException(
                "Unicode code point U+"
                    + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                    + " out of range (>0x10FFFF)");
          }
          return new String(Character.toChars(c));
        });
    add(
        u,
        "ord",
        (t, r, a) -> {
          String s = Params.string(Params.positional(a, 1, 1).get(0), "s");
          if (s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
            throw new StarlarkException(
                "string encodes "
                    + s.codePointCount(0, s.length())
                    + " Unicode code points, want 1");
          }
          return BigInteger.valueOf(s.codePointAt(0));
        });
    add(u, "int", (t, r, a) -> toInt(Params.unpack(a, "x?", "base?")));
    add(
        u,
        "len",
        (t, r, a) -> {
          Object x = Params.positional(a, 1, 1).get(0);
          int n = Starlark.len(x);
          if (n < 0) {
            throw new StarlarkException("value of type " + Starlark.type(x) + " has no len");
          }
          return BigInteger.valueOf(n);
        });
    add(
        u,
        "list",
        (t, r, a) -> {
          List<Object> p = Params.positional(a, 0, 1);
          return new StarlarkList(p.isEmpty() ? List.of() : iterable(p.get(0)));
        });
    add(u, "max", (t, r, a) -> minMax(t, a, 1));
    add(u, "min", (t, r, a) -> minMax(t, a, -1));
    add(
        u,
        "print",
        (t, r, a) -> {
          t.print(joinedWithSep(a));
          return NoneType.NONE;
        });
    add(u, "range", (t, r, a) -> range(Params.positional(a, 1, 3)));
    add(u, "repr", (t, r, a) -> Starlark.repr(Params.positional(a, 1, 1).get(0)));
    add(
        u,
        "reversed",
        (t, r, a) -> {
          List<Object> elems = new ArrayList<>(iterable(Params.positional(a, 1, 1).get(0)));
          Collections.reverse(elems);
          return new StarlarkList(elems);
        });
    add(
        u,
        "set",
        (t, r, a) -> {
          List<Object> p = Params.positional(a, 0, 1);
          StarlarkSet s = new StarlarkSet();
          if (!p.isEmpty()) {
            for (Object e : iterable(p.get(0))) {
              s.add(e);
            }
          }
          return s;
        });
    add(
        u,
        "sorted",
        (t, r, a) -> {
          Object[] p = Params.unpack(a, "iterable", "key?", "reverse?");
          if (!Starlark.isIterable(p[0])) {
            throw new StarlarkException(
                "for parameter iterable: got " + Starlark.type(p[0]) + ", want iterable");
          }
          if (p[1] == NoneType.NONE) {
            throw new StarlarkException("for parameter key: got NoneType, want callable");
          }
          List<Object> elems = new ArrayList<>(iterable(p[0]));
          boolean reverse = p[2] != null && Params.bool(p[2], "reverse");
          return new StarlarkList(sort(t, elems, p[1], reverse));
        });
    add(u, "str", (t, r, a) -> Starlark.str(Params.positional(a, 1, 1).get(0)));
    add(
        u,
        "tuple",
        (t, r, a) -> {
          List<Object> p = Params.positional(a, 0, 1);
          return p.isEmpty() ? Tuple.EMPTY : new Tuple(iterable(p.get(0)));
        });
    add(u, "type", (t, r, a) -> Starlark.type(Params.positional(a, 1, 1).get(0)));
    add(
        u,
        "zip",
        (t, r, a) -> {
          List<List<Object>> lists = new ArrayList<>();
          List<Object> args = Params.positional(a, 0, Integer.MAX_VALUE);
          for (int i = 0; i < args.size(); i++) {
            if (!Starlark.isIterable(args.get(i))) {
              throw new StarlarkException(
                  "argument #" + (i + 1) + " is not iterable: " + Starlark.type(args.get(i)));
            }
            lists.add(Starlark.elements(args.get(i)));
          }
          int n = lists.stream().mapToInt(List::size).min().orElse(0);
          List<Object> out = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            Object[] row = new Object[lists.size()];
            for (int j = 0; j < row.length; j++) {
              row[j] = lists.get(j).get(i);
            }
            out.add(Tuple.of(row));
          }
          return new StarlarkList(out);
        });
    return Collections.unmodifiableMap(u);
  }

  private static void add(Map<String, Object> u, String name, BuiltinFunction.Impl impl) {
    u.put(name, new BuiltinFunction(name, impl));
  }

  static List<Object> iterable(Object x) {
    if (!Starlark.isIterable(x)) {
      throw new StarlarkException("got " + Starlark.type(x) + ", want iterable");
    }
    return Starlark.elements(x);
  }

  private static Object abs(Object x) {
    if (x instanceof BigInteger i) {
      return i.abs();
    }
    if (x instanceof Double d) {
      return Math.abs(d);
    }
    throw new StarlarkException("got " + Starlark.type(x) + ", want int or float");
  }

  private static Object all(Object x, boolean all) {
    for (Object e : iterable(x)) {
      if (Starlark.truth(e) != all) {
        return !all;
      }
    }
    return all;
  }

  /** dict(pairs, **kwargs) and dict.update. */
  static void update(StarlarkDict d, Object pairs, Map<String, Object> kwargs) {
    if (pairs != null) {
      if (pairs instanceof StarlarkDict other) {
        for (Map.Entry<Object, Object> e : new ArrayList<>(other.map.entrySet())) {
          d.put(e.getKey(), e.getValue());
        }
      } else {
        if (!Starlark.isIterable(pairs)) {
          throw new StarlarkException("got " + Starlark.type(pairs) + ", want iterable");
        }
        int i = 0;
        for (Object pair : Starlark.elements(pairs)) {
          if (!Starlark.isIterable(pair)) {
            throw new StarlarkException(
                "dictionary update sequence element #"
                    + i
                    + " is not iterable ("
                    + Starlark.type(pair)
                    + ")");
          }
          List<Object> kv = Starlark.elements(pair);
          if (kv.size() != 2) {
            throw new StarlarkException(
                "dictionary update sequence element #"
                    + i
                    + " has length "
                    + kv.size()
                    + ", want 2");
          }
          d.put(kv.get(0), kv.get(1));
          i++;
        }
      }
    }
    kwargs.forEach(d::put);
  }

  private static Object toFloat(List<Object> p) {
    if (p.isEmpty()) {
      return 0.0;
    }
    Object x = p.get(0);
    return switch (x) {
      case Boolean b -> b ? 1.0 : 0.0;
      case BigInteger i -> Operators.toDouble(i);
      case Double d -> d;
      case String s -> parseFloat(s);
      default -> throw new StarlarkException("got " + Starlark.type(x) + ", want number or string");
    };
  }

  private static double parseFloat(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    String body = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
    double sign = t.startsWith("-") ? -1 : 1;
    switch (body) {
      case "inf", "infinity" -> {
        return sign * Double.POSITIVE_INFINITY;
      }
      case "nan" -> {
        return Double.NaN;
      }
      default -> {}
    }
    if (!body.matches("(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
      throw new StarlarkException("invalid float literal: " + s);
    }
    double d = Double.parseDouble(t);
    if (Double.isInfinite(d)) {
      throw new StarlarkException("floating-point number too large");
    }
    return d;
  }

  private static Object toInt(Object[] p) {
    Object x = p[0];
    if (x == null) {
      throw new StarlarkException("missing argument for x");
    }
    if (p[1] != null && !(x instanceof String)) {
      throw new StarlarkException("can't convert non-string with explicit base");
    }
    return switch (x) {
      case Boolean b -> b ? BigInteger.ONE : BigInteger.ZERO;
      case BigInteger i -> i;
      case Double d -> {
        if (d.isNaN() || d.isInfinite()) {
          throw new StarlarkException(
              "cannot convert float " + (d.isNaN() ? "NaN" : "infinity") + " to integer");
        }
        yield new BigDecimal(d).toBigInteger();
      }
      case String s -> parseInt(s, p[1] == null ? 10 : Params.integer(p[1], "base"), p[1] != null);
      default -> throw new StarlarkException("got " + Starlark.type(x) + ", want int or string");
    };
  }

  private static BigInteger parseInt(String s, int base, boolean explicitBase) {
    if (base != 0 && (base < 2 || base > 36)) {
      throw new StarlarkException("base must be an integer >= 2 && <= 36");
    }
    String t = s;
    boolean neg = false;
    if (t.startsWith("+") || t.startsWith("-")) {
      neg = t.startsWith("-");
      t = t.substring(1);
    }
    int b = base;
    if (t.length() > 1 && t.charAt(0) == '0') {
      char c = Character.toLowerCase(t.charAt(1));
      int prefixBase = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : -1;
      if (prefixBase > 0 && (b == 0 || b == prefixBase)) {
        b = prefixBase;
        t = t.substring(2);
      } else if (b == 0) {
        throw invalid(s, base);
      }
    }
    if (b == 0) {
      b = 10;
    }
    if (t.isEmpty()
        || !t.chars()
            .allMatch(ch -> Character.digit(ch, 36) >= 0 && Character.digit(ch, 36) < 36)) {
      throw invalid(s, base);
    }
    try {
      BigInteger v = new BigInteger(t, b);
      return neg ? v.negate() : v;
    } catch (NumberFormatException e) {
      throw invalid(s, base);
    }
  }

  private static StarlarkException invalid(String s, int base) {
    return new StarlarkException("invalid literal with base " + base + ": " + s);
  }

  private static Object range(List<Object> p) {
    long start = 0;
    long stop;
    long step = 1;
    if (p.size() == 1) {
      stop = rangeArg(p.get(0), "stop");
    } else {
      start = rangeArg(p.get(0), "start");
      stop = rangeArg(p.get(1), "stop");
      if (p.size() == 3) {
        step = rangeArg(p.get(2), "step");
      }
    }
    if (step == 0) {
      throw new StarlarkException("step argument must not be zero");
    }
    return new RangeValue(start, stop, step);
  }

  private static long rangeArg(Object x, String what) {
    if (!(x instanceof BigInteger i)) {
      throw new StarlarkException(
          "for parameter " + what + ": got " + Starlark.type(x) + ", want int");
    }
    if (i.bitLength() > 31) {
      throw new StarlarkException(
          "for parameter " + what + ": " + i + " out of range (want value in signed 32-bit range)");
    }
    return i.longValue();
  }

  static List<Object> sort(StarlarkThread t, List<Object> elems, Object key, boolean reverse) {
    List<Object> keys = elems;
    if (!Params.isNone(key)) {
      keys = new ArrayList<>();
      for (Object e : elems) {
        keys.add(t.callValue(key, List.of(e), new LinkedHashMap<>()));
      }
    }
    Integer[] idx = new Integer[elems.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    List<Object> k = keys;
    Comparator<Integer> cmp =
        (a, b) -> {
          int c = Operators.compare("<", k.get(a), k.get(b));
          return c == Integer.MIN_VALUE ? 0 : c;
        };
    if (reverse) {
      cmp = cmp.reversed();
    }
    java.util.Arrays.sort(idx, cmp);
    List<Object> out = new ArrayList<>(idx.length);
    for (Integer i : idx) {
      out.add(elems.get(i));
    }
    return out;
  }

  /**
   * The positional arguments as {@code str} joined by the keyword {@code sep} (default one space),
   * as {@code fail} and {@code print} take them; any other keyword is an error.
   */
  private static String joinedWithSep(Args a) {
    String sep = " ";
    for (Map.Entry<String, Object> e : a.named().entrySet()) {
      if (!e.getKey().equals("sep")) {
        throw new StarlarkException("unexpected keyword argument " + e.getKey());
      }
      sep = Params.string(e.getValue(), "sep");
    }
    return String.join(sep, a.positional().stream().map(Starlark::str).toList());
  }

  private static Object minMax(StarlarkThread t, Args a, int sign) {
    Object key = null;
    for (Map.Entry<String, Object> e : a.named().entrySet()) {
      if (!e.getKey().equals("key")) {
        throw new StarlarkException("unexpected keyword argument " + e.getKey());
      }
      key = e.getValue();
    }
    List<Object> p = a.positional();
    if (p.isEmpty()) {
      throw new StarlarkException(
          (sign > 0 ? "max" : "min") + " requires at least one positional argument");
    }
    if (p.size() == 1 && !Starlark.isIterable(p.get(0))) {
      throw new StarlarkException(Starlark.type(p.get(0)) + " value is not iterable");
    }
    List<Object> elems = p.size() == 1 ? iterable(p.get(0)) : p;
    if (elems.isEmpty()) {
      throw new StarlarkException("empty sequence");
    }
    Object best = elems.get(0);
    Object bestKey =
        Params.isNone(key) ? best : t.callValue(key, List.of(best), new LinkedHashMap<>());
    for (int i = 1; i < elems.size(); i++) {
      Object e = elems.get(i);
      Object k = Params.isNone(key) ? e : t.callValue(key, List.of(e), new LinkedHashMap<>());
      int c = Operators.compare(sign > 0 ? ">" : "<", k, bestKey);
      if (c != Integer.MIN_VALUE && c * sign > 0) {
        best = e;
        bestKey = k;
      }
    }
    return best;
  }

  static List<String> sortedNames(java.util.Collection<String> names) {
    return new ArrayList<>(new TreeSet<>(names));
  }
}
