package io.jporch.fn.starlark;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Unary, binary, comparison, indexing and slicing operators. */
final class Operators {
  private static final BigInteger MAX_SHIFT = BigInteger.valueOf(512);

  private Operators() {}

  static Object unary(String op, Object x) {
    switch (op) {
      case "not" -> {
        return !Starlark.truth(x);
      }
      case "-" -> {
        if (x instanceof BigInteger i) {
          return i.negate();
        }
        if (x instanceof Double d) {
          return -d;
        }
      }
      case "+" -> {
        if (x instanceof BigInteger || x instanceof Double) {
          return x;
        }
      }
      case "~" -> {
        if (x instanceof BigInteger i) {
          return i.not();
        }
      }
      default -> {}
    }
    throw new StarlarkException("unknown unary op: " + op + Starlark.type(x));
  }

  static Object binary(String op, Object x, Object y) {
    switch (op) {
      case "==" -> {
        return Starlark.equal(x, y);
      }
      case "!=" -> {
        return !Starlark.equal(x, y);
      }
      case "<", ">", "<=", ">=" -> {
        if (x instanceof StarlarkSet a && y instanceof StarlarkSet b) {
          return switch (op) {
            case "<=" -> b.elems.containsAll(a.elems);
            case ">=" -> a.elems.containsAll(b.elems);
            case "<" -> a.size() < b.size() && b.elems.containsAll(a.elems);
            default -> a.size() > b.size() && a.elems.containsAll(b.elems);
          };
        }
        int c = compare(op, x, y);
        if (c == Integer.MIN_VALUE) {
          return false; // NaN
        }
        return switch (op) {
          case "<" -> c < 0;
          case ">" -> c > 0;
          case "<=" -> c <= 0;
          default -> c >= 0;
        };
      }
      case "in" -> {
        return contains(y, x);
      }
      case "not in" -> {
        return !contains(y, x);
      }
      default -> {}
    }
    Object r = arithmetic(op, x, y);
    if (r == null) {
      throw new StarlarkException(
          "unknown binary op: " + Starlark.type(x) + " " + op + " " + Starlark.type(y));
    }
    return r;
  }

  private static Object arithmetic(String op, Object x, Object y) {
    if (x instanceof BigInteger a && y instanceof BigInteger b) {
      return switch (op) {
        case "+" -> a.add(b);
        case "-" -> a.subtract(b);
        case "*" -> a.multiply(b);
        case "/" -> {
          if (b.signum() == 0) {
            throw new StarlarkException("floating-point division by zero");
          }
          yield toDouble(a) / toDouble(b);
        }
        case "//" -> {
          if (b.signum() == 0) {
            throw new StarlarkException("floored division by zero");
          }
          yield floorDiv(a, b);
        }
        case "%" -> {
          if (b.signum() == 0) {
            throw new StarlarkException("integer modulo by zero");
          }
          BigInteger m = a.mod(b.abs());
          yield b.signum() < 0 && m.signum() != 0 ? m.add(b) : m;
        }
        case "&" -> a.and(b);
        case "|" -> a.or(b);
        case "^" -> a.xor(b);
        case "<<" -> {
          checkShift(b);
          yield a.shiftLeft(b.intValue());
        }
        case ">>" -> {
          checkShift(b);
          yield a.shiftRight(b.intValue());
        }
        default -> null;
      };
    }
    if (Starlark.isNumber(x) && Starlark.isNumber(y)) {
      double a = toDouble(x);
      double b = toDouble(y);
      return switch (op) {
        case "+" -> a + b;
        case "-" -> a - b;
        case "*" -> a * b;
        case "/" -> {
          if (b == 0) {
            throw new StarlarkException("floating-point division by zero");
          }
          yield a / b;
        }
        case "//" -> {
          if (b == 0) {
            throw new StarlarkException("floored division by zero");
          }
          yield Math.floor(a / b);
        }
        case "%" -> {
          if (b == 0) {
            throw new StarlarkException("floating-point modulo by zero");
          }
          double m = a % b;
          if (m != 0 && (m < 0) != (b < 0)) {
            m += b;
          }
          yield m;
        }
        default -> null;
      };
    }
    switch (op) {
      case "+" -> {
        if (x instanceof String a && y instanceof String b) {
          return a + b;
        }
        if (x instanceof StarlarkList a && y instanceof StarlarkList b) {
          List<Object> out = new ArrayList<>(a.elems);
          out.addAll(b.elems);
          return new StarlarkList(out);
        }
        if (x instanceof Tuple a && y instanceof Tuple b) {
          List<Object> out = new ArrayList<>(a.elems());
          out.addAll(b.elems());
          return new Tuple(out);
        }
      }
      case "*" -> {
        if (y instanceof BigInteger n) {
          return repeat(x, n);
        }
        if (x instanceof BigInteger n) {
          return repeat(y, n);
        }
      }
      case "%" -> {
        if (x instanceof String format) {
          return Formatter.percent(format, y);
        }
      }
      case "|" -> {
        if (x instanceof StarlarkDict a && y instanceof StarlarkDict b) {
          StarlarkDict out = new StarlarkDict();
          out.map.putAll(a.map);
          out.map.putAll(b.map);
          return out;
        }
        if (x instanceof StarlarkSet a && y instanceof StarlarkSet b) {
          StarlarkSet out = new StarlarkSet();
          out.elems.addAll(a.elems);
          out.elems.addAll(b.elems);
          return out;
        }
      }
      case "&", "^", "-" -> {
        if (x instanceof StarlarkSet a && y instanceof StarlarkSet b) {
          StarlarkSet out = new StarlarkSet();
          switch (op) {
            case "&" -> a.elems.stream().filter(b.elems::contains).forEach(out.elems::add);
            case "-" -> a.elems.stream().filter(e -> !b.elems.contains(e)).forEach(out.elems::add);
            default -> {
              a.elems.stream().filter(e -> !b.elems.contains(e)).forEach(out.elems::add);
              b.elems.stream().filter(e -> !a.elems.contains(e)).forEach(out.elems::add);
            }
          }
          return out;
        }
      }
      default -> {}
    }
    return null;
  }

