package io.jporch.fn.starlark;

import io.jporch.fn.starlark.BuiltinFunction.Args;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Argument unpacking for builtins, like starlark-go's {@code UnpackArgs}: parameter names, with a
 * trailing "?" for optional ones; missing optional values are null.
 */
final class Params {
  private Params() {}

  static Object[] unpack(Args args, String... params) {
    Object[] out = new Object[params.length];
    List<Object> pos = args.positional();
    if (pos.size() > params.length) {
      throw new StarlarkException(
          "got " + pos.size() + " arguments, want at most " + params.length);
    }
    for (int i = 0; i < pos.size(); i++) {
      out[i] = pos.get(i);
    }
    for (Map.Entry<String, Object> e : args.named().entrySet()) {
      int idx = -1;
      for (int i = 0; i < params.length; i++) {
        if (name(params[i]).equals(e.getKey())) {
          idx = i;
        }
      }
      if (idx < 0) {
        throw new StarlarkException("unexpected keyword argument " + e.getKey());
      }
      if (out[idx] != null) {
        throw new StarlarkException("got multiple values for keyword argument " + e.getKey());
      }
      out[idx] = e.getValue();
    }
    for (int i = 0; i < params.length; i++) {
      if (out[i] == null && !params[i].endsWith("?")) {
        throw new StarlarkException("missing argument for " + name(params[i]));
      }
    }
    return out;
  }

  /** Positional-only parameters: exactly {@code min..max} arguments, no keywords. */
  static List<Object> positional(Args args, int min, int max) {
    if (!args.named().isEmpty()) {
      throw new StarlarkException("unexpected keyword arguments");
    }
    int n = args.positional().size();
    if (n < min) {
      throw new StarlarkException(
          "got "
              + n
              + " argument"
              + (n == 1 ? "" : "s")
              + ", want "
              + (min == max ? "" : "at least ")
              + min);
    }
    if (n > max) {
      throw new StarlarkException(
          "got "
              + n
              + " argument"
              + (n == 1 ? "" : "s")
              + ", want "
              + (min == max ? "" : "at most ")
              + max);
    }
    return args.positional();
  }

  private static String name(String p) {
    return p.endsWith("?") ? p.substring(0, p.length() - 1) : p;
  }

  static String string(Object x, String what) {
    if (!(x instanceof String s)) {
      throw new StarlarkException(
          "for parameter " + what + ": got " + Starlark.type(x) + ", want string");
    }
    return s;
  }

  static int integer(Object x, String what) {
    if (!(x instanceof BigInteger i)) {
      throw new StarlarkException(
          "for parameter " + what + ": got " + Starlark.type(x) + ", want int");
    }
    if (i.bitLength() > 31) {
      throw new StarlarkException("for parameter " + what + ": " + i + " out of range");
    }
    return i.intValue();
  }

  static boolean bool(Object x, String what) {
    if (!(x instanceof Boolean b)) {
      throw new StarlarkException(
          "for parameter " + what + ": got " + Starlark.type(x) + ", want bool");
    }
    return b;
  }

  static boolean isNone(Object x) {
    return x == null || x == NoneType.NONE;
  }
}
