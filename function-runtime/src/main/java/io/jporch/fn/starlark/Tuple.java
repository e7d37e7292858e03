package io.jporch.fn.starlark;

import java.util.List;

/** A Starlark tuple: an immutable sequence (hashable if its elements are). */
public record Tuple(List<Object> elems) {
  public static final Tuple EMPTY = new Tuple(List.of());

  public Tuple {
    elems = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(elems));
  }

  static Tuple of(Object... xs) {
    return new Tuple(java.util.Arrays.asList(xs));
  }

  @Override
  public String toString() {
    return Starlark.repr(this);
  }
}
