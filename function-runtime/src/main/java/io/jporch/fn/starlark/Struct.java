package io.jporch.fn.starlark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable record of named fields, like starlark-go's {@code starlarkstruct.Struct} (type
 * "struct"), also used for modules (type "module"). The field values themselves may be mutable.
 */
public final class Struct {
  private final String type;
  private final String name;
  private final Map<String, Object> fields;

  private Struct(String type, String name, Map<String, Object> fields) {
    this.type = type;
    this.name = name;
    this.fields = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(fields));
  }

  /** A struct with the given fields. */
  public static Struct of(Map<String, Object> fields) {
    return new Struct("struct", "struct", new LinkedHashMap<>(fields));
  }

  /** A module named {@code name}. */
  public static Struct module(String name, Map<String, Object> members) {
    return new Struct("module", name, new LinkedHashMap<>(members));
  }

  String type() {
    return type;
  }

  String name() {
    return name;
  }

  /** The fields, sorted by name. */
  public Map<String, Object> fields() {
    return fields;
  }

  void freeze() {
    fields.values().forEach(Starlark::freeze);
  }
}
