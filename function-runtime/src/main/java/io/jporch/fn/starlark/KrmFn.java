package io.jporch.fn.starlark;

import java.util.List;
import java.util.Map;

/** The {@code krmfn.star} module of the starlark function: object matchers. */
final class KrmFn {
  private KrmFn() {}

  static Map<String, Object> members() {
    BuiltinFunction matchGvk =
        new BuiltinFunction(
            "match_gvk",
            (t, r, a) -> {
              List<Object> p = Params.positional(a, 3, 3);
              return field(p.get(0), "apiVersion").equals(Params.string(p.get(1), "apiVersion"))
                  && field(p.get(0), "kind").equals(Params.string(p.get(2), "kind"));
            });
    BuiltinFunction matchName =
        new BuiltinFunction(
            "match_name",
            (t, r, a) -> {
              List<Object> p = Params.positional(a, 2, 2);
              return field(metadata(p.get(0)), "name").equals(Params.string(p.get(1), "name"));
            });
    BuiltinFunction matchNamespace =
        new BuiltinFunction(
            "match_namespace",
            (t, r, a) -> {
              List<Object> p = Params.positional(a, 2, 2);
              return field(metadata(p.get(0)), "namespace")
                  .equals(Params.string(p.get(1), "namespace"));
            });
    return Map.of(
        "krmfn",
        Struct.module(
            "krmfn",
            Map.of(
                "match_gvk",
                matchGvk,
                "match_name",
                matchName,
                "match_namespace",
                matchNamespace)));
  }

  private static Object metadata(Object obj) {
    return obj instanceof StarlarkDict d && d.get("metadata") != null
        ? d.get("metadata")
        : new StarlarkDict();
  }

  private static String field(Object obj, String key) {
    if (!(obj instanceof StarlarkDict d)) {
      throw new StarlarkException("got " + Starlark.type(obj) + ", want a KRM object (dict)");
    }
    Object v = d.get(key);
    return v instanceof String s ? s : "";
  }
}
