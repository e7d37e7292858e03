package io.jporch.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jporch.core.api.ApiGroups;
import io.jporch.core.api.PackageRevision;
import io.jporch.core.api.meta.KubeList;
import io.jporch.core.api.meta.ListMeta;
import io.jporch.core.util.Json;
import io.jporch.server.rest.ApiResult;
import io.jporch.server.rest.porch.PorchTables;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JSON objects and lists are written straight from the model; the bytes must be exactly those of
 * the tree route that Tables, metadata-only and YAML still take.
 */
class RenderedTest {
  private static final String REVISION =
      """
      {"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision",
       "metadata":{"name":"blueprints.hello.v1","namespace":"default","uid":"5f0c",
         "resourceVersion":"abc","creationTimestamp":"2026-01-02T03:04:05Z",
         "labels":{"kpt.dev/latest-revision":"true","team":"a&b <c>"},
         "annotations":{"note":"multi\\nline \\u00e9"},"finalizers":["x/y"]},
       "spec":{"packageName":"hello","repository":"blueprints","workspaceName":"v1","revision":1,
         "lifecycle":"Published","tasks":[{"type":"init","init":{"description":"d"}}],
         "readinessGates":[{"conditionType":"Ready"}],
         "packageMetadata":{"labels":{"l":"v"}}},
       "status":{"publishedBy":"me","publishedAt":"2026-01-02T03:04:05Z",
         "conditions":[{"type":"Ready","status":"True","reason":"ok","message":"fine"}]}}""";

  @Test
  void jsonListIsTheSameAsThroughATree() throws Exception {
    PackageRevision revision = Json.MAPPER.readValue(REVISION, PackageRevision.class);
    KubeList<PackageRevision> list =
        new KubeList<>(
            ApiGroups.PORCH_API_VERSION,
            "PackageRevisionList",
            new ListMeta("42", null),
            List.of(revision, revision));
    for (boolean pretty : List.of(false, true)) {
      Representation json =
          new Representation(Representation.Format.JSON, Representation.Shape.OBJECT, null, pretty);
      Rendered direct =
          Rendered.result(
              new ApiResult.Collection(list),
              json,
              PorchTables.PACKAGE_REVISIONS,
              TableConverter.IncludeObject.METADATA);
      byte[] viaTree = Rendered.json(Json.MAPPER.valueToTree(list), pretty);
      assertThat(new String(direct.body(), StandardCharsets.UTF_8))
          .isEqualTo(new String(viaTree, StandardCharsets.UTF_8))
          .contains("\"team\"", "blueprints.hello.v1");
      assertThat(direct.code()).isEqualTo(200);
      assertThat(direct.contentType()).isEqualTo(json.contentType());
    }
  }

  @Test
  void aListWithoutItemsStillHasAnEmptyItemsArray() {
    KubeList<PackageRevision> list =
        new KubeList<>(ApiGroups.PORCH_API_VERSION, "PackageRevisionList", null, null);
    Rendered rendered =
        Rendered.result(
            new ApiResult.Collection(list),
            Representation.JSON,
            PorchTables.PACKAGE_REVISIONS,
            TableConverter.IncludeObject.METADATA);
    assertThat(new String(rendered.body(), StandardCharsets.UTF_8)).contains("\"items\":[]");
  }

  @Test
  void singleObjectKeepsItsCode() throws Exception {
    PackageRevision revision = Json.MAPPER.readValue(REVISION, PackageRevision.class);
    Rendered created =
        Rendered.result(
            ApiResult.created(revision),
            Representation.JSON,
            PorchTables.PACKAGE_REVISIONS,
            TableConverter.IncludeObject.METADATA);
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.body()).isEqualTo(Rendered.json(Json.MAPPER.valueToTree(revision), false));
  }
}