  private static void checkShift(BigInteger b) {
    if (b.signum() < 0) {
      throw new StarlarkException("negative shift count: " + b);
    }
    if (b.compareTo(MAX_SHIFT) >= 0) {
      throw new StarlarkException("shift count too large: " + b);
    }
  }

  private static Object repeat(Object x, BigInteger n) {
    if (!(x instanceof String || x instanceof StarlarkList || x instanceof Tuple)) {
      return null;
    }
    if (n.bitLength() > 31) {
      if (n.signum() < 0) {
        n = BigInteger.ZERO;
      } else {
        throw new StarlarkException("repeat count " + n + " too large");
      }
    }
    int count = Math.max(0, n.intValue());
    long size = (long) Starlark.len(x) * count;
    if (size > 1 << 28) {
      throw new StarlarkException(
          "excessive repeat (" + Starlark.len(x) + " * " + count + " elements)");
    }
    return switch (x) {
      case String s -> s.repeat(count);
      case StarlarkList l -> {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          out.addAll(l.elems);
        }
        yield new StarlarkList(out);
      }
      default -> {
        Tuple t = (Tuple) x;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          out.addAll(t.elems());
        }
        yield new Tuple(out);
      }
    };
  }

  static BigInteger floorDiv(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.divideAndRemainder(b);
    if (qr[1].signum() != 0 && (qr[1].signum() != b.signum())) {
      return qr[0].subtract(BigInteger.ONE);
    }
    return qr[0];
  }

  static double toDouble(Object x) {
    if (x instanceof Double d) {
      return d;
    }
    BigInteger i = (BigInteger) x;
    double d = i.doubleValue();
    if (Double.isInfinite(d)) {
      throw new StarlarkException("int too large to convert to float");
    }
    return d;
  }

  /** Compares two numbers exactly; NaN is equal to itself and greater than any other number. */
  static int compareNumbers(Object x, Object y) {
    if (x instanceof BigInteger a && y instanceof BigInteger b) {
      return a.compareTo(b);
    }
    if (x instanceof Double a && y instanceof Double b) {
      if (a.isNaN() || b.isNaN()) {
        return Boolean.compare(a.isNaN(), b.isNaN());
      }
      return Double.compare(a == 0 ? 0.0 : a, b == 0 ? 0.0 : b);
    }
    // int vs float: compare exactly
    boolean swap = x instanceof Double;
    BigInteger i = (BigInteger) (swap ? y : x);
    double d = (Double) (swap ? x : y);
    int c;
    if (Double.isNaN(d)) {
      c = -1;
    } else if (Double.isInfinite(d)) {
      c = d > 0 ? -1 : 1;
    } else {
      c = new BigDecimal(i).compareTo(new BigDecimal(d));
    }
    return swap ? -c : c;
  }

  /** Ordered comparison, or an error for values that are not ordered. */
  static int compare(String op, Object x, Object y) {
    return compare(op, x, y, 0);
  }

  static int compare(String op, Object x, Object y, int depth) {
    if (depth > 1000) {
      throw new StarlarkException("comparison exceeded maximum recursion depth");
    }
    if (Starlark.isNumber(x) && Starlark.isNumber(y)) {
      return compareNumbers(x, y);
    }
    if (x instanceof String a && y instanceof String b) {
      return Integer.signum(compareStrings(a, b));
    }
    if (x instanceof Boolean a && y instanceof Boolean b) {
      return Boolean.compare(a, b);
    }
    if (x instanceof StarlarkList a && y instanceof StarlarkList b) {
      return compareSequences(op, a.elems, b.elems, depth);
    }
    if (x instanceof Tuple a && y instanceof Tuple b) {
      return compareSequences(op, a.elems(), b.elems(), depth);
    }
    if (Starlark.type(x).equals(Starlark.type(y))) {
      throw new StarlarkException(
          Starlark.type(x) + " " + op + " " + Starlark.type(y) + " not implemented");
    }
    throw new StarlarkException(
        Starlark.type(x) + " " + op + " " + Starlark.type(y) + " not implemented");
  }

  /** Compares by code point (the order of UTF-8 bytes, as starlark-go). */
  static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static int compareSequences(String op, List<Object> a, List<Object> b, int depth) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      if (!Starlark.equal(a.get(i), b.get(i), depth + 1)) {
        return compare(op, a.get(i), b.get(i), depth + 1);
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  static boolean contains(Object container, Object x) {
    switch (container) {
      case String s -> {
        if (!(x instanceof String sub)) {
          throw new StarlarkException(
              "'in <string>' requires string as left operand, not " + Starlark.type(x));
        }
        return s.contains(sub);
      }
      case StarlarkList l -> {
        return l.elems.stream().anyMatch(e -> Starlark.equal(e, x));
      }
      case Tuple t -> {
        return t.elems().stream().anyMatch(e -> Starlark.equal(e, x));
      }
      case StarlarkDict d -> {
        if (x instanceof StarlarkList || x instanceof StarlarkDict || x instanceof StarlarkSet) {
          return false; // unhashable values are never keys
        }
        return d.map.containsKey(Starlark.key(x));
      }
      case StarlarkSet s -> {
        return s.contains(x);
      }
      case RangeValue r -> {
        if (!Starlark.isNumber(x)) {
          throw new StarlarkException(
              "'in <range>' requires integer as left operand, not " + Starlark.type(x));
        }
        if (x instanceof BigInteger i) {
          return i.bitLength() < 63 && r.contains(i.longValue());
        }
        if (x instanceof Double d) {
          return d == Math.rint(d) && !d.isInfinite() && r.contains(d.longValue());
        }
        return false;
      }
      default ->
          throw new StarlarkException(
              "unknown binary op: " + Starlark.type(x) + " in " + Starlark.type(container));
    }
  }

  /** Converts an index operand to int, with the starlark-go error for non-ints. */
  static int toIndex(Object x, String what) {
    if (!(x instanceof BigInteger i)) {
      throw new StarlarkException(what + ": got " + Starlark.type(x) + ", want int");
    }
    if (i.bitLength() > 31) {
      return i.signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    }
    return i.intValue();
  }

  static Object index(Object x, Object k) {
    switch (x) {
      case StarlarkDict d -> {
        Object v = d.get(k);
        if (v == null) {
          throw new StarlarkException("key " + Starlark.repr(k) + " not in dict");
        }
        return v;
      }
      case StarlarkList l -> {
        return l.elems.get(checkIndex(x, k, l.size()));
      }
      case Tuple t -> {
        return t.elems().get(checkIndex(x, k, t.elems().size()));
      }
      case String s -> {
        int i = checkIndex(x, k, s.length());
        return String.valueOf(s.charAt(i));
      }
      case RangeValue r -> {
        return BigInteger.valueOf(r.get(checkIndex(x, k, r.length())));
      }
      case StringElems e when !e.codepoints() -> {
        return e.elements().get(checkIndex(x, k, e.s().length()));
      }
      default -> {}
    }
    throw new StarlarkException(
        "unhandled index operation " + Starlark.type(x) + "[" + Starlark.type(k) + "]");
  }

  private static int checkIndex(Object x, Object k, int n) {
    if (!(k instanceof BigInteger)) {
      throw new StarlarkException(
          Starlark.type(x) + " index: got " + Starlark.type(k) + ", want int");
    }
    int i = toIndex(k, "index");
    int orig = i;
    if (i < 0 && i != Integer.MIN_VALUE) {
      i += n;
    }
    if (i < 0 || i >= n) {
      if (n == 0) {
        throw new StarlarkException("index " + k + " out of range: empty " + Starlark.type(x));
      }
      throw new StarlarkException(
          Starlark.type(x)
              + " index "
              + (orig == Integer.MIN_VALUE || orig == Integer.MAX_VALUE ? k : orig)
              + " out of range ["
              + -n
              + ":"
              + (n - 1)
              + "]");
    }
    return i;
  }

  static void setIndex(Object x, Object k, Object v) {
    switch (x) {
      case StarlarkDict d -> d.put(k, v);
      case StarlarkList l -> {
        int i = checkIndex(x, k, l.size());
        l.checkMutable("assign to element of");
        l.elems.set(i, v);
      }
      default ->
          throw new StarlarkException(Starlark.type(x) + " value does not support item assignment");
    }
  }

  static Object slice(Object x, Object lo, Object hi, Object stepObj) {
    int n = Starlark.len(x);
    if (!(x instanceof String
        || x instanceof StarlarkList
        || x instanceof Tuple
        || x instanceof RangeValue)) {
      throw new StarlarkException("invalid slice operand " + Starlark.type(x));
    }
    int step = 1;
    if (stepObj != NoneType.NONE) {
      if (!(stepObj instanceof BigInteger)) {
        throw new StarlarkException(
            "invalid slice step: got " + Starlark.type(stepObj) + ", want int");
      }
      step = toIndex(stepObj, "slice step");
      if (step == 0) {
        throw new StarlarkException("zero is not a valid slice step");
      }
    }
    int start;
    int end;
    if (step > 0) {
      start = sliceIndex(lo, n, 0, 0, n, "start");
      end = sliceIndex(hi, n, n, 0, n, "end");
    } else {
      start = sliceIndex(lo, n, n - 1, -1, n - 1, "start");
      end = sliceIndex(hi, n, -1, -1, n - 1, "end");
    }
    List<Integer> idx = new ArrayList<>();
    if (step > 0) {
      for (int i = start; i < end; i += step) {
        idx.add(i);
      }
    } else {
      for (int i = start; i > end; i += step) {
        idx.add(i);
      }
    }
    switch (x) {
      case String s -> {
        StringBuilder sb = new StringBuilder();
        idx.forEach(i -> sb.append(s.charAt(i)));
        return sb.toString();
      }
      case StarlarkList l -> {
        return new StarlarkList(idx.stream().map(l.elems::get).toList());
      }
      case Tuple t -> {
        return new Tuple(idx.stream().map(t.elems()::get).toList());
      }
      default -> {
        RangeValue r = (RangeValue) x;
        long newStart = r.start() + (long) start * r.step();
        long newStep = r.step() * step;
        long newStop = r.start() + (long) end * r.step();
        return new RangeValue(newStart, newStop, newStep);
      }
    }
  }

  private static int sliceIndex(Object v, int n, int dflt, int min, int max, String what) {
    if (v == NoneType.NONE) {
      return dflt;
    }
    if (!(v instanceof BigInteger)) {
      throw new StarlarkException(
          "invalid " + what + " index: got " + Starlark.type(v) + ", want int");
    }
    long i = toIndex(v, what);
    if (i < 0) {
      i += n;
    }
    return (int) Math.max(min, Math.min(max, i));
  }
}
