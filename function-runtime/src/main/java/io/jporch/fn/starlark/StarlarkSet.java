package io.jporch.fn.starlark;

import java.util.LinkedHashSet;

/**
 * A Starlark set (enabled by {@link StarlarkOptions#allowSet()}): insertion-ordered, hashable
 * elements.
 */
public final class StarlarkSet extends Mutable {
  final LinkedHashSet<Object> elems = new LinkedHashSet<>();

  public int size() {
    return elems.size();
  }

  boolean contains(Object x) {
    Starlark.checkHashable(x);
    return elems.contains(Starlark.key(x));
  }

  void add(Object x) {
    Starlark.checkHashable(x);
    checkMutable("insert into");
    elems.add(Starlark.key(x));
  }

  @Override
  void freezeContents() {}
}
