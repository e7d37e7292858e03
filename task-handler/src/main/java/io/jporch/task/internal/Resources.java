package io.jporch.task.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** Which files render reads as KRM resources, and what makes a document a KRM resource. */
final class Resources {
  private Resources() {}

  /** {@code Kptfile}, {@code *.yaml} and {@code *.yml} files. */
  static boolean isResourceFile(String path) {
    String name = Paths.basename(path);
    return name.equals(Kptfiles.FILE_NAME) || name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /** Kustomization files need not be KRM objects. */
  static boolean isKustomization(String path) {
    String name = Paths.basename(path);
    return name.equals("kustomization.yaml")
        || name.equals("kustomization.yml")
        || name.equals("Kustomization");
  }

  /** Null for a KRM object, else kyaml's reason ({@code resource must have `kind`}, ...). */
  static String krmProblem(JsonNode doc) {
    if (doc == null || !doc.isObject()) {
      return "resource must be a YAML object";
    }
    if (doc.path("apiVersion").asText("").isEmpty()) {
      return "resource must have `apiVersion`";
    }
    if (doc.path("kind").asText("").isEmpty()) {
      return "resource must have `kind`";
    }
    if (doc.path("metadata").path("name").asText("").isEmpty()) {
      return "resource must have `metadata.name`";
    }
    return null;
  }
}
