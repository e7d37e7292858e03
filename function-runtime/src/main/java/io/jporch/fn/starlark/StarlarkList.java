package io.jporch.fn.starlark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A Starlark list: mutable until frozen. */
public final class StarlarkList extends Mutable {
  final ArrayList<Object> elems;

  public StarlarkList() {
    this.elems = new ArrayList<>();
  }

  public StarlarkList(Collection<?> elems) {
    this.elems = new ArrayList<>(elems);
  }

  /** An unmodifiable view of the elements. */
  public List<Object> elements() {
    return java.util.Collections.unmodifiableList(elems);
  }

  public int size() {
    return elems.size();
  }

  public Object get(int i) {
    return elems.get(i);
  }

  /** Appends, as {@code list.append} does. */
  public void add(Object v) {
    checkMutable("append to");
    elems.add(v);
  }

  @Override
  void freezeContents() {
    elems.forEach(Starlark::freeze);
  }
}
