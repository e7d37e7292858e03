package io.jporch.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jporch.core.util.Json;
import io.jporch.server.PorchServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jporch's generated porch.kpt.dev/v1alpha1 schemas against Porch's own generated OpenAPI (test
 * resource derived from Porch's zz_generated.openapi.go by tools/openapi/goopenapi.py): the same
 * definitions, properties, types, formats, references, required fields and descriptions. jporch
 * adds enums and leaves out kube-openapi's zero-value defaults; nothing else may differ.
 */
class OpenApiFidelityTest {
  private static final String PREFIX = "com.github.nephio-project.porch.api.porch.v1alpha1.";
  private static final List<String> ROOTS =
      List.of(
          "PackageRevision",
          "PackageRevisionList",
          "PackageRevisionResources",
          "PackageRevisionResourcesList",
          "PorchPackage",
          "PorchPackageList");

  static JsonNode porch;
  static JsonNode ours;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        OpenApiFidelityTest.class.getResourceAsStream("/openapi/porch-v1alpha1-definitions.json")) {
      porch = Json.MAPPER.readTree(in);
    }
    OpenApiDocuments docs = new OpenApiDocuments(PorchServer.kinds());
    ours =
        docs.v3("porch.kpt.dev", "v1alpha1")
            .orElseThrow()
            .json()
            .path("components")
            .path("schemas");
  }

  @Test
  void publishesExactlyTheDefinitionsPorchsKindsReach() {
    Set<String> expected = new TreeSet<>();
    Deque<String> pending = new ArrayDeque<>();
    ROOTS.forEach(r -> pending.push(PREFIX + r));
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (name.startsWith(PREFIX) && expected.add(name)) {
        refs(porch.get(name), pending);
      }
    }
    Set<String> actual = new TreeSet<>();
    ours.fieldNames()
        .forEachRemaining(
            n -> {
              if (n.startsWith(PREFIX)) {
                actual.add(n);
              }
            });
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void everyDefinitionMatchesPorch() {
    List<String> differences = new ArrayList<>();
    ours.fieldNames()
        .forEachRemaining(
            name -> {
              if (name.startsWith(PREFIX)) {
                compare(name, porch.get(name), ours.get(name), differences);
              }
            });
    assertThat(differences).isEmpty();
  }

  @Test
  void kindsCarryTheirGroupVersionKind() {
    for (String root : ROOTS) {
      JsonNode gvk = ours.path(PREFIX + root).path("x-kubernetes-group-version-kind");
      assertThat(gvk).as(root).hasSize(1);
      assertThat(gvk.get(0).path("group").asText()).isEqualTo("porch.kpt.dev");
      assertThat(gvk.get(0).path("version").asText()).isEqualTo("v1alpha1");
      assertThat(gvk.get(0).path("kind").asText()).isEqualTo(root);
    }
  }

  private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (expected == null) {
      out.add(path + ": not in Porch's schema");
      return;
    }
    String er = ref(expected);
    String ar = ref(actual);
    if (er != null || ar != null) {
      if (er == null || !er.equals(ar)) {
        out.add(path + ": $ref " + ar + ", Porch: " + er);
      }
    } else {
      same(path, "type", expected, actual, out);
      same(path, "format", expected, actual, out);
    }
    same(path, "description", expected, actual, out);
    if (!set(expected.get("required")).equals(set(actual.get("required")))) {
      out.add(
          path + ": required " + actual.get("required") + ", Porch: " + expected.get("required"));
    }
    Set<String> ep = names(expected.get("properties"));
    Set<String> ap = names(actual.get("properties"));
    if (!ep.equals(ap)) {
      out.add(path + ": properties " + ap + ", Porch: " + ep);
    }
    for (String p : ep) {
      if (ap.contains(p)) {
        compare(
            path + "." + p,
            expected.get("properties").get(p),
            actual.get("properties").get(p),
            out);
      }
    }
    for (String nested : List.of("items", "additionalProperties")) {
      if (expected.has(nested) || actual.has(nested)) {
        if (!expected.has(nested) || !actual.has(nested)) {
          out.add(path + ": " + nested + " present only on one side");
        } else {
          compare(path + "[" + nested + "]", expected.get(nested), actual.get(nested), out);
        }
      }
    }
  }

  private static void same(String path, String field, JsonNode e, JsonNode a, List<String> out) {
    String ev = e.path(field).asText(null);
    String av = a.path(field).asText(null);
    if (ev == null ? av != null : !ev.equals(av)) {
      out.add(path + ": " + field + " <" + av + ">, Porch: <" + ev + ">");
    }
  }

  private static String ref(JsonNode schema) {
    if (schema.has("$ref")) {
      return schema.get("$ref").asText();
    }
    JsonNode allOf = schema.get("allOf");
    return allOf != null && allOf.size() == 1 ? allOf.get(0).path("$ref").asText(null) : null;
  }

  private static Set<String> set(JsonNode array) {
    Set<String> result = new TreeSet<>();
    if (array != null) {
      array.forEach(n -> result.add(n.asText()));
    }
    return result;
  }

  private static Set<String> names(JsonNode object) {
    Set<String> result = new TreeSet<>();
    if (object != null) {
      object.fieldNames().forEachRemaining(result::add);
    }
    return result;
  }

  private static void refs(JsonNode node, Deque<String> out) {
    if (node == null) {
      return;
    }
    if (node.isObject() && node.has("$ref")) {
      String ref = node.get("$ref").asText();
      out.push(ref.substring(ref.lastIndexOf('/') + 1));
    }
    node.forEach(child -> refs(child, out));
  }
}
