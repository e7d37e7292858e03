package io.jporch.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;

/**
 * The columns of a resource's server-side table ({@code kubectl get}): one cell function per
 * column, evaluated on the object's JSON form.
 */
public record TableDefinition(List<Column> columns) {
  public TableDefinition {
    columns = List.copyOf(columns);
  }

  /** One column: definition fields as in meta.k8s.io TableColumnDefinition plus the cell. */
  public record Column(
      String name,
      String type,
      String format,
      String description,
      int priority,
      Function<JsonNode, Object> cell) {

    public static Column of(String name, String type, Function<JsonNode, Object> cell) {
      return new Column(name, type, "", "", 0, cell);
    }
  }
}
