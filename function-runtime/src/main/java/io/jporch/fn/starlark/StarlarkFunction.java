package io.jporch.fn.starlark;

/** A function defined by {@code def} or {@code lambda}, with its defaults and closure. */
public final class StarlarkFunction {
  final Ast.Function fn;
  final Module module;
  final Env closure;
  final Object[] defaults;

  StarlarkFunction(Ast.Function fn, Module module, Env closure, Object[] defaults) {
    this.fn = fn;
    this.module = module;
    this.closure = closure;
    this.defaults = defaults;
  }

  public String name() {
    return fn.name;
  }

  String position() {
    return module.file + ":" + fn.line + ":" + fn.col;
  }

  private boolean frozen;

  void freeze() {
    if (frozen) {
      return;
    }
    frozen = true;
    for (Object d : defaults) {
      if (d != null) {
        Starlark.freeze(d);
      }
    }
    for (Env e = closure; e != null; e = e.parent) {
      e.vars.values().forEach(Starlark::freeze);
    }
  }
}
