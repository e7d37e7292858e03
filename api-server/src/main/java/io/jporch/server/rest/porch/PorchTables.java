package io.jporch.server.rest.porch;

import static io.jporch.server.rest.TableCells.number;
import static io.jporch.server.rest.TableCells.text;

import io.jporch.core.api.ApiGroups;
import io.jporch.server.rest.TableCells;
import io.jporch.server.rest.TableDefinition;
import io.jporch.server.rest.TableDefinition.Column;
import java.util.List;

/**
 * Server-side table columns of the porch.kpt.dev resources, exactly as Porch's table convertors
 * declare them (pkg/registry/porch/table.go; 01-api §6). No Age column, all priority 0.
 */
public final class PorchTables {
  private static final String NAME_DESCRIPTION =
      "Name must be unique within a namespace. Is required when creating resources, although some"
          + " resources may allow a client to request the generation of an appropriate name"
          + " automatically. Name is primarily intended for creation idempotence and configuration"
          + " definition. Cannot be updated. More info:"
          + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

  public static final TableDefinition PACKAGE_REVISIONS =
      new TableDefinition(
          List.of(
              Column.of("Name", "string", o -> text(o, "metadata.name")),
              Column.of("Package", "string", o -> text(o, "spec.packageName")),
              Column.of("WorkspaceName", "string", o -> text(o, "spec.workspaceName")),
              Column.of("Revision", "int", o -> number(o, "spec.revision")),
              Column.of(
                  "Latest",
                  "boolean",
                  o -> "true".equals(TableCells.label(o, ApiGroups.LATEST_REVISION_LABEL))),
              Column.of("Lifecycle", "string", o -> text(o, "spec.lifecycle")),
              Column.of("Repository", "string", o -> text(o, "spec.repository"))));

  public static final TableDefinition PACKAGE_REVISION_RESOURCES =
      new TableDefinition(
          List.of(
              Column.of("Name", "string", o -> text(o, "metadata.name")),
              Column.of("Package", "string", o -> text(o, "spec.packageName")),
              Column.of("WorkspaceName", "string", o -> text(o, "spec.workspaceName")),
              Column.of("Revision", "int", o -> number(o, "spec.revision")),
              Column.of("Repository", "string", o -> text(o, "spec.repository")),
              Column.of("Files", "integer", o -> TableCells.at(o, "spec.resources").size())));

  public static final TableDefinition PACKAGES =
      new TableDefinition(
          List.of(
              Column.of("Name", "string", o -> text(o, "metadata.name")),
              Column.of("Package", "string", o -> text(o, "spec.packageName")),
              Column.of("Repository", "string", o -> text(o, "spec.repository")),
              Column.of("Latest Revision", "int", o -> number(o, "status.latestRevision"))));

  /**
   * The generic API server's default table (Name, Created At), used for the approval subresource.
   */
  public static final TableDefinition DEFAULT =
      new TableDefinition(
          List.of(
              new Column(
                  "Name", "string", "name", NAME_DESCRIPTION, 0, o -> text(o, "metadata.name")),
              new Column(
                  "Created At",
                  "date",
                  "",
                  "CreationTimestamp is a timestamp representing the server time when this object was"
                      + " created.",
                  0,
                  o -> text(o, "metadata.creationTimestamp"))));

  private PorchTables() {}

  /** The Name column description kube-apiserver uses. */
  public static String nameDescription() {
    return NAME_DESCRIPTION;
  }
}
