package io.jporch.fn.starlark;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The iterable views of a string returned by {@code elems}, {@code elem_ords}, {@code codepoints}
 * and {@code codepoint_ords}: iterable, but with no length and no indexing, as in starlark-go.
 * Elements are UTF-16 code units here (starlark-go: UTF-8 bytes).
 */
record StringElems(String s, boolean codepoints, boolean ords) {
  String typeName() {
    return codepoints ? "string.codepoints" : "string.elems";
  }

  String method() {
    return codepoints ? (ords ? "codepoint_ords" : "codepoints") : (ords ? "elem_ords" : "elems");
  }

  List<Object> elements() {
    List<Object> out = new ArrayList<>();
    if (codepoints) {
      s.codePoints()
          .forEach(c -> out.add(ords ? BigInteger.valueOf(c) : new String(Character.toChars(c))));
    } else {
      s.chars().forEach(c -> out.add(ords ? BigInteger.valueOf(c) : String.valueOf((char) c)));
    }
    return out;
  }
}
