package io.jporch.fn.starlark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code assert} module of starlark-go's {@code starlarktest/assert.star}, in Java: failed
 * assertions are recorded (with the caller's position) and execution continues.
 */
final class AssertModule {
  final List<String> errors = new ArrayList<>();
  private final Struct module;
  private final BuiltinFunction freeze;

  AssertModule() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fail", fn("fail", (t, r, a) -> error(t, Starlark.str(a.positional().get(0)))));
    m.put(
        "eq",
        fn(
            "eq",
            (t, r, a) -> {
              Object x = a.positional().get(0);
              Object y = a.positional().get(1);
              if (!Starlark.equal(x, y)) {
                boolean floats =
                    (x instanceof Double && Starlark.isNumber(y))
                        || (y instanceof Double && Starlark.isNumber(x));
                if (floats) {
                  double dx = Operators.toDouble(x);
                  double dy = Operators.toDouble(y);
                  if (Math.abs(dx - dy) > Math.ulp(Math.max(Math.abs(dx), Math.abs(dy)))) {
                    error(
                        t,
                        "floats: "
                            + Starlark.repr(x)
                            + " != "
                            + Starlark.repr(y)
                            + " (delta > 1 ulp)");
                  }
                } else {
                  error(t, Starlark.repr(x) + " != " + Starlark.repr(y));
                }
              }
              return NoneType.NONE;
            }));
    m.put(
        "ne",
        fn(
            "ne",
            (t, r, a) -> {
              if (Starlark.equal(a.positional().get(0), a.positional().get(1))) {
                error(
                    t,
                    Starlark.repr(a.positional().get(0))
                        + " == "
                        + Starlark.repr(a.positional().get(1)));
              }
              return NoneType.NONE;
            }));
    m.put(
        "true",
        fn(
            "true",
            (t, r, a) -> {
              if (!Starlark.truth(a.positional().get(0))) {
                error(
                    t,
                    a.positional().size() > 1
                        ? Starlark.str(a.positional().get(1))
                        : "assertion failed");
              }
              return NoneType.NONE;
            }));
    m.put(
        "lt",
        fn(
            "lt",
            (t, r, a) -> {
              if (!Starlark.truth(
                  Operators.binary("<", a.positional().get(0), a.positional().get(1)))) {
                error(
                    t,
                    Starlark.str(a.positional().get(0))
                        + " is not less than "
                        + Starlark.str(a.positional().get(1)));
              }
              return NoneType.NONE;
            }));
    m.put(
        "contains",
        fn(
            "contains",
            (t, r, a) -> {
              if (!Operators.contains(a.positional().get(0), a.positional().get(1))) {
                error(
                    t,
                    Starlark.str(a.positional().get(0))
                        + " does not contain "
                        + Starlark.str(a.positional().get(1)));
              }
              return NoneType.NONE;
            }));
    m.put(
        "fails",
        fn(
            "fails",
            (t, r, a) -> {
              Object f = a.positional().get(0);
              String pattern = Starlark.str(a.positional().get(1));
              try {
                t.callValue(f, List.of(), new LinkedHashMap<>());
                error(
                    t,
                    "evaluation succeeded unexpectedly (want error matching "
                        + Starlark.repr(pattern)
                        + ")");
              } catch (StarlarkException e) {
                if (!goRegex(pattern).matcher(e.message()).find()) {
                  error(
                      t,
                      "regular expression ("
                          + pattern
                          + ") did not match error ("
                          + e.message()
                          + ")");
                }
              }
              return NoneType.NONE;
            }));
    module = Struct.module("assert", m);
    freeze =
        fn(
            "freeze",
            (t, r, a) -> {
              Starlark.freeze(a.positional().get(0));
              return a.positional().get(0);
            });
  }

  /** Compiles a Go (RE2) regexp: a '{' that does not start a repetition is a literal. */
  static Pattern goRegex(String re) {
    return Pattern.compile(re.replaceAll("\\{(?!\\d+(,\\d*)?\\})", "\\\\{"));
  }

  private static BuiltinFunction fn(String name, BuiltinFunction.Impl impl) {
    return new BuiltinFunction(name, impl);
  }

  private Object error(StarlarkThread t, String msg) {
    errors.add(t.callerPosition() + ": " + msg);
    return NoneType.NONE;
  }

  Map<String, Object> load(String name) {
    if (!name.equals("assert.star")) {
      return null;
    }
    return Map.of("assert", module, "freeze", freeze);
  }
}
