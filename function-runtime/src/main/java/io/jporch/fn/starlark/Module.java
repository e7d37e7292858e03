package io.jporch.fn.starlark;

import java.util.LinkedHashMap;
import java.util.Map;

/** One executed file: its name, its globals and the predeclared names it sees. */
final class Module {
  final String file;
  final Map<String, Object> predeclared;
  final LinkedHashMap<String, Object> globals = new LinkedHashMap<>();

  Module(String file, Map<String, Object> predeclared) {
    this.file = file;
    this.predeclared = predeclared;
  }
}
