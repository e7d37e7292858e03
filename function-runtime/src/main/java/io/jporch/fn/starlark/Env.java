package io.jporch.fn.starlark;

import java.util.HashMap;

/** The local variables of one function call or comprehension, linked to the enclosing ones. */
final class Env {
  final Env parent;
  final HashMap<String, Object> vars = new HashMap<>();

  Env(Env parent) {
    this.parent = parent;
  }

  Env up(int depth) {
    Env e = this;
    for (int i = 0; i < depth; i++) {
      e = e.parent;
    }
    return e;
  }
}
