package io.jporch.server.rest.config;

import static io.jporch.server.rest.TableCells.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.server.rest.TableCells;
import io.jporch.server.rest.TableDefinition;
import io.jporch.server.rest.TableDefinition.Column;
import io.jporch.server.rest.porch.PorchTables;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * The table kube-apiserver builds for the Repository CRD: Name plus the CRD's printer columns
 * (Type, Content, Sync schedule, Deployment, Ready, Address, Branch, Age; 01-api §3.1). Absent
 * values are null cells, Age is a human duration, and each column is described by its JSONPath, as
 * in the CRD table convertor.
 */
public final class RepositoryTable {
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
              column("Type", "string", ".spec.type", o -> optionalText(o, "spec.type")),
              column("Content", "string", ".spec.content", o -> optionalText(o, "spec.content")),
              column(
                  "Sync schedule",
                  "string",
                  ".spec.sync.schedule",
                  o -> optionalText(o, "spec.sync.schedule")),
              column("Deployment", "boolean", ".spec.deployment", RepositoryTable::deployment),
              column(
                  "Ready",
                  "string",
                  ".status.conditions[?(@.type=='Ready')].status",
                  RepositoryTable::ready),
              column(
                  "Address",
                  "string",
                  ".spec['git','oci']['repo','registry']",
                  RepositoryTable::address),
              column(
                  "Branch", "string", ".spec.git.branch", o -> optionalText(o, "spec.git.branch")),
              column(
                  "Age",
                  "date",
                  ".metadata.creationTimestamp",
                  o -> age(text(o, "metadata.creationTimestamp")))));

  private RepositoryTable() {}

  /**
   * A printer column as kube-apiserver's CRD table convertor declares it: without a description of
   * its own, the column is described by its JSONPath.
   */
  private static Column column(
      String name, String type, String jsonPath, Function<JsonNode, Object> cell) {
    return new Column(
        name,
        type,
        "",
        "Custom resource definition column (in JSONPath format): " + jsonPath,
        0,
        cell);
  }

  private static Object optionalText(JsonNode object, String path) {
    JsonNode node = TableCells.at(object, path);
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  private static Object deployment(JsonNode object) {
    JsonNode node = TableCells.at(object, "spec.deployment");
    return node.isBoolean() ? node.asBoolean() : null;
  }

  private static Object ready(JsonNode object) {
    for (JsonNode condition : TableCells.at(object, "status.conditions")) {
      if ("Ready".equals(condition.path("type").asText())) {
        return condition.path("status").asText();
      }
    }
    return null;
  }

  private static Object address(JsonNode object) {
    Object git = optionalText(object, "spec.git.repo");
    return git != null ? git : optionalText(object, "spec.oci.registry");
  }

  private static Object age(String timestamp) {
    if (timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      return humanDuration(Duration.between(Instant.parse(timestamp), Instant.now()));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  /** Port of k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
  public static String humanDuration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
