package io.jporch.fn.starlark;

import io.jporch.fn.starlark.BuiltinFunction.Args;
import io.jporch.fn.starlark.BuiltinFunction.Impl;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Attribute access: the methods of string, list, dict and set, and struct fields. */
final class Methods {
  private static final Map<String, Impl> STRING = new TreeMap<>();
  private static final Map<String, Impl> LIST = new TreeMap<>();
  private static final Map<String, Impl> DICT = new TreeMap<>();
  private static final Map<String, Impl> SET = new TreeMap<>();

  private Methods() {}

  private static Map<String, Impl> table(Object x) {
    return switch (x) {
      case String s -> STRING;
      case StarlarkList l -> LIST;
      case StarlarkDict d -> DICT;
      case StarlarkSet s -> SET;
      default -> Map.of();
    };
  }

  static Object getAttr(Object x, String name) {
    if (x instanceof Struct s) {
      Object v = s.fields().get(name);
      if (v == null) {
        throw new StarlarkException(s.type() + " has no ." + name + " attribute");
      }
      return v;
    }
    Impl impl = table(x).get(name);
    if (impl == null) {
      throw new StarlarkException(Starlark.type(x) + " has no ." + name + " field or method");
    }
    return new BuiltinFunction(name, x, impl);
  }

  static boolean hasAttr(Object x, String name) {
    if (x instanceof Struct s) {
      return s.fields().containsKey(name);
    }
    return table(x).containsKey(name);
  }

  static void setAttr(Object x, String name, Object v) {
    throw new StarlarkException("can't assign to ." + name + " field of " + Starlark.type(x));
  }

  static List<Object> dir(Object x) {
    if (x instanceof Struct s) {
      return new ArrayList<>(s.fields().keySet());
    }
    return new ArrayList<>(table(x).keySet());
  }

  private static String str(Object receiver) {
    return (String) receiver;
  }

