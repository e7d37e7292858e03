package io.jporch.server.support;

import io.jporch.server.PorchServer;
import io.jporch.server.fields.SchemaNode;
import io.jporch.server.fields.Schemas;
import io.jporch.server.openapi.OpenApiDocuments;

/** The schemas the server publishes, for tests of patches and field management. */
public final class TestSchemas {
  public static final Schemas SCHEMAS =
      new Schemas(new OpenApiDocuments(PorchServer.kinds()).v2().json());

  private TestSchemas() {}

  public static SchemaNode packageRevision() {
    return SCHEMAS.kind("porch.kpt.dev", "v1alpha1", "PackageRevision").orElseThrow();
  }

  public static SchemaNode repository() {
    return SCHEMAS.kind("config.porch.kpt.dev", "v1alpha1", "Repository").orElseThrow();
  }
}
