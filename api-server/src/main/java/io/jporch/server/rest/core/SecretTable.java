package io.jporch.server.rest.core;

import static io.jporch.server.rest.TableCells.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.rest.TableCells;
import io.jporch.server.rest.TableDefinition;
import io.jporch.server.rest.TableDefinition.Column;
import io.jporch.server.rest.config.RepositoryTable;
import io.jporch.server.rest.porch.PorchTables;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** kube-apiserver's table for Secrets: Name, Type, Data (number of keys), Age. */
final class SecretTable {
  static final TableDefinition TABLE =
      new TableDefinition(
          List.of(
              new Column(
                  "Name",
                  "string",
                  "name",
                  PorchTables.nameDescription(),
                  0,
                  o -> text(o, "metadata.name")),
              new Column("Type", "string", "", "", 0, o -> text(o, "type")),
              new Column("Data", "integer", "", "", 0, SecretTable::dataCount),
              new Column("Age", "string", "", "", 0, SecretTable::age)));

  private SecretTable() {}

  private static Object dataCount(JsonNode object) {
    JsonNode data = TableCells.at(object, "data");
    return data.isObject() ? data.size() : 0;
  }

  private static Object age(JsonNode object) {
    String timestamp = text(object, "metadata.creationTimestamp");
    if (timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      return RepositoryTable.humanDuration(
          Duration.between(Instant.parse(timestamp), Instant.now()));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }
}