  static {
    // ------------------------------------------------------------ string
    STRING.put(
        "capitalize",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          String s = str(r);
          return s.isEmpty()
              ? s
              : s.substring(0, 1).toUpperCase(Locale.ROOT)
                  + s.substring(1).toLowerCase(Locale.ROOT);
        });
    STRING.put(
        "count",
        (t, r, a) -> {
          Object[] p = Params.unpack(a, "sub", "start?", "end?");
          String sub = Params.string(p[0], "sub");
          String s = window(str(r), p[1], p[2]);
          if (sub.isEmpty()) {
            return BigInteger.valueOf(s.length() + 1);
          }
          int n = 0;
          for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
            n++;
          }
          return BigInteger.valueOf(n);
        });
    STRING.put("elems", (t, r, a) -> elems(r, a, false, false));
    STRING.put("elem_ords", (t, r, a) -> elems(r, a, false, true));
    STRING.put("codepoints", (t, r, a) -> elems(r, a, true, false));
    STRING.put("codepoint_ords", (t, r, a) -> elems(r, a, true, true));
    STRING.put("endswith", (t, r, a) -> affix(r, a, false));
    STRING.put("startswith", (t, r, a) -> affix(r, a, true));
    STRING.put("find", (t, r, a) -> find(r, a, false, false));
    STRING.put("rfind", (t, r, a) -> find(r, a, true, false));
    STRING.put("index", (t, r, a) -> find(r, a, false, true));
    STRING.put("rindex", (t, r, a) -> find(r, a, true, true));
    STRING.put("format", (t, r, a) -> Formatter.format(str(r), a.positional(), a.named()));
    STRING.put("isalnum", (t, r, a) -> test(r, a, Character::isLetterOrDigit));
    STRING.put("isalpha", (t, r, a) -> test(r, a, Character::isLetter));
    STRING.put("isdigit", (t, r, a) -> test(r, a, Character::isDigit));
    STRING.put("isspace", (t, r, a) -> test(r, a, Character::isWhitespace));
    STRING.put("islower", (t, r, a) -> cased(r, a, s -> s.toLowerCase(Locale.ROOT)));
    STRING.put("isupper", (t, r, a) -> cased(r, a, s -> s.toUpperCase(Locale.ROOT)));
    STRING.put(
        "istitle",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          String s = str(r);
          boolean cased = false;
          boolean prevCased = false;
          for (char c : s.toCharArray()) {
            if (Character.isUpperCase(c) && Character.toTitleCase(c) != c) {
              return false; // an upper-case digraph such as U+01C4 is not title case
            }
            if (Character.isUpperCase(c) || Character.isTitleCase(c)) {
              if (prevCased) {
                return false;
              }
              prevCased = true;
              cased = true;
            } else if (Character.isLowerCase(c)) {
              if (!prevCased) {
                return false;
              }
              prevCased = true;
              cased = true;
            } else {
              prevCased = false;
            }
          }
          return cased;
        });
    STRING.put(
        "join",
        (t, r, a) -> {
          Object it = Params.positional(a, 1, 1).get(0);
          StringBuilder sb = new StringBuilder();
          List<Object> elems = Builtins.iterable(it);
          for (int i = 0; i < elems.size(); i++) {
            if (!(elems.get(i) instanceof String s)) {
              throw new StarlarkException(
                  "in list, want string, got " + Starlark.type(elems.get(i)));
            }
            if (i > 0) {
              sb.append(str(r));
            }
            sb.append(s);
          }
          return sb.toString();
        });
    STRING.put(
        "lower",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          return str(r).toLowerCase(Locale.ROOT);
        });
    STRING.put(
        "upper",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          return str(r).toUpperCase(Locale.ROOT);
        });
    STRING.put(
        "title",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          StringBuilder sb = new StringBuilder();
          boolean prevLetter = false;
          for (char c : str(r).toCharArray()) {
            if (Character.isLetter(c)) {
              sb.append(prevLetter ? Character.toLowerCase(c) : Character.toTitleCase(c));
              prevLetter = true;
            } else {
              sb.append(c);
              prevLetter = false;
            }
          }
          return sb.toString();
        });
    STRING.put("strip", (t, r, a) -> strip(r, a, true, true));
    STRING.put("lstrip", (t, r, a) -> strip(r, a, true, false));
    STRING.put("rstrip", (t, r, a) -> strip(r, a, false, true));
    STRING.put("partition", (t, r, a) -> partition(r, a, false));
    STRING.put("rpartition", (t, r, a) -> partition(r, a, true));
    STRING.put(
        "removeprefix",
        (t, r, a) -> {
          String p = Params.string(Params.positional(a, 1, 1).get(0), "prefix");
          return str(r).startsWith(p) ? str(r).substring(p.length()) : str(r);
        });
    STRING.put(
        "removesuffix",
        (t, r, a) -> {
          String p = Params.string(Params.positional(a, 1, 1).get(0), "suffix");
          return str(r).endsWith(p) ? str(r).substring(0, str(r).length() - p.length()) : str(r);
        });
    STRING.put(
        "replace",
        (t, r, a) -> {
          Object[] p = Params.unpack(a, "old", "new", "count?");
          String old = Params.string(p[0], "old");
          String rep = Params.string(p[1], "new");
          int count = p[2] == null ? -1 : Params.integer(p[2], "count");
          return replace(str(r), old, rep, count);
        });
    STRING.put("split", (t, r, a) -> split(r, a, false));
    STRING.put("rsplit", (t, r, a) -> split(r, a, true));
    STRING.put(
        "splitlines",
        (t, r, a) -> {
          Object[] p = Params.unpack(a, "keepends?");
          boolean keep = p[0] != null && Params.bool(p[0], "keepends");
          String s = str(r);
          List<Object> out = new ArrayList<>();
          int start = 0;
          for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
              int end = i;
              if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                i++;
              }
              out.add(keep ? s.substring(start, i + 1) : s.substring(start, end));
              start = i + 1;
            }
          }
          if (start < s.length()) {
            out.add(s.substring(start));
          }
          return new StarlarkList(out);
        });

    // ------------------------------------------------------------ list
    LIST.put(
        "append",
        (t, r, a) -> {
          Object x = Params.positional(a, 1, 1).get(0);
          StarlarkList l = (StarlarkList) r;
          l.checkMutable("append to");
          l.elems.add(x);
          return NoneType.NONE;
        });
    LIST.put(
        "clear",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          StarlarkList l = (StarlarkList) r;
          l.checkMutable("clear");
          l.elems.clear();
          return NoneType.NONE;
        });
    LIST.put(
        "extend",
        (t, r, a) -> {
          Object x = Params.positional(a, 1, 1).get(0);
          StarlarkList l = (StarlarkList) r;
          l.checkMutable("extend");
          l.elems.addAll(Builtins.iterable(x));
          return NoneType.NONE;
        });
    LIST.put(
        "index",
        (t, r, a) -> {
          Object[] p = Params.unpack(a, "x", "start?", "end?");
          StarlarkList l = (StarlarkList) r;
          int n = l.size();
          int start = p[1] == null ? 0 : clampIndex(p[1], n);
          int end = p[2] == null ? n : clampIndex(p[2], n);
          for (int i = start; i < end; i++) {
            if (Starlark.equal(l.elems.get(i), p[0])) {
              return BigInteger.valueOf(i);
            }
          }
          throw new StarlarkException("value not in list");
        });
    LIST.put(
        "insert",
        (t, r, a) -> {
          List<Object> p = Params.positional(a, 2, 2);
          StarlarkList l = (StarlarkList) r;
          l.checkMutable("insert into");
          int i = Params.integer(p.get(0), "index");
          int n = l.size();
          if (i < 0) {
            i += n;
          }
          l.elems.add(Math.max(0, Math.min(n, i)), p.get(1));
          return NoneType.NONE;
        });
    LIST.put(
        "pop",
        (t, r, a) -> {
          List<Object> p = Params.positional(a, 0, 1);
          StarlarkList l = (StarlarkList) r;
          int n = l.size();
          int i = p.isEmpty() ? n - 1 : Params.integer(p.get(0), "index");
          int orig = i;
          if (i < 0 && !p.isEmpty()) {
            i += n;
          }
          if (i < 0 || i >= n) {
            if (n == 0) {
              throw new StarlarkException("index " + orig + " out of range: empty list");
            }
            throw new StarlarkException(
                "index " + orig + " out of range [" + -n + ":" + (n - 1) + "]");
          }
          l.checkMutable("pop from");
          return l.elems.remove(i);
        });
    LIST.put(
        "remove",
        (t, r, a) -> {
          Object x = Params.positional(a, 1, 1).get(0);
          StarlarkList l = (StarlarkList) r;
          l.checkMutable("remove from");
          for (int i = 0; i < l.size(); i++) {
            if (Starlark.equal(l.elems.get(i), x)) {
              l.elems.remove(i);
              return NoneType.NONE;
            }
          }
          throw new StarlarkException("element not found");
        });

    // ------------------------------------------------------------ dict
    DICT.put(
        "clear",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          StarlarkDict d = (StarlarkDict) r;
          d.checkMutable("clear");
          d.map.clear();
          return NoneType.NONE;
        });
    DICT.put(
        "get",
        (t, r, a) -> {
          List<Object> p = Params.positional(a, 1, 2);
          Object v = ((StarlarkDict) r).get(p.get(0));
          return v != null ? v : p.size() > 1 ? p.get(1) : NoneType.NONE;
        });
    DICT.put(
        "items",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          List<Object> out = new ArrayList<>();
          ((StarlarkDict) r).map.forEach((k, v) -> out.add(Tuple.of(k, v)));
          return new StarlarkList(out);
        });
    DICT.put(
        "keys",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          return new StarlarkList(((StarlarkDict) r).map.keySet());
        });
    DICT.put(
        "values",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          return new StarlarkList(((StarlarkDict) r).map.values());
        });
    DICT.put(
        "pop",
        (t, r, a) -> {
          List<Object> p = Params.positional(a, 1, 2);
          StarlarkDict d = (StarlarkDict) r;
          d.checkMutable("delete from");
          Starlark.checkHashable(p.get(0));
          Object v = d.map.remove(Starlark.key(p.get(0)));
          if (v != null) {
            return v;
          }
          if (p.size() > 1) {
            return p.get(1);
          }
          throw new StarlarkException("missing key");
        });
    DICT.put(
        "popitem",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          StarlarkDict d = (StarlarkDict) r;
          d.checkMutable("delete from");
          if (d.map.isEmpty()) {
            throw new StarlarkException("empty dict");
          }
          Map.Entry<Object, Object> e = d.map.entrySet().iterator().next();
          d.map.remove(e.getKey());
          return Tuple.of(e.getKey(), e.getValue());
        });
    DICT.put(
        "setdefault",
        (t, r, a) -> {
          Object[] p = Params.unpack(a, "key", "default?");
          StarlarkDict d = (StarlarkDict) r;
          Object v = d.get(p[0]);
          if (v != null) {
            return v;
          }
          Object dflt = p[1] == null ? NoneType.NONE : p[1];
          d.put(p[0], dflt);
          return dflt;
        });
    DICT.put(
        "update",
        (t, r, a) -> {
          List<Object> p = Params.positional(new Args(a.positional(), Map.of()), 0, 1);
          StarlarkDict d = (StarlarkDict) r;
          d.checkMutable("insert into");
          Builtins.update(d, p.isEmpty() ? null : p.get(0), a.named());
          return NoneType.NONE;
        });

    // ------------------------------------------------------------ set
    SET.put(
        "add",
        (t, r, a) -> {
          ((StarlarkSet) r).add(Params.positional(a, 1, 1).get(0));
          return NoneType.NONE;
        });
    SET.put(
        "clear",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          StarlarkSet s = (StarlarkSet) r;
          if (s.size() > 0) {
            s.checkMutable("clear");
          }
          s.elems.clear();
          return NoneType.NONE;
        });
    SET.put(
        "discard",
        (t, r, a) -> {
          Object x = Params.positional(a, 1, 1).get(0);
          StarlarkSet s = (StarlarkSet) r;
          s.checkMutable("delete from");
          Starlark.checkHashable(x);
          s.elems.remove(Starlark.key(x));
          return NoneType.NONE;
        });
    SET.put(
        "remove",
        (t, r, a) -> {
          Object x = Params.positional(a, 1, 1).get(0);
          StarlarkSet s = (StarlarkSet) r;
          s.checkMutable("delete from");
          Starlark.checkHashable(x);
          if (!s.elems.remove(Starlark.key(x))) {
            throw new StarlarkException("missing key");
          }
          return NoneType.NONE;
        });
    SET.put(
        "update",
        (t, r, a) -> {
          StarlarkSet s = (StarlarkSet) r;
          if (!a.named().isEmpty()) {
            throw new StarlarkException("does not accept keyword arguments");
          }
          List<Object> others = Params.positional(a, 0, Integer.MAX_VALUE);
          for (int i = 0; i < others.size(); i++) {
            StarlarkSet other = toSet(others.get(i), i + 1);
            s.checkMutable("insert into");
            s.elems.addAll(other.elems);
          }
          return NoneType.NONE;
        });
    SET.put(
        "pop",
        (t, r, a) -> {
          Params.positional(a, 0, 0);
          StarlarkSet s = (StarlarkSet) r;
          s.checkMutable("delete from");
          if (s.elems.isEmpty()) {
            throw new StarlarkException("empty set");
          }
          Object first = s.elems.iterator().next();
          s.elems.remove(first);
          return first;
        });
    SET.put("union", (t, r, a) -> setOp(r, a, "|"));
    SET.put("intersection", (t, r, a) -> setOp(r, a, "&"));
    SET.put("difference", (t, r, a) -> setOp(r, a, "-"));
    SET.put("symmetric_difference", (t, r, a) -> setOp(r, a, "^"));
    SET.put(
        "issubset",
        (t, r, a) -> {
          List<Object> other = Builtins.iterable(Params.positional(a, 1, 1).get(0));
          return other.containsAll(((StarlarkSet) r).elems);
        });
    SET.put(
        "issuperset",
        (t, r, a) -> {
          List<Object> other = Builtins.iterable(Params.positional(a, 1, 1).get(0));
          return ((StarlarkSet) r).elems.containsAll(other);
        });
  }

  private static Object elems(Object r, Args a, boolean codepoints, boolean ords) {
    Params.positional(a, 0, 0);
    return new StringElems(str(r), codepoints, ords);
  }

  private static Object setOp(Object r, Args a, String op) {
    Object result = r;
    List<Object> others = Params.positional(a, 0, Integer.MAX_VALUE);
    if (others.isEmpty()) {
      StarlarkSet copy = new StarlarkSet();
      copy.elems.addAll(((StarlarkSet) r).elems);
      return copy;
    }
    for (int i = 0; i < others.size(); i++) {
      result = Operators.binary(op, result, toSet(others.get(i), i + 1));
    }
    return result;
  }

  private static StarlarkSet toSet(Object o, int argNum) {
    if (!Starlark.isIterable(o)) {
      throw new StarlarkException("argument #" + argNum + " is not iterable: " + Starlark.type(o));
    }
    StarlarkSet other = new StarlarkSet();
    for (Object x : Starlark.elements(o)) {
      other.add(x);
    }
    return other;
  }

  private static int clampIndex(Object x, int n) {
    int i = Params.integer(x, "index");
    if (i < 0) {
      i += n;
    }
    return Math.max(0, Math.min(n, i));
  }

  /** {@code s[start:end]} with slice clamping, as the string methods' optional bounds. */
  private static String window(String s, Object start, Object end) {
    int n = s.length();
    int b = Params.isNone(start) ? 0 : clampIndex(start, n);
    int e = Params.isNone(end) ? n : clampIndex(end, n);
    return b <= e ? s.substring(b, e) : "";
  }

  private static Object affix(Object r, Args a, boolean prefix) {
    Object[] p = Params.unpack(a, prefix ? "prefix" : "suffix", "start?", "end?");
    String s = window(str(r), p[1], p[2]);
    List<Object> candidates;
    if (p[0] instanceof Tuple tuple) {
      candidates = tuple.elems();
    } else {
      candidates = List.of(p[0]);
    }
    if (!(p[0] instanceof String) && !(p[0] instanceof Tuple)) {
      throw new StarlarkException(
          "got " + Starlark.type(p[0]) + ", want string or tuple of strings");
    }
    for (int i = 0; i < candidates.size(); i++) {
      Object c = candidates.get(i);
      if (!(c instanceof String x)) {
        throw new StarlarkException(
            "got " + Starlark.type(c) + ", for element " + i + ", want string");
      }
      if (prefix ? s.startsWith(x) : s.endsWith(x)) {
        return true;
      }
    }
    return false;
  }

  private static Object find(Object r, Args a, boolean last, boolean strict) {
    Object[] p = Params.unpack(a, "sub", "start?", "end?");
    String sub = Params.string(p[0], "sub");
    String s = str(r);
    int n = s.length();
    int b = Params.isNone(p[1]) ? 0 : clampIndex(p[1], n);
    int e = Params.isNone(p[2]) ? n : clampIndex(p[2], n);
    int i = -1;
    if (b <= e) {
      String w = s.substring(b, e);
      i = last ? w.lastIndexOf(sub) : w.indexOf(sub);
      if (i >= 0) {
        i += b;
      }
    }
    if (i < 0 && strict) {
      throw new StarlarkException("substring not found");
    }
    return BigInteger.valueOf(i);
  }

  private static Object test(Object r, Args a, java.util.function.IntPredicate pred) {
    Params.positional(a, 0, 0);
    String s = str(r);
    return !s.isEmpty() && s.codePoints().allMatch(pred);
  }

  /** {@code islower}/{@code isupper}: has a letter and is unchanged by {@code fold}. */
  private static Object cased(Object r, Args a, java.util.function.UnaryOperator<String> fold) {
    Params.positional(a, 0, 0);
    String s = str(r);
    return s.chars().anyMatch(Character::isLetter) && s.equals(fold.apply(s));
  }

  private static Object strip(Object r, Args a, boolean left, boolean right) {
    List<Object> p = Params.positional(a, 0, 1);
    String chars =
        p.isEmpty() || p.get(0) == NoneType.NONE ? null : Params.string(p.get(0), "cutset");
    if (chars != null && chars.isEmpty()) {
      chars = null;
    }
    String s = str(r);
    int b = 0;
    int e = s.length();
    if (left) {
      while (b < e
          && (chars == null
              ? Character.isWhitespace(s.charAt(b))
              : chars.indexOf(s.charAt(b)) >= 0)) {
        b++;
      }
    }
    if (right) {
      while (e > b
          && (chars == null
              ? Character.isWhitespace(s.charAt(e - 1))
              : chars.indexOf(s.charAt(e - 1)) >= 0)) {
        e--;
      }
    }
    return s.substring(b, e);
  }

  private static Object partition(Object r, Args a, boolean last) {
    String sep = Params.string(Params.positional(a, 1, 1).get(0), "sep");
    if (sep.isEmpty()) {
      throw new StarlarkException("empty separator");
    }
    String s = str(r);
    int i = last ? s.lastIndexOf(sep) : s.indexOf(sep);
    if (i < 0) {
      return last ? Tuple.of("", "", s) : Tuple.of(s, "", "");
    }
    return Tuple.of(s.substring(0, i), sep, s.substring(i + sep.length()));
  }

  private static String replace(String s, String old, String rep, int count) {
    if (count < 0) {
      if (old.isEmpty()) {
        count = s.length() + 1;
      } else {
        return s.replace(old, rep);
      }
    }
    StringBuilder sb = new StringBuilder();
    int i = 0;
    int n = 0;
    if (old.isEmpty()) {
      while (n < count && i <= s.length()) {
        sb.append(rep);
        if (i < s.length()) {
          sb.append(s.charAt(i));
        }
        i++;
        n++;
      }
      if (i < s.length()) {
        sb.append(s, i, s.length());
      }
      return sb.toString();
    }
    while (n < count) {
      int j = s.indexOf(old, i);
      if (j < 0) {
        break;
      }
      sb.append(s, i, j).append(rep);
      i = j + old.length();
      n++;
    }
    sb.append(s.substring(i));
    return sb.toString();
  }

  private static Object split(Object r, Args a, boolean fromRight) {
    Object[] p = Params.unpack(a, "sep?", "maxsplit?");
    String s = str(r);
    int max = Params.isNone(p[1]) ? -1 : Params.integer(p[1], "maxsplit");
    List<Object> out = new ArrayList<>();
    if (Params.isNone(p[0])) {
      // whitespace splitting
      List<int[]> words = new ArrayList<>();
      int i = 0;
      while (i < s.length()) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i >= s.length()) {
          break;
        }
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j))) {
          j++;
        }
        words.add(new int[] {i, j});
        i = j;
      }
      if (max < 0 || words.size() <= max) {
        words.forEach(w -> out.add(s.substring(w[0], w[1])));
        return new StarlarkList(out);
      }
      if (!fromRight) {
        for (int k = 0; k < max; k++) {
          out.add(s.substring(words.get(k)[0], words.get(k)[1]));
        }
        out.add(s.substring(words.get(max)[0]));
      } else {
        int first = words.size() - max;
        out.add(s.substring(0, words.get(first - 1)[1]));
        for (int k = first; k < words.size(); k++) {
          out.add(s.substring(words.get(k)[0], words.get(k)[1]));
        }
      }
      return new StarlarkList(out);
    }
    String sep = Params.string(p[0], "sep");
    if (sep.isEmpty()) {
      throw new StarlarkException("empty separator");
    }
    if (!fromRight) {
      int i = 0;
      while (max < 0 || out.size() < max) {
        int j = s.indexOf(sep, i);
        if (j < 0) {
          break;
        }
        out.add(s.substring(i, j));
        i = j + sep.length();
      }
      out.add(s.substring(i));
    } else {
      int end = s.length();
      int splits = 0;
      while (max < 0 || splits < max) {
        int j = s.lastIndexOf(sep, end - sep.length());
        if (j < 0 || end - sep.length() < 0) {
          break;
        }
        out.add(s.substring(j + sep.length(), end));
        end = j;
        splits++;
      }
      out.add(s.substring(0, end));
      Collections.reverse(out);
    }
    return new StarlarkList(out);
  }
}
