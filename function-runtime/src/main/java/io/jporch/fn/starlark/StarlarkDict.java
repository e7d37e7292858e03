package io.jporch.fn.starlark;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Starlark dict: insertion-ordered, mutable until frozen, keys must be hashable. */
public final class StarlarkDict extends Mutable {
  final LinkedHashMap<Object, Object> map = new LinkedHashMap<>();

  public StarlarkDict() {}

  /** An unmodifiable view of the entries. */
  public Map<Object, Object> entries() {
    return java.util.Collections.unmodifiableMap(map);
  }

  public int size() {
    return map.size();
  }

  /** The value for {@code key}, or null when absent. */
  public Object get(Object key) {
    Starlark.checkHashable(key);
    return map.get(Starlark.key(key));
  }

  /** {@code d[key] = value}. */
  public void put(Object key, Object value) {
    Starlark.checkHashable(key);
    checkMutable("insert into");
    map.put(Starlark.key(key), value);
  }

  @Override
  void freezeContents() {
    map.values().forEach(Starlark::freeze);
  }
}
