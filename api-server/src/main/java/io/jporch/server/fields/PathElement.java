package io.jporch.server.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jporch.core.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One step of a field path, as structured-merge-diff defines it: a field name ({@code f:}), the key
 * fields of an associative-list item ({@code k:}), the value of a set item ({@code v:}) or a list
 * index ({@code i:}). Field names sort first, then keys, values and indexes.
 */
public sealed interface PathElement extends Comparable<PathElement> {

  /** {@code .name}. */
  record Field(String name) implements PathElement {}

  /** {@code [k1=v1,k2=v2]}: the key fields of a list item, sorted by name. */
  record Key(List<KeyField> fields) implements PathElement {
    public Key {
      List<KeyField> sorted = new ArrayList<>(fields);
      sorted.sort(Comparator.comparing(KeyField::name));
      fields = List.copyOf(sorted);
    }
  }

  /** One key field of a {@link Key}. */
  record KeyField(String name, JsonNode value) {}

  /** {@code [=value]}: an item of a set of scalars. */
  record Value(JsonNode value) implements PathElement {}

  /** {@code [i]}: a position in a list. */
  record Index(int index) implements PathElement {}

  static PathElement field(String name) {
    return new Field(name);
  }

  @Override
  default int compareTo(PathElement other) {
    int r = rank(this) - rank(other);
    if (r != 0) {
      return r;
    }
    return switch (this) {
      case Field f -> f.name().compareTo(((Field) other).name());
      case Key k -> compareKeys(k, (Key) other);
      case Value v -> JsonValues.compare(v.value(), ((Value) other).value());
      case Index i -> Integer.compare(i.index(), ((Index) other).index());
    };
  }

  /** Equality by the same rules as the ordering (numbers compare by value). */
  default boolean same(PathElement other) {
    return compareTo(other) == 0;
  }

  /** The human-readable form used in conflict messages ({@code .spec}, {@code [uid="x"]}). */
  default String display() {
    return switch (this) {
      case Field f -> "." + f.name();
      case Key k -> {
        List<String> parts = new ArrayList<>();
        k.fields().forEach(kf -> parts.add(kf.name() + "=" + JsonValues.toText(kf.value())));
        yield "[" + String.join(",", parts) + "]";
      }
      case Value v -> "[=" + JsonValues.toText(v.value()) + "]";
      case Index i -> "[" + i.index() + "]";
    };
  }

  /**
   * The {@code FieldsV1} key: {@code f:name}, {@code k:{"uid":"x"}}, {@code v:"a"}, {@code i:0}.
   */
  default String serialize() {
    return switch (this) {
      case Field f -> "f:" + f.name();
      case Key k -> {
        ObjectNode object = Json.MAPPER.createObjectNode();
        k.fields().forEach(kf -> object.set(kf.name(), kf.value()));
        yield "k:" + JsonValues.compact(object);
      }
      case Value v -> "v:" + JsonValues.compact(v.value());
      case Index i -> "i:" + i.index();
    };
  }

  /** Parses a {@code FieldsV1} key. */
  static PathElement parse(String text) {
    if (text.length() < 2 || text.charAt(1) != ':') {
      throw new IllegalArgumentException("invalid path element \"" + text + "\"");
    }
    String body = text.substring(2);
    try {
      return switch (text.charAt(0)) {
        case 'f' -> new Field(body);
        case 'v' -> new Value(Json.MAPPER.readTree(body));
        case 'i' -> new Index(Integer.parseInt(body));
        case 'k' -> {
          JsonNode object = Json.MAPPER.readTree(body);
          if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("invalid key path element \"" + text + "\"");
          }
          List<KeyField> fields = new ArrayList<>();
          object.fields().forEachRemaining(e -> fields.add(new KeyField(e.getKey(), e.getValue())));
          yield new Key(fields);
        }
        default -> throw new IllegalArgumentException("unknown path element type \"" + text + "\"");
      };
    } catch (IOException | NumberFormatException e) {
      throw new IllegalArgumentException("invalid path element \"" + text + "\"", e);
    }
  }

  private static int rank(PathElement e) {
    return switch (e) {
      case Field f -> 0;
      case Key k -> 1;
      case Value v -> 2;
      case Index i -> 3;
    };
  }

  private static int compareKeys(Key a, Key b) {
    for (int i = 0; i < Math.min(a.fields().size(), b.fields().size()); i++) {
      KeyField x = a.fields().get(i);
      KeyField y = b.fields().get(i);
      int c = x.name().compareTo(y.name());
      if (c != 0) {
        return c;
      }
      c = JsonValues.compare(x.value(), y.value());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.fields().size(), b.fields().size());
  }
}
